package hub

import (
	"context"

	"github.com/nats-io/nats.go/jetstream"
)

// What the hub's metrics read. Each call asks NATS or SQLite afresh, so
// a scrape sees the state of the moment; none of them changes anything.

// StreamInfo is the record stream's state: messages and bytes held.
func (h *Hub) StreamInfo(ctx context.Context) (*jetstream.StreamInfo, error) {
	return h.stream.Info(ctx)
}

// ConsumerInfo is the ingest consumer's state: NumPending is how many
// stream messages ingest has not fetched yet, NumAckPending how many it
// fetched and has not acknowledged (not yet committed).
func (h *Hub) ConsumerInfo(ctx context.Context) (*jetstream.ConsumerInfo, error) {
	c, err := h.stream.Consumer(ctx, h.ingestConsumer)
	if err != nil {
		return nil, err
	}
	return c.Info(ctx)
}

// RecordCounts counts the records the hub holds, by kind ("practice").
func (s *Store) RecordCounts(ctx context.Context) (map[string]int64, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT kind, count(*) FROM records GROUP BY kind`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var kind string
		var n int64
		if err := rows.Scan(&kind, &n); err != nil {
			return nil, err
		}
		out[kind] = n
	}
	return out, rows.Err()
}
