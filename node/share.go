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

// sharedKinds are the kinds that leave the node. Partners travel inside
// the partnerships that name them, as organisation, kind and sector,
// where record.MayCarry allows.
var sharedKinds = map[record.Kind]bool{
	record.KindCity: true, record.KindPartnership: true, record.KindHealthPlan: true, record.KindIndicator: true,
	record.KindPractice: true, record.KindSuccess: true, record.KindEndorsement: true,
}

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
		if rec, err = sharedForm(ctx, tx, s.identity, m); err != nil {
			return err
		}
		c := carrier{vis: h.Visibility, get: func(kind record.Kind, id string) (proto.Message, error) {
			return getRecord(ctx, tx, kind, id)
		}}
		if err := c.unnamed(rec, s.indexOf(m).Refs); err != nil {
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

// sharedForm is a record as other cities see it: contacts removed,
// partners named by organisation, kind and sector, and of every record it
// refers to only what record.MayCarry allows, a reference that names
// self's city (an adopted practice, an endorsed success) included.
func sharedForm(ctx context.Context, tx *sql.Tx, self *Identity, m proto.Message) (*hcnetv1.SharedRecord, error) {
	m = proto.Clone(m)
	c := carrier{vis: record.GetMeta(m).Visibility, get: func(kind record.Kind, id string) (proto.Message, error) {
		return getRecord(ctx, tx, kind, id)
	}}
	switch r := m.(type) {
	case *hcnetv1.City:
		r.Coordinator = nil
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_City{City: r}}, nil
	case *hcnetv1.Partnership:
		sp := &hcnetv1.SharedPartnership{}
		for _, member := range r.GetPartners() {
			pm, err := c.carried(record.KindPartner, member.GetPartnerId())
			if err != nil {
				return nil, fmt.Errorf("partner %s of partnership %s: %w", member.GetPartnerId(), r.GetId(), err)
			}
			// The role is the partnership's; the rest is the partner's.
			shared := &hcnetv1.SharedPartner{Role: member.GetRole()}
			if p, ok := pm.(*hcnetv1.Partner); ok {
				shared.Organisation, shared.Kind, shared.Sector = p.GetOrganisation(), p.GetKind(), p.GetSector()
			}
			sp.Partners = append(sp.Partners, shared)
		}
		r.Partners = nil
		sp.Partnership = r
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Partnership{Partnership: sp}}, nil
	case *hcnetv1.HealthPlan:
		for _, a := range r.GetActions() {
			id, err := c.ref(record.KindPartnership, a.GetPartnershipId())
			if err != nil {
				return nil, err
			}
			a.PartnershipId = id
		}
		ids, err := c.refs(record.KindPartnership, r.GetPartnershipIds())
		if err != nil {
			return nil, err
		}
		r.PartnershipIds = ids
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_HealthPlan{HealthPlan: r}}, nil
	case *hcnetv1.Indicator:
		// The goal is the plan's: it goes where the plan's id goes.
		id, err := c.ref(record.KindHealthPlan, r.GetPlanId())
		if err != nil {
			return nil, err
		}
		if id == "" {
			r.PlanId, r.GoalId = "", ""
		}
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Indicator{Indicator: r}}, nil
	case *hcnetv1.Practice:
		r.Contacts = nil
		ids, err := c.refs(record.KindPartnership, r.GetPartnershipIds())
		if err != nil {
			return nil, err
		}
		r.PartnershipIds = ids
		if ids, err = c.refs(record.KindIndicator, r.GetIndicatorIds()); err != nil {
			return nil, err
		}
		r.IndicatorIds = ids
		if a := r.GetAdoptedFrom(); a != nil && self.Names(a.GetCountry(), a.GetCityId()) {
			id, err := c.ref(record.KindPractice, a.GetPracticeId())
			if err != nil {
				return nil, err
			}
			if id == "" {
				r.AdoptedFrom = nil
			}
		}
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: r}}, nil
	case *hcnetv1.Success:
		id, err := c.ref(record.KindPartnership, r.GetPartnershipId())
		if err != nil {
			return nil, err
		}
		r.PartnershipId = id
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Success{Success: r}}, nil
	case *hcnetv1.Endorsement:
		// Without the success it endorses, an endorsement still says that
		// the city endorsed something: the statement is its own.
		if sr := r.GetSuccess(); sr != nil && self.Names(sr.GetCountry(), sr.GetCityId()) {
			id, err := c.ref(record.KindSuccess, sr.GetSuccessId())
			if err != nil {
				return nil, err
			}
			if id == "" {
				r.Success = nil
			}
		}
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Endorsement{Endorsement: r}}, nil
	}
	return nil, fmt.Errorf("%T has no shared form", m)
}
