package outbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/hcnet/hcnet/internal/relay"
	"github.com/hcnet/hcnet/internal/sqlitedb"
)

// Columns names where a role's outbox keeps what a relay.Row carries
// beyond its envelope; "" where the table has no such column. A node's
// rows carry neither (they go to its own hub, as the city signed them);
// a hub's carry the route they came by and, for a hub's own signed
// statement, the statement header.
type Columns struct {
	Path      string // relay.Row.Path
	Statement string // relay.Row.Statement
	// Record is the column naming the record a row is a version of, for
	// Pending; a node keeps one, a hub's rows name only a subject.
	Record string
}

// Table is one database's outbox table (seq INTEGER PRIMARY KEY, subject,
// msg_id, envelope, enqueue_time, and the Columns). It is a relay.Outbox.
type Table struct {
	db     *sqlitedb.DB
	batch  string // the query of OutboxBatch
	path   bool
	stmt   bool
	record string
}

// New reads and deletes rows of db's outbox table, with cols where the
// role keeps them.
func New(db *sqlitedb.DB, cols Columns) *Table {
	q := `SELECT seq, subject, msg_id, envelope`
	for _, c := range []string{cols.Path, cols.Statement} {
		if c != "" {
			q += ", " + c
		}
	}
	q += ` FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?`
	return &Table{db: db, batch: q, path: cols.Path != "", stmt: cols.Statement != "", record: cols.Record}
}

// OutboxBatch returns up to n of the oldest rows after seq after, in
// write order (relay.Outbox).
func (t *Table) OutboxBatch(ctx context.Context, after int64, n int) ([]relay.Row, error) {
	rows, err := t.db.Read.QueryContext(ctx, t.batch, after, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []relay.Row
	for rows.Next() {
		var r relay.Row
		dest := []any{&r.Seq, &r.Subject, &r.MsgID, &r.Envelope}
		if t.path {
			dest = append(dest, &r.Path)
		}
		if t.stmt {
			dest = append(dest, &r.Statement)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Delivered removes the rows the hub acknowledged, in one statement: a
// relay deletes a thousand rows at a time (relay.Outbox).
func (t *Table) Delivered(ctx context.Context, seqs []int64) error {
	if len(seqs) == 0 {
		return nil
	}
	list, err := json.Marshal(seqs)
	if err != nil {
		return err
	}
	return t.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE seq IN (SELECT value FROM json_each(?))`, string(list))
		return err
	})
}

// OutboxDepth counts waiting rows and gives the oldest one's time; the
// zero time when none waits (relay.Outbox).
func (t *Table) OutboxDepth(ctx context.Context) (int64, time.Time, error) {
	var n int64
	var oldest sql.NullString
	err := t.db.Read.QueryRowContext(ctx, `SELECT count(*), min(enqueue_time) FROM outbox`).Scan(&n, &oldest)
	if err != nil || !oldest.Valid {
		return n, time.Time{}, err
	}
	at, _ := time.Parse(time.RFC3339Nano, oldest.String)
	return n, at, nil
}
