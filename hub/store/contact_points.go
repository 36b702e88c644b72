package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// reachCities gives each candidate the contact point its shared city
// profile publishes, so the partner finder says how to reach a city and
// not only its name. A city that shares no profile, or publishes no
// contact point, has none.
func (s *Store) reachCities(ctx context.Context, cands []*hcnetv1.PartnerCandidate) error {
	for _, c := range cands {
		cp, err := s.cityContactPoint(ctx, c.GetCountry(), c.GetCityId())
		if err != nil {
			return fmt.Errorf("contact point of %s/%s: %w", c.GetCountry(), c.GetCityId(), err)
		}
		c.ContactPoint = cp
	}
	return nil
}

// cityContactPoint is the contact point of a city's shared profile, nil
// when it publishes none.
func (s *Store) cityContactPoint(ctx context.Context, country, city string) (*hcnetv1.ContactPoint, error) {
	var data []byte
	err := s.db.Read.QueryRowContext(ctx, `SELECT envelope FROM records WHERE country = ? AND city_id = ? AND kind = 'city' AND id = ?`,
		country, city, city).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	// Verified at ingest, before it was stored.
	env := &hcnetv1.Envelope{}
	if err := proto.Unmarshal(data, env); err != nil {
		return nil, err
	}
	rec := &hcnetv1.SharedRecord{}
	if err := proto.Unmarshal(env.GetPayload(), rec); err != nil {
		return nil, err
	}
	return rec.GetCity().GetContactPoint(), nil
}
