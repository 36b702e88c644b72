package node

import (
	"context"
	"database/sql"
	"time"

	"github.com/hcnet/hcnet/internal/actor"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
)

// Action is what a change did to a record, as the changes table names it.
type Action string

// The actions a history line records.
const (
	ActionCreate      Action = "create"
	ActionUpdate      Action = "update"
	ActionDelete      Action = "delete"
	ActionMeasurement Action = "measurement"
)

// Change is one line of a record's history.
type Change struct {
	Kind    record.Kind
	ID      string
	Version int64
	Actor   string // "" for the node's own work
	Time    time.Time
	Action  Action
}

// Bounds of one history answer.
const (
	DefaultChanges = 50
	MaxChanges     = 500
)

type actionKey struct{}

// withAction names what an Update does, when it is more than an update
// (a measurement added to an indicator), for its history line.
func withAction(ctx context.Context, a Action) context.Context {
	return context.WithValue(ctx, actionKey{}, a)
}

func actionOr(ctx context.Context, def Action) Action {
	if a, ok := ctx.Value(actionKey{}).(Action); ok {
		return a
	}
	return def
}

// logChange writes the history line of a change in the change's own
// transaction tx: both commit or neither does.
func (s *Store) logChange(ctx context.Context, tx *sql.Tx, kind record.Kind, id string, version int64, a Action) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO changes (kind, id, version, actor, time, action) VALUES (?, ?, ?, ?, ?, ?)`,
		kind, id, version, actor.From(ctx), formatTime(s.now()), actionOr(ctx, a))
	return err
}

// Changes returns the history of the record of kind with id, newest
// first, at most limit lines (DefaultChanges when 0, never more than
// MaxChanges). A record with no history, or none ever, gives none.
func (s *Store) Changes(ctx context.Context, kind record.Kind, id string, limit int) ([]Change, error) {
	const op = "store.Changes"
	if limit <= 0 {
		limit = DefaultChanges
	}
	limit = min(limit, MaxChanges)
	rows, err := s.db.Read.QueryContext(ctx, `SELECT version, actor, time, action FROM changes WHERE id = ? AND kind = ?
		ORDER BY seq DESC LIMIT ?`, id, kind, limit)
	if err != nil {
		return nil, errs.Op(op, err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		c := Change{Kind: kind, ID: id}
		var at string
		if err := rows.Scan(&c.Version, &c.Actor, &at, &c.Action); err != nil {
			return nil, errs.Op(op, err)
		}
		if c.Time, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return nil, errs.Op(op, err)
		}
		out = append(out, c)
	}
	return out, errs.Op(op, rows.Err())
}
