package reconcile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/oklog/ulid/v2"
)

// other is the answering side as a hub is: its pairs by id, answered
// range by range with the same limits.
type other struct {
	pairs    []Pair
	gone     []Pair // tombstones, listed with the entries
	requests int
	ranges   int
}

func (o *other) ask(_ context.Context, ranges []*hcnetv1.DigestRange) ([]*hcnetv1.RangeResult, error) {
	o.requests++
	o.ranges += len(ranges)
	if len(ranges) > MaxRanges {
		return nil, fmt.Errorf("%d ranges in one request", len(ranges))
	}
	out := make([]*hcnetv1.RangeResult, len(ranges))
	for i, r := range ranges {
		in := span{r.GetStart(), r.GetEnd()}.of(o.pairs)
		res := &hcnetv1.RangeResult{Start: r.GetStart(), End: r.GetEnd(), HubCount: int64(len(in))}
		res.Equal = int64(len(in)) == r.GetCount() && bytes.Equal(Digest(in), r.GetDigest())
		if !res.Equal && len(in) <= MaxListed {
			res.EntriesListed = true
			for _, p := range in {
				res.Entries = append(res.Entries, &hcnetv1.IdVersion{Id: p.ID, Version: p.Version, Kind: p.Kind})
			}
			for _, p := range (span{r.GetStart(), r.GetEnd()}).of(o.gone) {
				res.Withdrawn = append(res.Withdrawn, &hcnetv1.IdVersion{Id: p.ID, Version: p.Version, Kind: p.Kind})
			}
		}
		out[i] = res
	}
	return out, nil
}

func ids(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = ulid.Make().String()
	}
	return out
}

func sorted(ps []Pair) []Pair {
	ps = slices.Clone(ps)
	sort.Slice(ps, func(i, j int) bool { return ps[i].ID < ps[j].ID })
	return ps
}

func pairsOf(ids []string, v int64) []Pair {
	out := make([]Pair, len(ids))
	for i, id := range ids {
		out[i] = Pair{ID: id, Version: v}
	}
	return out
}

func idsOf(ps []Pair) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = fmt.Sprintf("%s/%d", p.ID, p.Version)
	}
	sort.Strings(out)
	return out
}

func TestCompare(t *testing.T) {
	base := ids(3000)
	extra := ids(700) // made after base: all in one narrow stretch of ids
	for _, tc := range []struct {
		title               string
		local, theirs       []Pair
		send, more, newer   []Pair
		present             int64
		maxRequests         int
		wantRequestsExactly int
	}{
		{title: "both empty", wantRequestsExactly: 1},
		{title: "equal sets are one request", local: pairsOf(base, 1), theirs: pairsOf(base, 1), present: 3000, wantRequestsExactly: 1},
		{title: "city ids and record ids together", local: append(pairsOf(base[:20], 2), Pair{ID: "malmo", Version: 4}), theirs: append(pairsOf(base[:20], 2), Pair{ID: "malmo", Version: 3}),
			present: 20, send: []Pair{{ID: "malmo", Version: 4}}, maxRequests: 2},
		{title: "missing, stale, extra and newer",
			local:  append(pairsOf(base[:10], 2), Pair{ID: base[10], Version: 3}, Pair{ID: base[11], Version: 1}, Pair{ID: base[12], Version: 1}),
			theirs: append(pairsOf(base[:10], 2), Pair{ID: base[10], Version: 2}, Pair{ID: base[11], Version: 5}, Pair{ID: base[13], Version: 7}),
			send:   []Pair{{ID: base[10], Version: 3}, {ID: base[12], Version: 1}}, more: []Pair{{ID: base[13], Version: 7}}, newer: []Pair{{ID: base[11], Version: 1}}, present: 10, maxRequests: 2},
		{title: "everything missing at the other side", local: pairsOf(base, 1), send: pairsOf(base, 1), maxRequests: 2},
		{title: "many extras in a narrow stretch are found by splitting", local: pairsOf(base, 1), theirs: append(pairsOf(base, 1), pairsOf(extra, 1)...),
			present: 3000, more: pairsOf(extra, 1), maxRequests: 40},
		{title: "many extras and nothing local", theirs: pairsOf(extra, 3), more: pairsOf(extra, 3), maxRequests: 40},
	} {
		t.Run(tc.title, func(t *testing.T) {
			o := &other{pairs: sorted(tc.theirs)}
			local := sorted(tc.local)
			var seen []Result
			res, err := Compare(context.Background(), local, o.ask, func(r Result) { seen = append(seen, r) })
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != int64(len(local)) || res.Compared != int64(len(local)) || res.Present != tc.present {
				t.Errorf("total %d compared %d present %d, want %d, %d, %d", res.Total, res.Compared, res.Present, len(local), len(local), tc.present)
			}
			for _, c := range []struct {
				name      string
				got, want []Pair
			}{{"send", res.Send, tc.send}, {"extra", res.Extra, tc.more}, {"newer", res.Newer, tc.newer}} {
				if !slices.Equal(idsOf(c.got), idsOf(c.want)) {
					t.Errorf("%s: %d pairs, want %d", c.name, len(c.got), len(c.want))
				}
			}
			if tc.wantRequestsExactly > 0 && o.requests != tc.wantRequestsExactly {
				t.Errorf("%d requests, want %d", o.requests, tc.wantRequestsExactly)
			}
			if tc.maxRequests > 0 && o.requests > tc.maxRequests {
				t.Errorf("%d requests, want at most %d", o.requests, tc.maxRequests)
			}
			if len(seen) != o.requests || res.Rounds != o.requests {
				t.Errorf("progress seen %d times, rounds %d, for %d requests", len(seen), res.Rounds, o.requests)
			}
		})
	}
}

