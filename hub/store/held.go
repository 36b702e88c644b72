package store

import (
	"context"
	"database/sql"
	"errors"
)

// What ingest's member quota reads: the bytes a member's records take at
// the hub, the sizes of their envelopes as received.

// HeldBy is what the records of country/city take at the hub now.
func (s *Store) HeldBy(ctx context.Context, country, city string) (int64, error) {
	var n int64
	err := s.db.Read.QueryRowContext(ctx, `SELECT coalesce(sum(length(envelope)), 0) FROM records WHERE country = ? AND city_id = ?`,
		country, city).Scan(&n)
	return n, err
}

// SizeOf is the size of the envelope of the version of a record the hub
// holds, 0 if none.
func (s *Store) SizeOf(ctx context.Context, country, city, id string) (int64, error) {
	var n int64
	err := s.db.Read.QueryRowContext(ctx, `SELECT length(envelope) FROM records WHERE country = ? AND city_id = ? AND id = ?`,
		country, city, id).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
}
