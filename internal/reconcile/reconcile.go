// Package reconcile compares two sets of (id, version) pairs across the
// network without sending either whole: the asking side (a node, or a hub
// asking its parent) sends a digest per id range, the answering side says
// which ranges differ and lists its pairs where a range is small, and the
// asker splits large differing ranges until it knows exactly what to
// re-send. When everything matches it costs one round trip of
// InitialRanges digests.
//
// Both sides compute the same Digest; the answering side's work per
// request is bounded by MaxRanges and MaxListed.
package reconcile

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sort"
	"strconv"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Limits of the exchange.
const (
	// InitialRanges is how many ranges the first request carries, and how
	// many parts a differing range too large to list is split into.
	InitialRanges = 16
	// MaxListed is the most pairs an answer lists for one range.
	MaxListed = 256
	// MaxRanges is the most ranges one request may carry.
	MaxRanges = 256
	// maxRounds bounds the rounds of splitting: each round narrows a
	// range sixteenfold, so this covers ids far longer than a ULID.
	maxRounds = 64
	// maxPending bounds the ranges one round may leave to the next: a
	// range is split only when the other side holds more than MaxListed
	// pairs in it, so this allows millions of pairs.
	maxPending = 1 << 16
)

// Pair is one record and its version. Kind is set on the other side's
// pairs when it names them; the digest leaves it out.
type Pair struct {
	ID      string
	Version int64
	Kind    string
	// Suspect marks a local pair whose version the other side may hold
	// with other content: one written after the asker's database was
	// restored from a backup. Its range never compares equal, so the
	// other side lists its version, and an equal version counts as
	// Newer: the asker must write above it.
	Suspect bool
}

// Digest is SHA-256 over "id/version\n" of every pair, in id order (the
// caller's order, which must be ascending by bytes). A suspect pair adds
// a byte no answering side writes, so its range differs.
func Digest(pairs []Pair) []byte {
	h := sha256.New()
	var b []byte
	for _, p := range pairs {
		b = append(b[:0], p.ID...)
		b = append(b, '/')
		b = strconv.AppendInt(b, p.Version, 10)
		if p.Suspect {
			b = append(b, '?')
		}
		b = append(b, '\n')
		h.Write(b)
	}
	return h.Sum(nil)
}

// In says whether id falls in [start, end); "" as end has no bound.
func In(id, start, end string) bool {
	return id >= start && (end == "" || id < end)
}

// Ask sends one signed request of ranges and returns the answer, one
// result per range in the same order.
type Ask func(ctx context.Context, ranges []*hcnetv1.DigestRange) ([]*hcnetv1.RangeResult, error)

// Result is what a comparison found.
type Result struct {
	// Total is how many pairs the local set holds.
	Total int64
	// Compared counts local pairs whose range was settled; Present those
	// the other side holds at the same version.
	Compared, Present int64
	// Send are local pairs the other side lacks or holds at an older
	// version.
	Send []Pair
	// Extra are pairs the other side holds that the local set lacks, at
	// the other side's version.
	Extra []Pair
	// Newer are local pairs the other side holds at a later version than
	// the local one, or has withdrawn at the local version or a later one:
	// nothing the asker can repair by sending what it holds.
	Newer []Pair
	// Ahead are the other side's pairs for Newer, in the same order: its
	// version (of the record, or of its tombstone) and kind. Only the
	// records' origin can act on them, by writing above that version.
	Ahead []Pair
	// Rounds is how many requests were made.
	Rounds int
}

// Compare compares local (sorted by id, ids unique) with the other side
// through ask. progress, when set, sees the result after every request.
func Compare(ctx context.Context, local []Pair, ask Ask, progress func(Result)) (Result, error) {
	if !sort.SliceIsSorted(local, func(i, j int) bool { return local[i].ID < local[j].ID }) {
		return Result{}, errors.New("reconcile: local pairs are not sorted by id")
	}
	res := Result{Total: int64(len(local))}
	pending, err := split(local, span{}, InitialRanges)
	if err != nil {
		return res, err
	}
	for round := 0; len(pending) > 0; round++ {
		if round == maxRounds {
			return res, fmt.Errorf("reconcile: ranges still differ after %d rounds", maxRounds)
		}
		var next []span
		for len(pending) > 0 {
			batch := pending[:min(len(pending), MaxRanges)]
			pending = pending[len(batch):]
			ranges := make([]*hcnetv1.DigestRange, len(batch))
			for i, s := range batch {
				in := s.of(local)
				ranges[i] = &hcnetv1.DigestRange{Start: s.start, End: s.end, Count: int64(len(in)), Digest: Digest(in)}
			}
			results, err := ask(ctx, ranges)
			res.Rounds++
			if err != nil {
				return res, err
			}
			if len(results) != len(ranges) {
				return res, fmt.Errorf("reconcile: asked about %d ranges, got %d answers", len(ranges), len(results))
			}
			for i, r := range results {
				s := batch[i]
				if r.GetStart() != s.start || r.GetEnd() != s.end {
					return res, fmt.Errorf("reconcile: answer %d is for [%q, %q), asked [%q, %q)", i, r.GetStart(), r.GetEnd(), s.start, s.end)
				}
				in := s.of(local)
				switch {
				case r.GetEqual():
					res.Compared += int64(len(in))
					res.Present += int64(len(in))
				case r.GetEntriesListed():
					res.diff(in, r.GetEntries(), r.GetWithdrawn())
				case r.GetHubCount() <= MaxListed:
					return res, fmt.Errorf("reconcile: range [%q, %q) differs with %d pairs but they were not listed", s.start, s.end, r.GetHubCount())
				default:
					parts, err := split(in, s, InitialRanges)
					if err != nil {
						return res, err
					}
					next = append(next, parts...)
				}
			}
			if progress != nil {
				progress(res)
			}
		}
		if len(next) > maxPending {
			return res, fmt.Errorf("reconcile: %d ranges still differ", len(next))
		}
		pending = next
	}
	return res, nil
}

