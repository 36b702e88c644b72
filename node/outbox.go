package node

import (
	"context"
	"database/sql"
	"time"

	"github.com/hcnet/hcnet/internal/relay"
)

// OutboxBatch returns the oldest undelivered envelopes after seq after,
// in write order (relay.Outbox).
func (s *Store) OutboxBatch(ctx context.Context, after int64, n int) ([]relay.Row, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT seq, subject, msg_id, envelope FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?`, after, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []relay.Row
	for rows.Next() {
		var r relay.Row
		if err := rows.Scan(&r.Seq, &r.Subject, &r.MsgID, &r.Envelope); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Delivered removes acknowledged envelopes (relay.Outbox).
func (s *Store) Delivered(ctx context.Context, seqs []int64) error {
	return s.db.DeleteOutbox(ctx, seqs)
}

// OutboxDepth counts waiting envelopes and gives the oldest one's time
// (relay.Outbox).
func (s *Store) OutboxDepth(ctx context.Context) (int64, time.Time, error) {
	var n int64
	var oldest sql.NullString
	err := s.db.Read.QueryRowContext(ctx, `SELECT count(*), min(enqueue_time) FROM outbox`).Scan(&n, &oldest)
	if err != nil || !oldest.Valid {
		return n, time.Time{}, err
	}
	t, _ := time.Parse(time.RFC3339Nano, oldest.String)
	return n, t, nil
}
