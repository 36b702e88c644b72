package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Batches of a durable consumer: up to ConsumeBatch messages, taken as
// they come. A batch is closed consumeLinger after its first message at
// the latest, so a record is not held back longer than that, while a
// burst fills whole batches (one fsync for many records) at once from
// the client's prefetch of consumeBuffer messages. The linger counts from
// the first message, not from the latest: counted from the latest, a
// steady trickle (2,000 records/s is one every half millisecond) kept a
// batch open until it was full, half a second.
const (
	// ConsumeBatch is the most messages a batch holds.
	ConsumeBatch  = 1000
	consumeLinger = 2 * time.Millisecond
	consumeBuffer = 2 * ConsumeBatch
	// consumeExpiry is how long one pull request waits on the server;
	// the server sends a heartbeat every half of it, and two missed ones
	// end the iterator, which fetch then opens again. The client's 30s
	// left ingest idle for half a minute after JetStream restarted
	// (natsserver.Server.WatchStore), which forgets every pending pull
	// request.
	consumeExpiry = 5 * time.Second
)

// fetch reads batches from a durable pull consumer into out until ctx
// ends, then closes out. Messages prefetched but not yet handed on when
// ctx ends are given back (nak) so a restart sees them at once instead of
// after AckWait.
func fetch(ctx context.Context, stream jetstream.Stream, cfg jetstream.ConsumerConfig, log *slog.Logger,
	out chan<- []jetstream.Msg) error {
	defer close(out)
	cons, err := stream.CreateOrUpdateConsumer(ctx, cfg)
	if err != nil {
		return fmt.Errorf("consumer %s: %w", cfg.Durable, err)
	}
	for ctx.Err() == nil {
		it, err := cons.Messages(jetstream.PullMaxMessages(consumeBuffer), jetstream.PullExpiry(consumeExpiry))
		if err == nil {
			err = readBatches(ctx, it, out)
			it.Drain()
			for {
				m, nerr := it.Next(jetstream.NextMaxWait(time.Second))
				if nerr != nil {
					break
				}
				m.Nak()
			}
		}
		if err != nil && ctx.Err() == nil {
			log.Warn("consume", "consumer", cfg.Durable, "err", err)
			pause(ctx, time.Second)
		}
	}
	return nil
}

// pause waits d or until ctx ends.
func pause(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// readBatches hands on batches until ctx ends or the iterator fails.
func readBatches(ctx context.Context, it jetstream.MessagesContext, out chan<- []jetstream.Msg) error {
	for {
		m, err := it.Next(jetstream.NextContext(ctx))
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		batch := append(make([]jetstream.Msg, 0, ConsumeBatch), m)
		closeAt := time.Now().Add(consumeLinger)
		for len(batch) < ConsumeBatch {
			// What the prefetch holds comes at once; past closeAt the
			// batch takes only that (a wait must be positive: zero is
			// none at all in the client).
			m, err := it.Next(jetstream.NextMaxWait(max(time.Until(closeAt), time.Microsecond)))
			if err != nil {
				if !errors.Is(err, nats.ErrTimeout) {
					out <- batch
					return err
				}
				break
			}
			batch = append(batch, m)
		}
		out <- batch
	}
}

// Consume reads batches from a durable pull consumer until ctx ends and
// hands each to process, which must ack what it handled, while the next
// batch is fetched: the forwarder reads the stream so, as ingest's
// pipeline does in stages of its own. A fetched batch is always
// finished, even when ctx ends meanwhile: messages left unacked would
// wait out AckWait before anyone sees them again.
func Consume(ctx context.Context, stream jetstream.Stream, cfg jetstream.ConsumerConfig, log *slog.Logger,
	process func(context.Context, []jetstream.Msg) error) error {
	batches := make(chan []jetstream.Msg, 1)
	done := make(chan error, 1)
	go func() { done <- fetch(ctx, stream, cfg, log, batches) }()
	for msgs := range batches {
		if err := process(context.WithoutCancel(ctx), msgs); err != nil {
			log.Warn("consume", "consumer", cfg.Durable, "err", err)
			pause(ctx, time.Second)
		}
	}
	return <-done
}
