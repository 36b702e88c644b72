package node

import (
	"context"
	"time"
)

// PendingRecords maps the id of every record with an envelope still in
// the outbox to when its oldest waiting envelope was written. A shared
// record missing from the map has reached the hub (or has never been
// shared); the web pages show it as delivered.
func (s *Store) PendingRecords(ctx context.Context) (map[string]time.Time, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT record_id, min(enqueue_time) FROM outbox GROUP BY record_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var id, at string
		if err := rows.Scan(&id, &at); err != nil {
			return nil, err
		}
		t, _ := time.Parse(time.RFC3339Nano, at)
		out[id] = t
	}
	return out, rows.Err()
}