func TestCompareRefusesBadAnswers(t *testing.T) {
	local := pairsOf(ids(40), 1)
	for _, tc := range []struct {
		title string
		ask   Ask
		want  string
	}{
		{title: "an error from the other side", want: "down",
			ask: func(context.Context, []*hcnetv1.DigestRange) ([]*hcnetv1.RangeResult, error) {
				return nil, errors.New("down")
			}},
		{title: "too few answers", want: "answers",
			ask: func(_ context.Context, r []*hcnetv1.DigestRange) ([]*hcnetv1.RangeResult, error) { return nil, nil }},
		{title: "answers for other ranges", want: "asked",
			ask: func(_ context.Context, r []*hcnetv1.DigestRange) ([]*hcnetv1.RangeResult, error) {
				out := make([]*hcnetv1.RangeResult, len(r))
				for i := range out {
					out[i] = &hcnetv1.RangeResult{Start: "x", Equal: true}
				}
				return out, nil
			}},
		{title: "a small differing range not listed", want: "not listed",
			ask: func(_ context.Context, r []*hcnetv1.DigestRange) ([]*hcnetv1.RangeResult, error) {
				out := make([]*hcnetv1.RangeResult, len(r))
				for i, x := range r {
					out[i] = &hcnetv1.RangeResult{Start: x.GetStart(), End: x.GetEnd(), HubCount: 3}
				}
				return out, nil
			}},
		{title: "ranges that never settle", want: "rounds",
			ask: func(_ context.Context, r []*hcnetv1.DigestRange) ([]*hcnetv1.RangeResult, error) {
				out := make([]*hcnetv1.RangeResult, len(r))
				for i, x := range r {
					out[i] = &hcnetv1.RangeResult{Start: x.GetStart(), End: x.GetEnd(), HubCount: 1000, Equal: i > 0}
				}
				return out, nil
			}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			_, err := Compare(context.Background(), sorted(local), tc.ask, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
		})
	}
	if _, err := Compare(context.Background(), []Pair{{ID: "b", Version: 1}, {ID: "a", Version: 1}}, (&other{}).ask, nil); err == nil {
		t.Fatal("unsorted local pairs accepted")
	}
}

func TestMidpoint(t *testing.T) {
	for _, tc := range []struct {
		title, a, b string
		ok          bool
	}{
		{title: "whole space", ok: true},
		{title: "open end", a: "01J9ZZZZ", ok: true},
		{title: "open end after the last ASCII byte", a: "\x7f\x7f", ok: true},
		{title: "wide gap", a: "0", b: "Z", ok: true},
		{title: "adjacent bytes", a: "01J8", b: "01J9", ok: true},
		{title: "prefix", a: "01J", b: "01J5", ok: true},
		{title: "prefix and a zero byte", a: "a", b: "a\x00\x01", ok: true},
		{title: "nothing between", a: "a", b: "a\x00", ok: false},
		{title: "reversed", a: "b", b: "a", ok: false},
		{title: "equal", a: "a", b: "a", ok: false},
		{title: "not ASCII", a: "malmö", ok: false},
	} {
		t.Run(tc.title, func(t *testing.T) {
			m, ok := Midpoint(tc.a, tc.b)
			if ok != tc.ok {
				t.Fatalf("Midpoint(%q, %q) = %q, %v; want ok %v", tc.a, tc.b, m, ok, tc.ok)
			}
			if ok {
				checkBetween(t, tc.a, tc.b, m)
			}
		})
	}
	r := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]byte, r.IntN(6))
		for i := range b {
			b[i] = byte(0x21 + r.IntN(0x5e))
		}
		return string(b)
	}
	for i := 0; i < 10000; i++ {
		a, b := word(), word()
		if a == b {
			continue
		}
		if a > b {
			a, b = b, a
		}
		if m, ok := Midpoint(a, b); ok {
			checkBetween(t, a, b, m)
		} else if !strings.HasPrefix(b, a) {
			t.Fatalf("no midpoint between %q and %q", a, b)
		}
	}
}

