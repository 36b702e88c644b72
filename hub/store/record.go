package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// GetRecord answers hcnet.v1.HubService.GetRecord: the record (Record)
// with what links it to others (withLinks).
func (s *Store) GetRecord(ctx context.Context, r *hcnetv1.GetRecordRequest) (*hcnetv1.GetRecordResponse, error) {
	rec, err := s.Record(ctx, r.GetId())
	if err != nil {
		return nil, err
	}
	return s.withLinks(ctx, rec)
}

// Record returns a shared record by id, with the path it came. Record
// ids are ULIDs and so unique, but a city record's id is the city's,
// which two countries may share: "COUNTRY/CITY/ID" names one exactly, and
// a bare id that matches several is Invalid with the qualified forms to
// choose from.
func (s *Store) Record(ctx context.Context, id string) (*hcnetv1.HubRecord, error) {
	const op = "hub.Record"
	country, city, bare := "", "", id
	if parts := strings.Split(id, "/"); len(parts) == 3 {
		country, city, bare = parts[0], parts[1], parts[2]
	}
	var vs record.Violations
	c := record.NewChecker("", &vs)
	c.Text("id", id, record.MaxShort, true)
	c.Country("id", country, false)
	c.CityID("id", city, false)
	if err := errs.InvalidFields(op, vs); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT country, city_id, kind, id, version, visibility, sign_time, arrive_time, envelope, path
		FROM records WHERE id = ? AND (? = '' OR (country = ? AND city_id = ?)) ORDER BY country, city_id LIMIT 10`,
		bare, country, country, city)
	if err != nil {
		return nil, errs.Op(op, err)
	}
	defer rows.Close()
	var found []*hcnetv1.HubRecord
	for rows.Next() {
		h := &hcnetv1.HubRecord{}
		var vis, signed, arrived, path string
		var env []byte
		if err := rows.Scan(&h.Country, &h.CityId, &h.Kind, &h.Id, &h.Version, &vis, &signed, &arrived, &env, &path); err != nil {
			return nil, errs.Op(op, err)
		}
		h.Path = DecodePath(path)
		v, _ := record.ParseEnum[hcnetv1.Visibility](vis)
		h.Visibility = v
		h.SignTime = timestamppb.New(ParseTime(signed))
		h.ArriveTime = timestamppb.New(ParseTime(arrived))
		h.Envelope = &hcnetv1.Envelope{}
		h.Record = &hcnetv1.SharedRecord{}
		// Verified at ingest, before it was stored.
		if err := proto.Unmarshal(env, h.Envelope); err != nil {
			return nil, fmt.Errorf("%s: envelope of %s/%s/%s: %w", op, h.Country, h.CityId, h.Id, err)
		}
		if err := proto.Unmarshal(h.Envelope.GetPayload(), h.Record); err != nil {
			return nil, fmt.Errorf("%s: payload of %s/%s/%s: %w", op, h.Country, h.CityId, h.Id, err)
		}
		found = append(found, h)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Op(op, err)
	}
	switch len(found) {
	case 0:
		return nil, errs.E(op, errs.NotFound, "no shared record %s on this hub", id)
	case 1:
		return found[0], nil
	}
	names := make([]string, len(found))
	for i, h := range found {
		names[i] = h.Country + "/" + h.CityId + "/" + h.Id
	}
	return nil, errs.InvalidFields(op, record.Violations{{Field: "id",
		Description: fmt.Sprintf("%q names records of several cities; ask for one of: %s", id, strings.Join(names, ", "))}})
}

// withLinks answers GetRecord for a record: a success with its
// endorsements, a practice with where it was adopted from and who
// adopted it.
func (s *Store) withLinks(ctx context.Context, rec *hcnetv1.HubRecord) (*hcnetv1.GetRecordResponse, error) {
	const op = "hub.GetRecord"
	out := &hcnetv1.GetRecordResponse{Record: rec}
	in, _ := record.Unwrap(rec.GetRecord())
	if in == nil {
		return out, nil
	}
	// What points at a record of this kind is what the answer adds.
	links := record.LinksOf(rec.GetRecord())
	var err error
	for _, rel := range record.LinkedBy(in.Kind) {
		switch rel {
		case record.RelEndorses:
			out.Endorsements, err = s.Endorsements(ctx, rec.GetCountry(), rec.GetCityId(), rec.GetId(), links)
		case record.RelAdoptedFrom:
			out.AdoptedFrom, out.Adoptions, err = s.Adoptions(ctx, rec.GetCountry(), rec.GetCityId(), rec.GetId(), links)
		}
		if err != nil {
			break
		}
	}
	if err != nil {
		return nil, errs.Op(op, err)
	}
	return out, nil
}
