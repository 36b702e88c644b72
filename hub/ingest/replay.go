package ingest

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go/jetstream"
)

// replayer applies again, once the coordinator approves a member, what
// the record stream already holds from it. Ingest quarantines a record
// whose member it does not know or has not approved, and acks it; the
// stream keeps the latest message of every record all the same. So a
// hub rebuilt by Recover, whose members wait as pending while it reads
// the stream again, gets their records when they are approved, without
// waiting for their nodes to send them again; so does a replica that
// learns of a city late. Applying keeps the highest version, so a
// replay of what the hub holds changes nothing.
type replayer struct {
	stream   jetstream.Stream
	ingest   *Ingest
	store    Store
	members  Members
	approved *Approvals
	log      *slog.Logger
}

// Approvals queues the members just approved for the replayer. It exists
// before the members it hears of (members.Config.Approved), and ingest,
// which needs those members, takes from it later (Config.Approved).
type Approvals struct {
	mu    sync.Mutex
	queue []*hcnetv1.Member
	wake  chan struct{}
}

// NewApprovals returns an empty queue.
func NewApprovals() *Approvals { return &Approvals{wake: make(chan struct{}, 1)} }

// Add queues a member just approved; Ingest.Replay replays it.
func (a *Approvals) Add(m *hcnetv1.Member) {
	a.mu.Lock()
	a.queue = append(a.queue, m)
	a.mu.Unlock()
	select {
	case a.wake <- struct{}{}:
	default:
	}
}

// take empties the queue.
func (a *Approvals) take() []*hcnetv1.Member {
	a.mu.Lock()
	defer a.mu.Unlock()
	q := a.queue
	a.queue = nil
	return q
}

// replayBatch is how many messages one replay transaction applies.
const replayBatch = 256

func newReplayer(stream jetstream.Stream, in *Ingest, store Store, members Members, approved *Approvals, log *slog.Logger) *replayer {
	return &replayer{stream: stream, ingest: in, store: store, members: members, approved: approved, log: log}
}

// run replays queued members until ctx ends.
func (r *replayer) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.approved.wake:
		}
		for _, m := range r.approved.take() {
			n, err := r.replay(ctx, m)
			switch {
			case err != nil && ctx.Err() == nil:
				r.log.Warn("replaying an approved member's records from the stream", "member", m.GetCountry()+"/"+m.GetCityId(), "err", err)
			case n > 0:
				r.log.Info("applied an approved member's records from the stream", "member", m.GetCountry()+"/"+m.GetCityId(), "messages", n)
			}
		}
	}
}

// replay applies what the stream holds from m: a city's records, or a
// member hub's attestations and then the records of its country, which
// verify against the keys the attestations carry. Returns how many
// messages verified.
func (r *replayer) replay(ctx context.Context, m *hcnetv1.Member) (int, error) {
	passes := [][]string{{subject.City(m.GetCountry(), m.GetCityId())}}
	if m.GetHub() {
		all := subject.Country(m.GetCountry())
		passes = [][]string{all[1:], all[:1]} // attestations first
	}
	n := 0
	for _, filters := range passes {
		k, err := r.pass(ctx, filters)
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// pass reads the messages on filters with an ordered consumer, verifies
// each as ingest does, and applies those that verify, in batches.
func (r *replayer) pass(ctx context.Context, filters []string) (int, error) {
	cons, err := r.stream.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{FilterSubjects: filters})
	if err != nil {
		return 0, err
	}
	pending := cons.CachedInfo().NumPending
	n := 0
	for seen := uint64(0); seen < pending; {
		// Ask for no more than is left: a fetch waits until it has as
		// many as it asked for, or for its deadline.
		batch, err := cons.Fetch(int(min(replayBatch, pending-seen)), jetstream.FetchMaxWait(5*time.Second))
		if err != nil {
			return n, err
		}
		var ok []store.Incoming
		got := 0
		now := time.Now()
		for msg := range batch.Messages() {
			got++
			if in := r.ingest.Check(msg.Subject(), msg.Headers(), msg.Data(), now); in.Reason == "" {
				ok = append(ok, in)
			}
		}
		if err := batch.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) {
			return n, err
		}
		if got == 0 {
			return n, nil // fewer than counted: some expired meanwhile
		}
		seen += uint64(got)
		if len(ok) == 0 {
			continue
		}
		res, err := r.store.Apply(ctx, ok)
		if err != nil {
			return n, err
		}
		n += len(ok)
		if res.Attested > 0 {
			if err := r.members.Reload(ctx); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}
