package store

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hcnet/hcnet/hub/search"

	"github.com/hcnet/hcnet/hub/feed"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// What the feeds (package feed) read of the read model: the changes in
// the order the hub applied them, and the newest public records.

// Store is a feed.Store.
var _ feed.Store = (*Store)(nil)

// NextChange returns the channel the next applied change closes
// (feed.Notifier).
func (s *Store) NextChange() <-chan struct{} { return s.signal.Wait() }

// Stopping says whether StopWatches ran (feed.Notifier).
func (s *Store) Stopping() bool { return s.signal.Stopped() }

// StopWatches ends every running Watch with Unavailable, so that a
// graceful stop of the gRPC server need not wait for followers to leave.
func (s *Store) StopWatches() { s.signal.Stop() }

// ChangeHead is the number of the last change applied.
func (s *Store) ChangeHead(ctx context.Context) (int64, error) {
	var seq int64
	err := s.db.Read.QueryRowContext(ctx, `SELECT seq FROM change_counter WHERE id = 1`).Scan(&seq)
	return seq, err
}

// changeQuery is a filter of changes as SQL.
type changeQuery struct {
	s     *Store
	conds []string // on records r: the full filter
	cargs []any
	basic []string // on records or tombstones r: countries, cities, kinds
	bargs []any
}

// SelectChanges checks f and returns the changes it selects; a filter
// without kinds selects every shared kind.
func (s *Store) SelectChanges(f *hcnetv1.SearchFilter) (feed.Changes, error) {
	const op = "hub.Watch"
	var vs record.Violations
	c := record.NewChecker("", &vs)
	q := &changeQuery{s: s}
	q.conds, q.cargs = search.FilterConds(c.At("filter"), f, search.SharedKinds)
	kinds := f.GetKinds()
	if len(kinds) == 0 {
		for _, k := range search.SharedKinds {
			kinds = append(kinds, string(k))
		}
	}
	for _, in := range []struct {
		col    string
		values []string
	}{{"r.country", f.GetCountries()}, {"r.city_id", f.GetCities()}, {"r.kind", kinds}} {
		if len(in.values) == 0 {
			continue
		}
		q.basic = append(q.basic, in.col+" IN ("+search.Placeholders(len(in.values))+")")
		for _, v := range in.values {
			q.bargs = append(q.bargs, v)
		}
	}
	if len(q.basic) == 0 {
		q.basic = []string{"1"}
	}
	if err := errs.InvalidFields(op, vs); err != nil {
		return nil, err
	}
	return q, nil
}

// Read reads up to limit changes in (after, upto] that q selects:
// public records matching the filter, and as withdrawals the tombstones
// and non-public records of the watched countries, cities and kinds. Each
// record is in one place only (a row or a tombstone, at its latest
// change), and one writer numbers changes in commit order, so what one
// read sees is a prefix of the changes: paging on change_seq misses none.
//
// The change indexes are named: without statistics SQLite prefers the
// kind index for a kind filter (every watch has one), which reads every
// record of those kinds for each page instead of the page's changes.
func (q *changeQuery) Read(ctx context.Context, after, upto int64, limit int) ([]feed.Change, error) {
	query, args := q.changesSQL(after, upto, limit)
	rows, err := q.s.db.Read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []feed.Change
	for rows.Next() {
		var w feed.Change
		r := &hcnetv1.WatchResponse{}
		var deleted bool
		var vis, signed, arrived, path string
		var env []byte
		if err := rows.Scan(&w.Seq, &r.Country, &r.CityId, &r.Kind, &r.Id, &r.Version, &deleted, &vis, &signed, &arrived, &env, &path); err != nil {
			return nil, err
		}
		if deleted {
			r.Deleted = true
		} else if r.Record, err = hubRecord(r, vis, signed, arrived, env, path); err != nil {
			return nil, err
		}
		w.Message, w.Envelope = r, env
		out = append(out, w)
	}
	return out, rows.Err()
}

// changesSQL is the query of changes and its arguments.
func (q *changeQuery) changesSQL(after, upto int64, limit int) (string, []any) {
	basic := strings.Join(q.basic, " AND ")
	query := `SELECT change_seq, country, city_id, kind, id, version, 0, visibility, sign_time, arrive_time, envelope, path
			FROM records r INDEXED BY records_by_change WHERE r.change_seq > ? AND r.change_seq <= ? AND r.visibility = 'public' AND ` + strings.Join(q.conds, " AND ") + `
		UNION ALL
		SELECT change_seq, country, city_id, kind, id, version, 1, '', '', '', NULL, ''
			FROM records r INDEXED BY records_by_change WHERE r.change_seq > ? AND r.change_seq <= ? AND r.visibility <> 'public' AND r.version > 1 AND ` + basic + `
		UNION ALL
		SELECT change_seq, country, city_id, kind, id, version, 1, '', '', '', NULL, ''
			FROM tombstones r INDEXED BY tombstones_by_change WHERE r.change_seq > ? AND r.change_seq <= ? AND ` + basic + `
		ORDER BY 1 LIMIT ?`
	var args []any
	args = append(append(append(args, after, upto), q.cargs...), after, upto)
	args = append(append(args, q.bargs...), after, upto)
	args = append(append(args, q.bargs...), limit)
	return query, args
}

