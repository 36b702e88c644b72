package store

import (
	"context"
	"database/sql"

	"github.com/hcnet/hcnet/hub/members"
	"github.com/hcnet/hcnet/internal/envelope"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// Store is what membership needs of the read model.
var _ members.Store = (*Store)(nil)

// DropVouched removes, in the transaction of the coordinator's approval
// of a city with key, what the hub holds of that city on a member hub's
// word, which stops counting with the approval: every record not signed
// by key, and every tombstone (a member hub's withdrawal looks like the
// city's own once stored). Left in place, one at a huge version would
// keep the city's own versions out for good. A dropped record leaves a
// tombstone at version 0, so watchers hear of it and any version of the
// city's replaces it. The city's own tombstones come back from the
// stream (the replay that follows an approval) or its node's next sync.
// The parent never held what is dropped: it knows the city's key only
// from this hub's attestation, which names the approved key; so only
// the note of what was forwarded goes, or the city's own versions would
// not be forwarded. Returns how many records were dropped
// (members.Store).
func (s *Store) DropVouched(ctx context.Context, tx *sql.Tx, country, city, key string) (int, error) {
	type held struct {
		id, kind string
	}
	var drop, tombs []held
	rows, err := tx.QueryContext(ctx, `SELECT id, kind, envelope FROM records WHERE country = ? AND city_id = ?`, country, city)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var r held
		var b []byte
		if err := rows.Scan(&r.id, &r.kind, &b); err != nil {
			rows.Close()
			return 0, err
		}
		if signedBy(b) != key {
			drop = append(drop, r)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT id FROM tombstones WHERE country = ? AND city_id = ? AND version > 0`, country, city)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var r held
		if err := rows.Scan(&r.id); err != nil {
			rows.Close()
			return 0, err
		}
		tombs = append(tombs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(drop)+len(tombs) == 0 {
		return 0, nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM tombstones WHERE country = ? AND city_id = ? AND version > 0`, country, city); err != nil {
		return 0, err
	}
	var seq int64
	if err := tx.QueryRowContext(ctx, sqlChangeHead).Scan(&seq); err != nil {
		return 0, err
	}
	for _, r := range drop {
		// Its terms and links go by cascade, its search entry by trigger.
		if _, err := tx.ExecContext(ctx, sqlDeleteRecord, country, city, r.id); err != nil {
			return 0, err
		}
		seq++
		if _, err := tx.ExecContext(ctx, sqlUpsertTombstone, country, city, r.id, 0, r.kind, seq); err != nil {
			return 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, sqlSetChangeHead, seq); err != nil {
		return 0, err
	}
	for _, r := range append(drop, tombs...) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM forwarded WHERE country = ? AND city_id = ? AND id = ?`, country, city, r.id); err != nil {
			return 0, err
		}
	}
	return len(drop), nil
}

// RecordsDropped wakes the watchers after the commit of a DropVouched
// that dropped records (members.Store).
func (s *Store) RecordsDropped() { s.signal.Broadcast() }

// signedBy is the key that signed a stored envelope (ingest verified the
// header names the key it verified with), "" when unreadable.
func signedBy(b []byte) string {
	env := &hcnetv1.Envelope{}
	if proto.Unmarshal(b, env) != nil {
		return ""
	}
	h, err := envelope.PeekHeader(env)
	if err != nil {
		return ""
	}
	return h.GetKeyId()
}
