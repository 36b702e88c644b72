package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/hcnet/hcnet/hub/upstream"
	"github.com/hcnet/hcnet/internal/reconcile"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// What upstream reads of the read model (upstream.Store).

var _ upstream.Store = (*Store)(nil)

// publicVisibility is the stored visibility of a public record.
var publicVisibility = record.ShortName(hcnetv1.Visibility_VISIBILITY_PUBLIC)

// PublicCities are the cities of country ("" for every country) the hub
// holds public records of, in order.
func (s *Store) PublicCities(ctx context.Context, country string) ([]upstream.City, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT DISTINCT country, city_id FROM records WHERE visibility = 'public' AND (? = '' OR country = ?)
		ORDER BY 1, 2`, country, country)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []upstream.City
	for rows.Next() {
		var c upstream.City
		if err := rows.Scan(&c.Country, &c.City); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// PublicPairs is a city's public set at this hub, in id order.
func (s *Store) PublicPairs(ctx context.Context, c upstream.City) ([]reconcile.Pair, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, version FROM records WHERE country = ? AND city_id = ? AND visibility = 'public' ORDER BY id`,
		c.Country, c.City)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []reconcile.Pair
	for rows.Next() {
		var p reconcile.Pair
		if err := rows.Scan(&p.ID, &p.Version); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Stored reads, inside tx, what the hub holds of c's record id.
func (s *Store) Stored(ctx context.Context, tx *sql.Tx, c upstream.City, id string) (upstream.Stored, bool, error) {
	var r upstream.Stored
	var vis string
	err := tx.QueryRowContext(ctx, `SELECT kind, version, visibility, envelope, path FROM records WHERE country = ? AND city_id = ? AND id = ?`,
		c.Country, c.City, id).Scan(&r.Kind, &r.Version, &vis, &r.Envelope, &r.Path)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	r.Public = vis == publicVisibility
	return r, err == nil, err
}

// WithdrawnAt is the kind and version a withdrawal of c's record id must
// carry: the current version of a record no longer public here, or the
// version of its tombstone. ok is false when the record is public here
// or unknown.
func (s *Store) WithdrawnAt(ctx context.Context, tx *sql.Tx, c upstream.City, id string) (string, int64, bool, error) {
	var kind, vis string
	var version int64
	err := tx.QueryRowContext(ctx, `SELECT kind, version, visibility FROM records WHERE country = ? AND city_id = ? AND id = ?`,
		c.Country, c.City, id).Scan(&kind, &version, &vis)
	switch {
	case err == nil:
		return kind, version, vis != publicVisibility, nil
	case !errors.Is(err, sql.ErrNoRows):
		return "", 0, false, err
	}
	err = tx.QueryRowContext(ctx, `SELECT kind, version FROM tombstones WHERE country = ? AND city_id = ? AND id = ? AND version > 0`,
		c.Country, c.City, id).Scan(&kind, &version)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && kind == "") {
		return "", 0, false, nil // a tombstone from before kinds were kept names no subject
	}
	return kind, version, err == nil, err
}