// hubRecord builds the record of a watch message from its stored row.
func hubRecord(r *hcnetv1.WatchResponse, vis, signed, arrived string, env []byte, path string) (*hcnetv1.HubRecord, error) {
	h := &hcnetv1.HubRecord{Country: r.Country, CityId: r.CityId, Kind: r.Kind, Id: r.Id, Version: r.Version,
		SignTime: timestamppb.New(ParseTime(signed)), ArriveTime: timestamppb.New(ParseTime(arrived)),
		Envelope: &hcnetv1.Envelope{}, Record: &hcnetv1.SharedRecord{}, Path: DecodePath(path)}
	h.Visibility, _ = record.ParseEnum[hcnetv1.Visibility](vis)
	// Verified at ingest, before it was stored.
	if err := proto.Unmarshal(env, h.Envelope); err != nil {
		return nil, fmt.Errorf("envelope of %s/%s/%s: %w", h.Country, h.CityId, h.Id, err)
	}
	if err := proto.Unmarshal(h.Envelope.GetPayload(), h.Record); err != nil {
		return nil, fmt.Errorf("payload of %s/%s/%s: %w", h.Country, h.CityId, h.Id, err)
	}
	return h, nil
}

// LatestPublic reads the newest limit public records that f selects, newest
// change first; a filter without kinds selects every shared kind.
func (s *Store) LatestPublic(ctx context.Context, f *hcnetv1.SearchFilter, limit int) ([]feed.Entry, error) {
	const op = "hub.AtomFeed"
	var vs record.Violations
	conds, args := search.FilterConds(record.NewChecker("", &vs).At("filter"), f, search.SharedKinds)
	if err := errs.InvalidFields(op, vs); err != nil {
		return nil, err
	}
	rows, err := s.db.Read.QueryContext(ctx, `SELECT r.rowid, r.change_seq, r.country, r.city_id, r.kind, r.id, r.title, r.summary, r.sign_time, r.arrive_time, r.envelope,
			coalesce((SELECT c.title FROM records c WHERE c.kind = 'city' AND c.country = r.country AND c.city_id = r.city_id),
				(SELECT m.name FROM members m WHERE m.country = r.country AND m.city_id = r.city_id), r.city_id)
		FROM records r WHERE r.visibility = 'public' AND `+strings.Join(conds, " AND ")+`
		ORDER BY r.change_seq DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	var got []feed.Entry
	var rowids []int64
	for rows.Next() {
		var e feed.Entry
		var rowid int64
		var signed, arrived string
		var envBytes []byte
		if err := rows.Scan(&rowid, &e.Seq, &e.Country, &e.City, &e.Kind, &e.ID, &e.Title, &e.Summary, &signed, &arrived, &envBytes, &e.CityName); err != nil {
			rows.Close()
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		// Verified at ingest: read, not checked again.
		env, rec := &hcnetv1.Envelope{}, &hcnetv1.SharedRecord{}
		if proto.Unmarshal(envBytes, env) == nil && proto.Unmarshal(env.GetPayload(), rec) == nil {
			e.Record = rec
		}
		e.Signed, e.Arrived = ParseTime(signed), ParseTime(arrived)
		got = append(got, e)
		rowids = append(rowids, rowid)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	for i := range got {
		if got[i].Terms, err = s.terms(ctx, rowids[i]); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
	}
	return got, nil
}

// terms are a record's index terms, by facet and then value (numbers by
// their value, as search orders facet values).
func (s *Store) terms(ctx context.Context, rowid int64) ([]record.Term, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT facet, value FROM record_terms WHERE record = ?`, rowid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var terms []record.Term
	for rows.Next() {
		var t record.Term
		if err := rows.Scan(&t.Facet, &t.Value); err != nil {
			return nil, err
		}
		terms = append(terms, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.Slice(terms, func(i, j int) bool {
		if a, b := terms[i].Facet, terms[j].Facet; a != b {
			return a < b
		}
		return search.CompareValues(terms[i].Value, terms[j].Value) < 0
	})
	return terms, nil
}
