package node

import (
	"context"
	"time"

	"github.com/hcnet/hcnet/internal/outbox"
	"github.com/hcnet/hcnet/internal/relay"
)

// outbox is the node's outbox table: its rows carry no route and no
// statement, only the city's own signed envelopes.
func (s *Store) outbox() *outbox.Table { return outbox.New(s.db, outbox.Columns{}) }

// OutboxBatch returns the oldest undelivered envelopes after seq after,
// in write order (relay.Outbox).
func (s *Store) OutboxBatch(ctx context.Context, after int64, n int) ([]relay.Row, error) {
	return s.outbox().OutboxBatch(ctx, after, n)
}

// Delivered removes acknowledged envelopes (relay.Outbox).
func (s *Store) Delivered(ctx context.Context, seqs []int64) error {
	return s.outbox().Delivered(ctx, seqs)
}

// OutboxDepth counts waiting envelopes and gives the oldest one's time
// (relay.Outbox).
func (s *Store) OutboxDepth(ctx context.Context) (int64, time.Time, error) {
	return s.outbox().OutboxDepth(ctx)
}
