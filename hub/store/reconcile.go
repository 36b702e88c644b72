package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"time"

	"github.com/hcnet/hcnet/hub/members"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/reconcile"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// reconcileWindow is how far a reconcile query's time may be from the
// hub's clock. Within it, the signature is remembered so that a captured
// query cannot be asked again; outside it, the query is refused as stale.
const reconcileWindow = members.JoinWindow

// Signers is what Reconcile asks of membership: who may sign a query
// about a city (package members).
type Signers interface {
	// Get returns the member country/city; errs.NotFound when there is
	// none.
	Get(ctx context.Context, country, city string) (*hcnetv1.Member, error)
	// HubsFor returns the approved member hubs that vouch for cities of
	// country.
	HubsFor(country string) []*hcnetv1.Member
}

// reconcileSeenPrefix and namingSeenPrefix mark the signatures of
// reconcile and naming queries in join_nonces, the table of what the hub
// has seen once. Join nonces are at most 64 characters, these longer, so
// none collide.
const (
	reconcileSeenPrefix = "reconcile:"
	namingSeenPrefix    = "naming:"
)

// Reconcile answers a member's signed comparison of a city's (id,
// version) set with the records the hub holds from that city (tombstones
// are not part of the set). The query must be signed by the city itself,
// if it is an approved member, or by an approved member hub vouching for
// the city's country; be recent; and not have been asked before.
// Returns Unauthenticated otherwise, Invalid for malformed ranges.
func (s *Store) Reconcile(ctx context.Context, members Signers, req *hcnetv1.ReconcileRequest) (*hcnetv1.ReconcileResponse, error) {
	const op = "hub.Reconcile"
	q, err := s.openReconcile(ctx, members, req)
	if err != nil {
		return nil, err
	}
	var vs record.Violations
	c := record.NewChecker("query", &vs)
	if len(q.GetRanges()) > reconcile.MaxRanges {
		c.Add("ranges", "%d ranges; at most %d per request", len(q.GetRanges()), reconcile.MaxRanges)
	}
	for i, r := range q.GetRanges() {
		if r.GetEnd() != "" && r.GetStart() >= r.GetEnd() {
			c.Index("ranges", i).Add("end", "%q is not after start %q", r.GetEnd(), r.GetStart())
		}
	}
	if err := errs.InvalidFields(op, vs); err != nil {
		return nil, err
	}
	if err := s.rememberQuery(ctx, op, reconcileSeenPrefix, req.GetSignature()); err != nil {
		return nil, err
	}
	tx, err := s.db.Read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, errs.Op(op, err)
	}
	defer tx.Rollback() // read only: one snapshot for every range
	out := &hcnetv1.ReconcileResponse{Ranges: make([]*hcnetv1.RangeResult, len(q.GetRanges()))}
	for i, r := range q.GetRanges() {
		pairs, err := rangePairs(ctx, tx, q.GetCountry(), q.GetCityId(), r.GetStart(), r.GetEnd())
		if err != nil {
			return nil, errs.Op(op, err)
		}
		res := &hcnetv1.RangeResult{Start: r.GetStart(), End: r.GetEnd(), HubCount: int64(len(pairs))}
		res.Equal = int64(len(pairs)) == r.GetCount() && bytes.Equal(reconcile.Digest(pairs), r.GetDigest())
		if !res.Equal && len(pairs) <= reconcile.MaxListed {
			gone, err := rangeTombstones(ctx, tx, q.GetCountry(), q.GetCityId(), r.GetStart(), r.GetEnd(), reconcile.MaxListed-len(pairs)+1)
			if err != nil {
				return nil, errs.Op(op, err)
			}
			// Records and tombstones are listed together or the range
			// is split: counting both in hub_count makes the asker split
			// a range whose tombstones would not fit.
			res.HubCount += int64(len(gone))
			if res.HubCount <= reconcile.MaxListed {
				res.EntriesListed = true
				for _, p := range pairs {
					res.Entries = append(res.Entries, &hcnetv1.IdVersion{Id: p.ID, Version: p.Version, Kind: p.Kind})
				}
				for _, p := range gone {
					res.Withdrawn = append(res.Withdrawn, &hcnetv1.IdVersion{Id: p.ID, Version: p.Version, Kind: p.Kind})
				}
			}
		}
		out.Ranges[i] = res
	}
	return out, nil
}