func checkBetween(t *testing.T, a, b, m string) {
	t.Helper()
	if m <= a || (b != "" && m >= b) {
		t.Fatalf("Midpoint(%q, %q) = %q is not between", a, b, m)
	}
	for i := 0; i < len(m); i++ {
		if m[i] >= 0x80 {
			t.Fatalf("Midpoint(%q, %q) = %q is not ASCII", a, b, m)
		}
	}
}

func TestDigest(t *testing.T) {
	a := Digest([]Pair{{ID: "A", Version: 1}, {ID: "B", Version: 2}})
	for _, tc := range []struct {
		title string
		pairs []Pair
		same  bool
	}{
		{title: "same pairs", pairs: []Pair{{ID: "A", Version: 1}, {ID: "B", Version: 2}}, same: true},
		{title: "another version", pairs: []Pair{{ID: "A", Version: 1}, {ID: "B", Version: 3}}},
		{title: "one fewer", pairs: []Pair{{ID: "A", Version: 1}}},
		{title: "bytes moved between id and version", pairs: []Pair{{ID: "A", Version: 1}, {ID: "B/2\nC", Version: 2}}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			if got := bytes.Equal(Digest(tc.pairs), a); got != tc.same {
				t.Fatalf("equal %v, want %v", got, tc.same)
			}
		})
	}
}

// TestCompareAhead: where the other side holds a later version or a
// tombstone at the local version or later, the pair is Newer and Ahead
// names the other side's version and kind; an older tombstone is
// outranked by what the asker sends.
func TestCompareAhead(t *testing.T) {
	base := ids(20)
	local := sorted(append(pairsOf(base[:17], 1), Pair{ID: base[17], Version: 2}, Pair{ID: base[18], Version: 3}))
	o := &other{
		pairs: sorted(append(pairsOf(base[:16], 1), Pair{ID: base[16], Version: 4, Kind: "practice"}, Pair{ID: base[19], Version: 2, Kind: "partner"})),
		gone:  sorted([]Pair{{ID: base[17], Version: 2, Kind: "success"}, {ID: base[18], Version: 2, Kind: "practice"}}),
	}
	res, err := Compare(context.Background(), local, o.ask, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := idsOf(res.Newer), idsOf([]Pair{{ID: base[16], Version: 1}, {ID: base[17], Version: 2}}); !slices.Equal(got, want) {
		t.Errorf("newer %v, want %v", got, want)
	}
	ahead := map[string]Pair{}
	for i, p := range res.Ahead {
		if p.ID != res.Newer[i].ID {
			t.Fatalf("ahead[%d] is %s, newer[%d] %s", i, p.ID, i, res.Newer[i].ID)
		}
		ahead[p.ID] = p
	}
	if p := ahead[base[16]]; p.Version != 4 || p.Kind != "practice" {
		t.Errorf("ahead of a later version: %+v", p)
	}
	if p := ahead[base[17]]; p.Version != 2 || p.Kind != "success" {
		t.Errorf("ahead of a tombstone: %+v", p)
	}
	if got, want := idsOf(res.Send), idsOf([]Pair{{ID: base[18], Version: 3}}); !slices.Equal(got, want) {
		t.Errorf("send %v, want %v (above an older tombstone)", got, want)
	}
	if len(res.Extra) != 1 || res.Extra[0].ID != base[19] || res.Extra[0].Kind != "partner" {
		t.Errorf("extra %+v, want %s with its kind", res.Extra, base[19])
	}
}

// TestCompareSuspect: a suspect pair is never taken as present, even
// where the other side holds the same version; its range is listed
// however the digests would compare, and the others stay present.
func TestCompareSuspect(t *testing.T) {
	base := ids(40)
	local := pairsOf(base, 2)
	o := &other{pairs: sorted(pairsOf(base, 2))}
	local = sorted(local)
	local[7].Suspect = true
	res, err := Compare(context.Background(), local, o.ask, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Newer) != 1 || res.Newer[0].ID != local[7].ID || res.Ahead[0].Version != 2 {
		t.Fatalf("newer %+v ahead %+v, want only the suspect pair at the other side's version 2", res.Newer, res.Ahead)
	}
	if res.Present != 39 || len(res.Send) != 0 || len(res.Extra) != 0 {
		t.Errorf("present %d, send %d, extra %d; want 39, 0, 0", res.Present, len(res.Send), len(res.Extra))
	}
}
