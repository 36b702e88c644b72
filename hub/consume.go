package hub

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// consume reads batches from a durable pull consumer until ctx ends and
// hands each to process, which must ack what it handled. A fetched batch
// is always finished, even when ctx ends meanwhile: messages left unacked
// would wait out AckWait before anyone sees them again.
func consume(ctx context.Context, stream jetstream.Stream, cfg jetstream.ConsumerConfig, log *slog.Logger,
	process func(context.Context, []jetstream.Msg) error) error {
	cons, err := stream.CreateOrUpdateConsumer(ctx, cfg)
	if err != nil {
		return fmt.Errorf("consumer %s: %w", cfg.Durable, err)
	}
	for ctx.Err() == nil {
		batch, err := cons.Fetch(ingestBatch, jetstream.FetchMaxWait(ingestMaxWait))
		if err == nil {
			var msgs []jetstream.Msg
			for m := range batch.Messages() {
				msgs = append(msgs, m)
			}
			err = batch.Error()
			if len(msgs) > 0 {
				err = process(context.WithoutCancel(ctx), msgs)
			}
		}
		if err != nil && ctx.Err() == nil && !errors.Is(err, nats.ErrTimeout) {
			log.Warn("consume", "consumer", cfg.Durable, "err", err)
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
		}
	}
	return nil
}
