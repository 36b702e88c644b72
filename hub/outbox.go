package hub

import (
	"context"
	"database/sql"
	"time"

	"github.com/hcnet/hcnet/internal/relay"
)

// OutboxBatch returns the oldest rows after seq after waiting for the
// parent, in order (relay.Outbox).
func (s *Store) OutboxBatch(ctx context.Context, after int64, n int) ([]relay.Row, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT seq, subject, msg_id, envelope, path, kind FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?`, after, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []relay.Row
	for rows.Next() {
		var r relay.Row
		if err := rows.Scan(&r.Seq, &r.Subject, &r.MsgID, &r.Envelope, &r.Path, &r.Statement); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Delivered removes rows the parent acknowledged (relay.Outbox).
func (s *Store) Delivered(ctx context.Context, seqs []int64) error {
	return s.db.DeleteOutbox(ctx, seqs)
}

// OutboxDepth counts rows waiting for the parent (relay.Outbox).
func (s *Store) OutboxDepth(ctx context.Context) (int64, time.Time, error) {
	var n int64
	var oldest sql.NullString
	if err := s.db.Read.QueryRowContext(ctx, `SELECT count(*), min(enqueue_time) FROM outbox`).Scan(&n, &oldest); err != nil || !oldest.Valid {
		return n, time.Time{}, err
	}
	return n, parseTime(oldest.String), nil
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
