package node

import (
	"context"
	"database/sql"
	"time"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// delivery is a record the city shares, or a withdrawal on its way, as
// the store knows it: what waits in the outbox for it, if anything.
type delivery struct {
	kind    record.Kind
	id      string
	title   string
	version int64
	vis     hcnetv1.Visibility
	// waiting: an envelope of it is in the outbox, the oldest written at
	// since; msgIDs are the waiting envelopes' Nats-Msg-Ids.
	waiting    bool
	since      time.Time
	msgIDs     []string
	withdrawal bool
}

// deliveries lists every shared record of a kind that leaves the node on
// its own, and every record whose withdrawal still waits, read in one
// transaction. A shared record with nothing waiting has been
// acknowledged by the hub at its latest version.
func (s *Store) deliveries(ctx context.Context) ([]delivery, error) {
	const op = "store.deliveries"
	tx, err := s.db.Read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, errs.Op(op, err)
	}
	defer tx.Rollback()
	out, byID, err := sharedRecords(ctx, tx)
	if err != nil {
		return nil, errs.Op(op, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT record_id, kind, version, tombstone, msg_id, enqueue_time FROM outbox ORDER BY seq`)
	if err != nil {
		return nil, errs.Op(op, err)
	}
	defer rows.Close()
	var gone []int // withdrawals of records no longer shared
	for rows.Next() {
		var id, msgID, at string
		var kind record.Kind
		var version int64
		var tombstone bool
		if err := rows.Scan(&id, &kind, &version, &tombstone, &msgID, &at); err != nil {
			return nil, errs.Op(op, err)
		}
		i, ok := byID[id]
		if !ok {
			out = append(out, delivery{kind: kind, id: id})
			i = len(out) - 1
			byID[id] = i
			gone = append(gone, i)
		}
		d := &out[i]
		t, _ := time.Parse(time.RFC3339Nano, at)
		if !d.waiting || t.Before(d.since) {
			d.since = t
		}
		d.waiting = true
		d.msgIDs = append(d.msgIDs, msgID)
		if !ok || version >= d.version {
			d.version, d.withdrawal = version, tombstone
		}
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Op(op, err)
	}
	rows.Close()
	// A record made private is still on the node: its title says which
	// one is being withdrawn.
	for _, i := range gone {
		d := &out[i]
		m, err := getRecord(ctx, tx, d.kind, d.id)
		switch {
		case err == nil:
			d.title, d.vis = title(d.kind, m), record.GetMeta(m).Visibility
		case errs.KindOf(err) != errs.NotFound:
			return nil, errs.Op(op, err)
		}
	}
	return out, nil
}

// sharedRecords reads the records of shared kinds with network or public
// visibility, with the index of each by id.
func sharedRecords(ctx context.Context, tx *sql.Tx) ([]delivery, map[string]int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, kind, version, data FROM records WHERE visibility IN ('network', 'public') ORDER BY id`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []delivery
	byID := map[string]int{}
	for rows.Next() {
		var d delivery
		var data []byte
		if err := rows.Scan(&d.id, &d.kind, &d.version, &data); err != nil {
			return nil, nil, err
		}
		if !sharedKinds[d.kind] {
			continue
		}
		m, err := decode(d.kind, data)
		if err != nil {
			return nil, nil, err
		}
		d.title, d.vis = title(d.kind, m), record.GetMeta(m).Visibility
		byID[d.id] = len(out)
		out = append(out, d)
	}
	return out, byID, rows.Err()
}

// title is what a person calls a record, in its original language.
func title(kind record.Kind, m proto.Message) string {
	if in := record.Lookup(kind); in != nil {
		return in.Text(m, "").Title
	}
	return ""
}
