package node

import (
	"context"
	"time"

	"github.com/hcnet/hcnet/internal/outbox"
	"github.com/hcnet/hcnet/internal/relay"
)

// outbox is the node's outbox table: its rows carry no route and no
// statement, only the city's own signed envelopes, each for a record.
func (s *Store) outbox() *outbox.Table {
	return outbox.New(s.db, outbox.Columns{Record: "record_id"})
}

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

// PendingRecords maps the id of every record with an envelope still in
// the outbox to when its oldest waiting envelope was written. A shared
// record missing from the map has reached the hub (or has never been
// shared); the web pages show it as delivered.
func (s *Store) PendingRecords(ctx context.Context) (map[string]time.Time, error) {
	return s.outbox().Pending(ctx)
}
