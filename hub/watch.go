package hub

import (
	"context"
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Watch is a state feed of the hub's public records, in the order the hub
// applied their changes (records.change_seq and tombstones.change_seq):
//
//   - Replay: every public record matching the filter, each once at the
//     version the hub holds now, then one message with caught_up set (and
//     no record). Live: every change after that, as ingest applies it.
//   - A record changed several times while a client was away appears once,
//     at its latest version, at the place of its latest change: the feed
//     tells the state of each record, not every intermediate version.
//   - Every message carries a resume_token. Given back, the watch goes on
//     exactly after that message: nothing missed, nothing twice. A token
//     belongs to its filter; with another filter it is Invalid.
//   - A withdrawal (deleted set, no record) is sent for a record that was
//     withdrawn at its origin, or that stopped being public, in the watched
//     countries, cities and kinds. It names the record (city, kind, id,
//     version) and nothing else; the hub does not remember whether a
//     withdrawn record was ever public, so a client may be told of the
//     withdrawal of one it never saw (a network record's first version
//     is never announced). What it was tagged with is gone, so the
//     SDG, mechanism, sector and setting filters cannot apply to it: a
//     client drops the ids it holds and ignores the others. A fresh watch
//     (no token) gets no withdrawals in its replay, since it holds nothing.
//   - A public record changed so that it no longer matches the SDG,
//     mechanism, sector or setting filter is not withdrawn: the feed cannot
//     tell a client held its earlier version.
//
// Only public records are fed (DESIGN §3: network records stop at the
// hub's read API and are never in a public feed). Memory stays bounded:
// changes are read watchPage at a time.
func (s *Store) Watch(ctx context.Context, req *hcnetv1.WatchRequest, send func(*hcnetv1.WatchResponse) error) error {
	const op = "hub.Watch"
	q, err := newWatchQuery(req)
	if err != nil {
		return err
	}
	head, err := s.changeHead(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	last := q.after
	fresh := req.GetResumeToken() == ""
	if last > head {
		// A token from a hub whose database was replaced: start over.
		return errs.InvalidFields(op, record.Violations{{Field: "resume_token",
			Description: fmt.Sprintf("names change %d, and this hub has only %d; watch again without a token", last, head)}})
	}
	// Replay what the hub held when the watch began.
	for last < head {
		page, err := s.changes(ctx, q, last, head)
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		if len(page) == 0 {
			break
		}
		for _, m := range page {
			last = m.seq
			if fresh && m.resp.GetDeleted() {
				continue
			}
			m.resp.ResumeToken = q.token(last)
			if err := send(m.resp); err != nil {
				return err
			}
		}
	}
	last = head
	if err := send(&hcnetv1.WatchResponse{CaughtUp: true, ResumeToken: q.token(last)}); err != nil {
		return err
	}
	// Live: wait for the store's signal, taken before each read.
	for {
		wake := s.signal.Wait()
		if s.signal.Stopped() {
			return errs.E(op, errs.Unavailable, "the hub is shutting down; watch again with the last resume_token")
		}
		// Read up to the head read first: every change up to it is
		// committed, so once a short page is sent the watch stands at the
		// head even when no change matched its filter. Waiting at the last
		// match instead would read every unmatched change again at each
		// wake, a cost that grows with the changes since that match.
		head, err := s.changeHead(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		page, err := s.changes(ctx, q, last, head)
		if err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		for _, m := range page {
			last = m.seq
			m.resp.ResumeToken = q.token(last)
			if err := send(m.resp); err != nil {
				return err
			}
		}
		if len(page) == watchPage {
			continue
		}
		last = max(last, head)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-wake:
		}
	}
}

// StopWatches ends every running Watch with Unavailable, so that a
// graceful stop of the gRPC server need not wait for followers to leave.
func (s *Store) StopWatches() { s.signal.Stop() }

// watchPage is how many changes a watch reads at a time.
const watchPage = 256

const maxSeq = int64(1<<63 - 1)

// watchQuery is a watch's filter as SQL and its token key.
type watchQuery struct {
	conds []string // on records r: the full filter
	cargs []any
	basic []string // on records or tombstones r: countries, cities, kinds
	bargs []any
	key   string
	after int64
}

func newWatchQuery(req *hcnetv1.WatchRequest) (*watchQuery, error) {
	const op = "hub.Watch"
	var vs record.Violations
	c := record.NewChecker("", &vs)
	f := req.GetFilter()
	q := &watchQuery{}
	q.conds, q.cargs = filterConds(c.At("filter"), f, sharedKinds)
	kinds := f.GetKinds()
	if len(kinds) == 0 {
		for _, k := range sharedKinds {
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
		q.basic = append(q.basic, in.col+" IN ("+placeholders(len(in.values))+")")
		for _, v := range in.values {
			q.bargs = append(q.bargs, v)
		}
	}
	if len(q.basic) == 0 {
		q.basic = []string{"1"}
	}
	h := fnv.New64a()
	b, _ := proto.MarshalOptions{Deterministic: true}.Marshal(f)
	h.Write(b)
	q.key = strconv.FormatUint(h.Sum64(), 36)
	if err := errs.InvalidFields(op, vs); err != nil {
		return nil, err
	}
	after, err := q.parseToken(req.GetResumeToken())
	if err != nil {
		return nil, err
	}
	q.after = after
	return q, nil
}

// token is the resume token after change seq: "w1|KEY|SEQ", base64url.
func (q *watchQuery) token(seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("w1|" + q.key + "|" + strconv.FormatInt(seq, 10)))
}

func (q *watchQuery) parseToken(tok string) (int64, error) {
	if tok == "" {
		return 0, nil
	}
	bad := func(why string) error {
		return errs.InvalidFields("hub.Watch", record.Violations{{Field: "resume_token", Description: why}})
	}
	b, err := base64.RawURLEncoding.DecodeString(tok)
	parts := strings.Split(string(b), "|")
	if err != nil || len(parts) != 3 || parts[0] != "w1" {
		return 0, bad("is not a resume token of this hub's Watch")
	}
	seq, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || seq < 0 {
		return 0, bad("is not a resume token of this hub's Watch")
	}
	if parts[1] != q.key {
		return 0, bad("belongs to a watch with another filter; resume with the same filter, or watch again without a token")
	}
	return seq, nil
}

// changeHead is the number of the last change applied.
func (s *Store) changeHead(ctx context.Context) (int64, error) {
	var seq int64
	err := s.db.Read.QueryRowContext(ctx, `SELECT seq FROM change_counter WHERE id = 1`).Scan(&seq)
	return seq, err
}

type watchRow struct {
	seq  int64
	resp *hcnetv1.WatchResponse
	env  []byte // the envelope as stored, for the public NATS feed
}

// changes reads up to watchPage changes in (after, upto] that q selects:
// public records matching the filter, and as withdrawals the tombstones
// and non-public records of the watched countries, cities and kinds. Each
// record is in one place only (a row or a tombstone, at its latest
// change), and one writer numbers changes in commit order, so what one
// read sees is a prefix of the changes: paging on change_seq misses none.
//
// The change indexes are named: without statistics SQLite prefers the
// kind index for a kind filter (every watch has one), which reads every
// record of those kinds for each page instead of the page's changes.
func (s *Store) changes(ctx context.Context, q *watchQuery, after, upto int64) ([]watchRow, error) {
	query, args := q.changesSQL(after, upto)
	rows, err := s.db.Read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []watchRow
	for rows.Next() {
		var w watchRow
		r := &hcnetv1.WatchResponse{}
		var deleted bool
		var vis, signed, arrived, path string
		var env []byte
		if err := rows.Scan(&w.seq, &r.Country, &r.CityId, &r.Kind, &r.Id, &r.Version, &deleted, &vis, &signed, &arrived, &env, &path); err != nil {
			return nil, err
		}
		if deleted {
			r.Deleted = true
		} else if r.Record, err = hubRecord(r, vis, signed, arrived, env, path); err != nil {
			return nil, err
		}
		w.resp, w.env = r, env
		out = append(out, w)
	}
	return out, rows.Err()
}

// changesSQL is the query of changes and its arguments.
func (q *watchQuery) changesSQL(after, upto int64) (string, []any) {
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
	args = append(append(args, q.bargs...), watchPage)
	return query, args
}

// hubRecord builds the record of a watch message from its stored row.
func hubRecord(r *hcnetv1.WatchResponse, vis, signed, arrived string, env []byte, path string) (*hcnetv1.HubRecord, error) {
	h := &hcnetv1.HubRecord{Country: r.Country, CityId: r.CityId, Kind: r.Kind, Id: r.Id, Version: r.Version,
		SignTime: timestamppb.New(parseTime(signed)), ArriveTime: timestamppb.New(parseTime(arrived)),
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
