package feed

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
// changes are read watchPage at a time. A watch runs until ctx ends, send
// fails, or the store is stopping, which ends it with Unavailable.
func Watch(ctx context.Context, s Store, req *hcnetv1.WatchRequest, send func(*hcnetv1.WatchResponse) error) error {
	const op = "hub.Watch"
	q, err := newWatchQuery(s, req)
	if err != nil {
		return err
	}
	head, err := s.ChangeHead(ctx)
	if err != nil {
		return errs.Op(op, err)
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
		page, err := q.sel.Read(ctx, last, head, watchPage)
		if err != nil {
			return errs.Op(op, err)
		}
		if len(page) == 0 {
			break
		}
		for _, m := range page {
			last = m.Seq
			if fresh && m.Message.GetDeleted() {
				continue
			}
			m.Message.ResumeToken = q.token(last)
			if err := send(m.Message); err != nil {
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
		wake := s.NextChange()
		if s.Stopping() {
			return errs.E(op, errs.Unavailable, "the hub is shutting down; watch again with the last resume_token")
		}
		// Read up to the head read first: every change up to it is
		// committed, so once a short page is sent the watch stands at the
		// head even when no change matched its filter. Waiting at the last
		// match instead would read every unmatched change again at each
		// wake, a cost that grows with the changes since that match.
		head, err := s.ChangeHead(ctx)
		if err != nil {
			return errs.Op(op, err)
		}
		page, err := q.sel.Read(ctx, last, head, watchPage)
		if err != nil {
			return errs.Op(op, err)
		}
		for _, m := range page {
			last = m.Seq
			m.Message.ResumeToken = q.token(last)
			if err := send(m.Message); err != nil {
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

// watchPage is how many changes a watch reads at a time.
const watchPage = 256

// watchQuery is a watch's filter, compiled by the store, and its token
// key.
type watchQuery struct {
	sel   Changes
	key   string
	after int64
}

func newWatchQuery(s Store, req *hcnetv1.WatchRequest) (*watchQuery, error) {
	f := req.GetFilter()
	sel, err := s.SelectChanges(f)
	if err != nil {
		return nil, err
	}
	q := &watchQuery{sel: sel}
	h := fnv.New64a()
	b, _ := proto.MarshalOptions{Deterministic: true}.Marshal(f)
	h.Write(b)
	q.key = strconv.FormatUint(h.Sum64(), 36)
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
