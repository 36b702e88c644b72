package outbox

import (
	"context"
	"fmt"
	"time"
)

// Pending maps the id of every record with a row still waiting to when
// its oldest waiting row was written. A shared record missing from the
// map has reached the hub (or has never been shared). It needs the
// table's Columns.Record: a hub's rows name a subject, not a record.
func (t *Table) Pending(ctx context.Context) (map[string]time.Time, error) {
	if t.record == "" {
		return nil, fmt.Errorf("outbox.Pending: this outbox keeps no record column")
	}
	rows, err := t.db.Read.QueryContext(ctx, `SELECT `+t.record+`, min(enqueue_time) FROM outbox GROUP BY `+t.record)
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
		ts, _ := time.Parse(time.RFC3339Nano, at)
		out[id] = ts
	}
	return out, rows.Err()
}
