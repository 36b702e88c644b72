package ingest

import (
	"context"
	"errors"
	"time"

	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/internal/subject"
	"github.com/nats-io/nats.go/jetstream"
)

// The ingest pipeline has three stages, each on its own goroutine, so
// that fetching batch N+2, verifying batch N+1 (on every core) and
// committing batch N overlap:
//
//	fetch ─▶ verify ─▶ commit and ack
//
// The one committer writes batches in the order they were fetched. When
// it falls behind, it commits the verified batches waiting for it
// together, up to ingestCommitMax records: one fsync for all of them.
const (
	ingestCommitMax = 4 * ConsumeBatch
	// ingestMaxAckPending bounds the messages delivered and not yet
	// acked: the prefetch, the batches in the pipeline, and the records
	// deferred by a member's rate limit.
	ingestMaxAckPending = 64 * ConsumeBatch
)

// verified is a batch after the verify stage.
type verified struct {
	msgs []jetstream.Msg
	in   []store.Incoming
	// committed, when set, gets the commit's outcome: the verifier waits
	// for it after a batch of attestations, since records behind them
	// verify against the keys they vouch for.
	committed chan error
}

func (in *Ingest) pipeline(ctx context.Context, stream jetstream.Stream, cfg jetstream.ConsumerConfig) error {
	fetched := make(chan []jetstream.Msg, 1)
	checked := make(chan verified, 2)
	fetchErr := make(chan error, 1)
	go func() { fetchErr <- fetch(ctx, stream, cfg, in.log, fetched) }()
	go func() {
		defer close(checked)
		for msgs := range fetched {
			in.verifyStage(msgs, checked)
		}
	}()
	in.commitStage(ctx, checked)
	return <-fetchErr
}

// verifyStage defers what is over a member's rate, then verifies the
// rest: attestations first, committed before the records behind them
// are verified, as a city they vouch for may sign some of those.
func (in *Ingest) verifyStage(msgs []jetstream.Msg, out chan<- verified) {
	msgs = in.limit.admit(msgs, time.Now())
	var atts, recs []jetstream.Msg
	for _, m := range msgs {
		if p, _ := subject.Parse(m.Subject()); p.Space == subject.SpaceAttestation {
			atts = append(atts, m)
		} else {
			recs = append(recs, m)
		}
	}
	if len(atts) > 0 {
		v := verified{msgs: atts, in: in.CheckAll(atts), committed: make(chan error, 1)}
		out <- v
		if err := <-v.committed; err != nil {
			// Without the keys they carry, the records would be
			// quarantined: give them back to come again with the
			// attestations.
			for _, m := range recs {
				m.Nak()
			}
			return
		}
	}
	if len(recs) > 0 {
		out <- verified{msgs: recs, in: in.CheckAll(recs)}
	}
}

// commitStage applies verified batches in order and acks them once
// committed. A batch that fails to commit is not acked: JetStream
// delivers it again after AckWait.
func (in *Ingest) commitStage(ctx context.Context, checked <-chan verified) {
	for v := range checked {
		group := []verified{v}
		n := len(v.in)
		// Take the batches already waiting, up to ingestCommitMax
		// records; a batch others must wait for ends the group.
	more:
		for v.committed == nil && n < ingestCommitMax {
			select {
			case w, ok := <-checked:
				if !ok {
					break more
				}
				group = append(group, w)
				n += len(w.in)
				v = w
			default:
				break more
			}
		}
		err := in.commit(context.WithoutCancel(ctx), group)
		for _, g := range group {
			if g.committed != nil {
				g.committed <- err
			}
		}
		if err != nil {
			in.log.Warn("ingest", "err", err)
			pause(ctx, time.Second)
		}
	}
}

// commit writes a group of verified batches in one transaction, then
// acks their messages.
func (in *Ingest) commit(ctx context.Context, group []verified) error {
	batch := group[0].in
	if len(group) > 1 {
		batch = nil
		for _, g := range group {
			batch = append(batch, g.in...)
		}
	}
	// Here, not when verifying: every batch before this one has
	// committed, so what a member holds is read exactly.
	in.quota.admit(batch)
	res, err := in.store.Apply(ctx, batch)
	if err != nil {
		return err // not acked: redelivered after AckWait
	}
	if res.Attested > 0 {
		if err := in.members.Reload(ctx); err != nil {
			return err
		}
	}
	var ackErr error
	for _, g := range group {
		for _, m := range g.msgs {
			if err := m.Ack(); err != nil {
				ackErr = errors.Join(ackErr, err)
			}
		}
	}
	in.mu.Lock()
	in.stats.Batches++
	in.stats.Upserted += int64(res.Upserted)
	in.stats.Deleted += int64(res.Deleted)
	in.stats.Stale += int64(res.Stale)
	in.stats.Quarantined += int64(res.Quarantined)
	in.stats.Dropped += int64(res.Dropped)
	in.stats.LastBatch = time.Now()
	in.mu.Unlock()
	if res.Dropped > 0 {
		for _, b := range batch {
			if b.Foreign {
				in.dropped.note(in.log, res.Dropped, b.Subject, b.Reason)
				break
			}
		}
	}
	if res.Quarantined > 0 {
		in.log.Warn("ingest quarantined records", "count", res.Quarantined)
	}
	return ackErr
}
