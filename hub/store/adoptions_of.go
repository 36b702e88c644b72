package store

import (
	"context"

	"github.com/hcnet/hcnet/internal/errs"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// AdoptionsOf lists the practices the hub holds that were adopted from
// the practice country/city/id (their adopted_from points at it), for the
// practice's web page.
//
// It reads every practice's payload: adopted_from is not indexed. That is
// fine for a network's few thousand practices; an index term would make
// it a lookup.
func (s *Store) AdoptionsOf(ctx context.Context, country, city, id string) ([]*hcnetv1.SearchHit, error) {
	const op = "hub.AdoptionsOf"
	rows, err := s.db.Read.QueryContext(ctx, `SELECT country, city_id, id, version, title, summary, envelope FROM records
		WHERE kind = 'practice' AND NOT (country = ? AND city_id = ? AND id = ?) ORDER BY arrive_time`, country, city, id)
	if err != nil {
		return nil, errs.Op(op, err)
	}
	defer rows.Close()
	var out []*hcnetv1.SearchHit
	for rows.Next() {
		h := &hcnetv1.SearchHit{Kind: "practice"}
		var data []byte
		if err := rows.Scan(&h.Country, &h.CityId, &h.Id, &h.Version, &h.Title, &h.Summary, &data); err != nil {
			return nil, errs.Op(op, err)
		}
		env, rec := &hcnetv1.Envelope{}, &hcnetv1.SharedRecord{}
		if err := proto.Unmarshal(data, env); err != nil {
			return nil, errs.Op(op, err)
		}
		if err := proto.Unmarshal(env.GetPayload(), rec); err != nil {
			return nil, errs.Op(op, err)
		}
		a := rec.GetPractice().GetAdoptedFrom()
		if a.GetPracticeId() == id && a.GetCityId() == city && a.GetCountry() == country {
			out = append(out, h)
		}
	}
	return out, rows.Err()
}