// diff settles one listed range: local pairs against the other side's
// records and tombstones.
func (res *Result) diff(local []Pair, theirs, withdrawn []*hcnetv1.IdVersion) {
	have := make(map[string]*hcnetv1.IdVersion, len(theirs))
	for _, e := range theirs {
		have[e.GetId()] = e
	}
	gone := make(map[string]*hcnetv1.IdVersion, len(withdrawn))
	for _, e := range withdrawn {
		gone[e.GetId()] = e
	}
	for _, p := range local {
		res.Compared++
		e, ok := have[p.ID]
		delete(have, p.ID)
		if !ok {
			// A tombstone at the local version or later outranks what
			// the asker would send: the other side would keep it.
			if t := gone[p.ID]; t != nil && t.GetVersion() >= p.Version {
				res.Newer = append(res.Newer, p)
				res.Ahead = append(res.Ahead, Pair{ID: p.ID, Version: t.GetVersion(), Kind: t.GetKind()})
				continue
			}
		}
		switch {
		case !ok || e.GetVersion() < p.Version:
			res.Send = append(res.Send, p)
		case e.GetVersion() == p.Version && !p.Suspect:
			res.Present++
		default:
			res.Newer = append(res.Newer, p)
			res.Ahead = append(res.Ahead, Pair{ID: p.ID, Version: e.GetVersion(), Kind: e.GetKind()})
		}
	}
	for _, e := range theirs {
		if _, ok := have[e.GetId()]; ok {
			res.Extra = append(res.Extra, Pair{ID: e.GetId(), Version: e.GetVersion(), Kind: e.GetKind()})
		}
	}
}

// span is an id range [start, end); "" as end has no bound.
type span struct{ start, end string }

// of is the part of sorted pairs inside the span.
func (s span) of(pairs []Pair) []Pair {
	lo := sort.Search(len(pairs), func(i int) bool { return pairs[i].ID >= s.start })
	hi := len(pairs)
	if s.end != "" {
		hi = sort.Search(len(pairs), func(i int) bool { return pairs[i].ID >= s.end })
	}
	return pairs[lo:hi]
}

// split cuts s into k parts. With enough local ids the cuts fall at the
// local ids' quantiles, so every part holds a similar share of them;
// otherwise the id space is halved until there are k parts, which still
// narrows a range the other side holds many ids in.
func split(in []Pair, s span, k int) ([]span, error) {
	if len(in) >= k {
		out := make([]span, 0, k)
		start := s.start
		for j := 1; j < k; j++ {
			cut := in[j*len(in)/k].ID
			out = append(out, span{start, cut})
			start = cut
		}
		return append(out, span{start, s.end}), nil
	}
	parts := []span{s}
	for len(parts) < k {
		var halves []span
		for _, p := range parts {
			m, ok := Midpoint(p.start, p.end)
			if !ok {
				return nil, fmt.Errorf("reconcile: range [%q, %q) cannot be split", p.start, p.end)
			}
			halves = append(halves, span{p.start, m}, span{m, p.end})
		}
		parts = halves
	}
	return parts, nil
}

// Midpoint returns a string m with a < m < b by bytes ("" as b has no
// bound), made of ASCII bytes so it travels as a protobuf string. It
// reports false when a and b are not ASCII or no such m exists.
func Midpoint(a, b string) (string, bool) {
	for i := 0; i < len(a); i++ {
		if a[i] >= 0x80 {
			return "", false
		}
	}
	if b == "" {
		return above(a), true
	}
	if a >= b {
		return "", false
	}
	// First byte where a (padded with zeros) and b differ; a < b means
	// there is one within b.
	i := 0
	for ; i < len(b); i++ {
		da := byte(0)
		if i < len(a) {
			da = a[i]
		}
		db := b[i]
		if db >= 0x80 {
			return "", false
		}
		if da == db {
			continue
		}
		if db-da >= 2 {
			return b[:i] + string(rune((da+db)/2)), true
		}
		// Adjacent bytes: keep a's and go above the rest of a.
		rest := ""
		if i+1 < len(a) {
			rest = a[i+1:]
		}
		return b[:i] + string(rune(da)) + above(rest), true
	}
	return "", false // b is a padded with zero bytes
}

// above returns an ASCII string greater than a, roughly halfway to the
// end of the ASCII space at the first byte where there is room.
func above(a string) string {
	for i := 0; i < len(a); i++ {
		if a[i] < 0x7f {
			return a[:i] + string(rune((int(a[i])+0x80)/2))
		}
	}
	return a + "@"
}
