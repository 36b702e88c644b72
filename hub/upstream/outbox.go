package upstream

import (
	"context"
	"database/sql"
	"time"

	"github.com/hcnet/hcnet/internal/outbox"
	"github.com/hcnet/hcnet/internal/relay"
)

// newOutbox is the hub's outbox table: rows for the parent with the
// route they came by (path) and, for the hub's own signed statements,
// the statement header (kind). It is the relay's relay.Outbox.
func newOutbox(s Store) *outbox.Table {
	return outbox.New(s.DB(), outbox.Columns{Path: "path", Statement: "kind"})
}

// OutboxDepth counts the rows waiting for the parent and gives the
// oldest one's time.
func (u *Upstream) OutboxDepth(ctx context.Context) (int64, time.Time, error) {
	return u.outbox.OutboxDepth(ctx)
}

// enqueue adds a row for the parent inside a transaction.
func enqueue(ctx context.Context, tx *sql.Tx, r relay.Row) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (subject, msg_id, envelope, path, kind, enqueue_time) VALUES (?, ?, ?, ?, ?, ?)`,
		r.Subject, r.MsgID, r.Envelope, r.Path, r.Statement, formatTime(time.Now()))
	return err
}

// timeForm is the hub's stored time format (hub/store.go): it has a
// fixed width, so stored times compare as text.
const timeForm = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeForm) }