// openReconcile finds who signed the query and checks that they may ask
// about its city, and that it is recent.
func (s *Store) openReconcile(ctx context.Context, members Signers, req *hcnetv1.ReconcileRequest) (*hcnetv1.ReconcileQuery, error) {
	const op = "hub.Reconcile"
	peek, err := envelope.PeekReconcile(req)
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
	var keys []string
	m, err := members.Get(ctx, peek.GetCountry(), peek.GetCityId())
	switch {
	case err == nil && !m.GetHub() && m.GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED:
		keys = append(keys, m.GetPublicKey())
	case err != nil && !errs.Is(err, errs.NotFound):
		return nil, err
	}
	// A member hub speaks only for cities the coordinator has not
	// decided about (see Members).
	if err != nil {
		for _, h := range members.HubsFor(peek.GetCountry()) {
			keys = append(keys, h.GetPublicKey())
		}
	}
	var q *hcnetv1.ReconcileQuery
	for _, k := range keys {
		if q, err = envelope.OpenReconcile(req, k); err == nil {
			break
		}
	}
	if q == nil {
		return nil, errs.E(op, errs.Unauthenticated, "the query is signed neither by %s/%s as an approved member nor by an approved member hub for %s",
			peek.GetCountry(), peek.GetCityId(), peek.GetCountry())
	}
	now := s.now()
	if t := q.GetTime().AsTime(); q.GetTime() == nil || t.Before(now.Add(-reconcileWindow)) || t.After(now.Add(reconcileWindow)) {
		return nil, errs.E(op, errs.Unauthenticated, "the query was signed at %s, more than %s from the hub's clock (%s): sign a fresh one",
			t.Format(time.RFC3339), reconcileWindow, now.Format(time.RFC3339))
	}
	return q, nil
}

// rememberQuery refuses a signed query (of the kind prefix marks) whose
// signature the hub has seen within the window, and remembers this one.
// A signature is forgotten once its query is stale, so the table holds at
// most the queries of two windows. Returns Unauthenticated for a replay.
func (s *Store) rememberQuery(ctx context.Context, op, prefix string, sig []byte) error {
	sum := sha256.Sum256(sig)
	key := prefix + hex.EncodeToString(sum[:])
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM join_nonces WHERE nonce LIKE ? AND seen_time < ?`,
			prefix+"%", FormatTime(now.Add(-2*reconcileWindow))); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO join_nonces (nonce, seen_time) VALUES (?, ?)`, key, FormatTime(now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(op, errs.Unauthenticated, "query replayed: the hub answered this signed query before; sign a fresh one")
		}
		return nil
	})
}

type querier interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// rangePairs are the (id, version) pairs, with their kinds, the hub holds
// from a city with ids in [start, end), in id order (bytewise, as
// SQLite's BINARY collation and Go's string comparison both order them).
func rangePairs(ctx context.Context, q querier, country, city, start, end string) ([]reconcile.Pair, error) {
	return scanPairs(q.QueryContext(ctx, `SELECT id, version, kind FROM records WHERE country = ? AND city_id = ? AND id >= ? AND (? = '' OR id < ?)
		ORDER BY id`, country, city, start, end, end))
}

// rangeTombstones are the withdrawn records of a city with ids in
// [start, end), at most limit of them, at their tombstones' versions. A
// tombstone at version 0 (Store.DropVouched) is of no version the city made.
func rangeTombstones(ctx context.Context, q querier, country, city, start, end string, limit int) ([]reconcile.Pair, error) {
	return scanPairs(q.QueryContext(ctx, `SELECT id, version, kind FROM tombstones WHERE country = ? AND city_id = ? AND version > 0 AND id >= ? AND (? = '' OR id < ?)
		ORDER BY id LIMIT ?`, country, city, start, end, end, limit))
}

func scanPairs(rows *sql.Rows, err error) ([]reconcile.Pair, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []reconcile.Pair
	for rows.Next() {
		var p reconcile.Pair
		if err := rows.Scan(&p.ID, &p.Version, &p.Kind); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
