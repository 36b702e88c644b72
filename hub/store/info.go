package store

import (
	"context"
	"fmt"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Info reads the hub's id, name and level from its settings, and
// remembers its country (Country). The settings are missing (sql.ErrNoRows)
// from a database hchub init did not make.
func (s *Store) Info(ctx context.Context) (*hcnetv1.GetHubResponse, error) {
	out := &hcnetv1.GetHubResponse{}
	var level string
	if err := s.db.Read.QueryRowContext(ctx, `SELECT coalesce((SELECT value FROM settings WHERE key = 'hub_country'), '')`).Scan(&s.country); err != nil {
		return nil, err
	}
	for k, dst := range map[string]*string{"hub_id": &out.Id, "hub_name": &out.Name, "hub_level": &level} {
		if err := s.db.Read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, k).Scan(dst); err != nil {
			return nil, fmt.Errorf("hub setting %s: %w (run hchub init)", k, err)
		}
	}
	l, err := record.ParseEnum[hcnetv1.HubLevel](level)
	if err != nil {
		return nil, err
	}
	out.Level = l
	return out, nil
}

// Country is the country whose cities a national hub holds, as Info read
// it; "" for a hub of several countries.
func (s *Store) Country() string { return s.country }
