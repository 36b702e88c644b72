package hub

import (
	"context"
	"database/sql"
	"time"

	"github.com/hcnet/hcnet/internal/outbox"
	"github.com/hcnet/hcnet/internal/relay"
)

// outbox is the hub's outbox table: rows for the parent with the route
// they came by (path) and, for the hub's own signed statements, the
// statement header (kind).
func (s *Store) outbox() *outbox.Table {
	return outbox.New(s.db, outbox.Columns{Path: "path", Statement: "kind"})
}

// OutboxBatch returns the oldest rows after seq after waiting for the
// parent, in order (relay.Outbox).
func (s *Store) OutboxBatch(ctx context.Context, after int64, n int) ([]relay.Row, error) {
	return s.outbox().OutboxBatch(ctx, after, n)
}

// Delivered removes rows the parent acknowledged (relay.Outbox).
func (s *Store) Delivered(ctx context.Context, seqs []int64) error {
	return s.outbox().Delivered(ctx, seqs)
}

// OutboxDepth counts rows waiting for the parent (relay.Outbox).
func (s *Store) OutboxDepth(ctx context.Context) (int64, time.Time, error) {
	return s.outbox().OutboxDepth(ctx)
}

// Setting reads one hub setting; "" when unset (relay.Settings).
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	return s.db.Setting(ctx, key)
}

// SetSettings writes settings in one transaction (relay.Settings).
func (s *Store) SetSettings(ctx context.Context, kv map[string]string) error {
	return s.db.SetSettings(ctx, kv)
}

// enqueue adds a row for the parent inside a transaction.
func enqueue(ctx context.Context, tx *sql.Tx, r relay.Row) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (subject, msg_id, envelope, path, kind, enqueue_time) VALUES (?, ?, ?, ?, ?, ?)`,
		r.Subject, r.MsgID, r.Envelope, r.Path, r.Statement, formatTime(time.Now()))
	return err
}
