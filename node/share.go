package node

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
)

// Identity is who signs the node's shared records.
type Identity struct {
	Key     nkeys.KeyPair
	Country string
	City    string
}

// sharedKinds are the kinds that leave the node on their own
// (record.Info.Shared). Partners travel inside the partnerships that name
// them, as organisation, kind and sector, where record.MayCarry allows.
var sharedKinds = func() map[record.Kind]bool {
	out := map[record.Kind]bool{}
	for _, k := range record.SharedKinds() {
		out[k] = true
	}
	return out
}()

// Names tells whether country/city is this node's city: a reference
// that names it is to a record on this node.
func (id *Identity) Names(country, city string) bool {
	return id != nil && id.Country == country && id.City == city
}

func isShared(v hcnetv1.Visibility) bool {
	return v == hcnetv1.Visibility_VISIBILITY_NETWORK || v == hcnetv1.Visibility_VISIBILITY_PUBLIC
}

// share puts what a write means for the hub into the outbox, inside the
// write's transaction: the new shared form when the record is shared, a
// tombstone when a shared record was deleted (m nil) or made private.
func (s *Store) share(ctx context.Context, tx *sql.Tx, kind record.Kind, id string, version int64, was hcnetv1.Visibility, m proto.Message) error {
	if s.identity == nil || !sharedKinds[kind] {
		return nil
	}
	h := &hcnetv1.EnvelopeHeader{OriginCountry: s.identity.Country, OriginCity: s.identity.City, Kind: string(kind), Id: id, Version: version}
	var rec *hcnetv1.SharedRecord
	switch {
	case m != nil && isShared(record.GetMeta(m).Visibility):
		h.Visibility = record.GetMeta(m).Visibility
		var err error
		if rec, err = s.outgoing(ctx, tx, m); err != nil {
			return fmt.Errorf("share %s %s: %w", kind, id, err)
		}
	case isShared(was):
		h.Visibility = was
	default:
		return nil // private before and after: nothing leaves the node
	}
	env, err := envelope.Seal(s.identity.Key, h, rec, s.now())
	if err != nil {
		return err
	}
	data, err := proto.Marshal(env)
	if err != nil {
		return err
	}
	// An undelivered older version is superseded: the hub keeps only the
	// highest version, so sending it would be wasted work. This also bounds
	// the outbox by the number of shared records while no hub is reachable.
	if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE record_id = ? AND version < ?`, id, version); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO outbox (record_id, kind, version, tombstone, subject, msg_id, envelope, enqueue_time)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, kind, version, rec == nil,
		subject.Record(h.GetOriginCountry(), h.GetOriginCity(), string(kind), id), envelope.MsgID(h), data, formatTime(s.now()))
	return err
}

// outgoing is the payload of a shared record's envelope: its shared form
// (sharedForm), checked to name none of the records that may not travel
// with it (carrier.unnamed). The outbox and PreviewShared both take it
// from here, so what a preview shows is what leaves.
func (s *Store) outgoing(ctx context.Context, q querier, m proto.Message) (*hcnetv1.SharedRecord, error) {
	rec, err := sharedForm(ctx, q, s.identity, m)
	if err != nil {
		return nil, err
	}
	c := carrier{vis: record.GetMeta(m).Visibility, get: func(kind record.Kind, id string) (proto.Message, error) {
		return getRecord(ctx, q, kind, id)
	}}
	if err := c.unnamed(rec, s.indexOf(m).Refs); err != nil {
		return nil, err
	}
	return rec, nil
}

// sharedForm is a record as other cities see it (record.SharedForm),
// reading the records it refers to through q (the write's transaction).
func sharedForm(ctx context.Context, q querier, self *Identity, m proto.Message) (*hcnetv1.SharedRecord, error) {
	return record.SharedForm(m, record.Source{
		Get: func(kind record.Kind, id string) (proto.Message, error) {
			return getRecord(ctx, q, kind, id)
		},
		Names: self.Names,
	})
}
