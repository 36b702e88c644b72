package store

import (
	"context"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// maxNaming bounds the successes SuccessesNaming lists: the answer has no
// paging, and a city is rarely named by more partner successes than this.
const maxNaming = 500

// SuccessesNaming answers a city's signed question for the successes
// shared with this hub that name it as a partner city, newest first, each
// with its city's name and who has endorsed it. Only the city itself, as
// an approved member, may ask (network-visible successes are its
// network's); Unauthenticated otherwise, for a stale query, or for one
// answered before (a replay). The
// partner links are rows of record_links, so this is an index lookup.
func (s *Store) SuccessesNaming(ctx context.Context, members Signers, req *hcnetv1.ListSuccessesNamingRequest) (*hcnetv1.ListSuccessesNamingResponse, error) {
	const op = "hub.ListSuccessesNaming"
	q, err := s.openNaming(ctx, members, req)
	if err != nil {
		return nil, err
	}
	// The answer is the network's: one who captured a query must not
	// hear it again while the query is still fresh.
	if err := s.rememberQuery(ctx, op, namingSeenPrefix, req.GetSignature()); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT r.country, r.city_id, r.id, r.envelope,
			coalesce((SELECT c.title FROM records c WHERE c.kind = 'city' AND c.country = r.country AND c.city_id = r.city_id), '')
		FROM record_links l JOIN records r ON r.rowid = l.record
		WHERE l.rel = ? AND l.target_country = ? AND l.target_city = ? AND l.target_id = '' AND r.kind = 'success'
		ORDER BY r.sign_time DESC, r.rowid DESC LIMIT ?`,
		relPartner, q.GetCountry(), q.GetCityId(), maxNaming)
	if err != nil {
		return nil, errs.Op(op, err)
	}
	type found struct {
		country, city, id, name string
		env                     []byte
	}
	var fs []found
	for rows.Next() {
		var f found
		if err := rows.Scan(&f.country, &f.city, &f.id, &f.env, &f.name); err != nil {
			rows.Close()
			return nil, errs.Op(op, err)
		}
		fs = append(fs, f)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return nil, errs.Op(op, err)
	}
	rows.Close()
	out := &hcnetv1.ListSuccessesNamingResponse{}
	for _, f := range fs {
		rec, err := payloadOf(f.env)
		if err != nil {
			return nil, errs.Op(op, err)
		}
		sc := rec.GetSuccess()
		if sc == nil {
			continue
		}
		// The hub knows a record by its envelope's id, which endorsements
		// name; the payload's copy is the origin's to fill in.
		sc.Id = f.id
		e, err := s.Endorsements(ctx, f.country, f.city, f.id, record.LinksOf(rec))
		if err != nil {
			return nil, errs.Op(op, err)
		}
		out.Successes = append(out.Successes, &hcnetv1.NamingSuccess{
			Country: f.country, CityId: f.city, CityName: f.name, Success: sc, Endorsements: e,
		})
	}
	return out, nil
}

// openNaming checks that the city the query names signed it, as an
// approved member, and that it is recent. A member hub does not speak for
// its cities here: the question is the city's own.
func (s *Store) openNaming(ctx context.Context, members Signers, req *hcnetv1.ListSuccessesNamingRequest) (*hcnetv1.SuccessesNamingQuery, error) {
	const op = "hub.ListSuccessesNaming"
	peek, err := envelope.PeekNaming(req)
	if err != nil {
		return nil, errs.Wrap(op, errs.Unauthenticated, err)
	}
	var vs record.Violations
	c := record.NewChecker("query", &vs)
	c.Country("country", peek.GetCountry(), true)
	c.CityID("city_id", peek.GetCityId(), true)
	if err := errs.InvalidFields(op, vs); err != nil {
		return nil, err
	}
	m, err := members.Get(ctx, peek.GetCountry(), peek.GetCityId())
	if err != nil && !errs.Is(err, errs.NotFound) {
		return nil, err
	}
	var q *hcnetv1.SuccessesNamingQuery
	if err == nil && !m.GetHub() && m.GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
		q, _ = envelope.OpenNaming(req, m.GetPublicKey())
	}
	if q == nil {
		return nil, errs.E(op, errs.Unauthenticated, "the query is not signed by %s/%s as an approved member of this hub",
			peek.GetCountry(), peek.GetCityId())
	}
	now := s.now()
	if t := q.GetTime().AsTime(); q.GetTime() == nil || t.Before(now.Add(-reconcileWindow)) || t.After(now.Add(reconcileWindow)) {
		return nil, errs.E(op, errs.Unauthenticated, "the query was signed at %s, more than %s from the hub's clock (%s): sign a fresh one",
			t.Format(time.RFC3339), reconcileWindow, now.Format(time.RFC3339))
	}
	return q, nil
}
