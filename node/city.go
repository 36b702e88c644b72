package node

import (
	"context"
	"database/sql"
	"errors"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// CreateCity stores the node's city profile; only init does this. The
// profile's id is the city id.
func (s *Store) CreateCity(ctx context.Context, c *hcnetv1.City) error {
	const op = "store.CreateCity"
	var vs record.Violations
	ch := record.NewChecker("", &vs)
	ch.CityID("id", c.GetId(), true)
	ch.Country("country", c.GetCountry(), true)
	if err := errs.InvalidFields(op, vs); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM records WHERE kind = ?`, record.KindCity).Scan(&n); err != nil {
			return errs.Op(op, err)
		}
		if n > 0 {
			return errs.E(op, errs.Exists, "this node already has a city profile")
		}
		_, err := s.create(ctx, tx, c)
		return errs.Op(op, err)
	})
}

// City returns the node's city profile.
func (s *Store) City(ctx context.Context) (*hcnetv1.City, error) {
	var data []byte
	err := s.db.Read.QueryRowContext(ctx, `SELECT data FROM records WHERE kind = ?`, record.KindCity).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E("store.City", errs.NotFound, "this node has no city profile; run hcnode init")
	}
	if err != nil {
		return nil, errs.Op("store.City", err)
	}
	c := &hcnetv1.City{}
	if err := proto.Unmarshal(data, c); err != nil {
		return nil, errs.Op("store.City", err)
	}
	return c, nil
}
