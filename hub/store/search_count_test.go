package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/search"
	"github.com/hcnet/hcnet/internal/envelope"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
)

// countCorpus is 2,500 practices, more than a search ranks (its window of
// 1,000), made by a rule countRule says again, so that the test knows
// every count without asking the store.
const countCorpus = 2500

// countRule is practice i's city, whether it says "walking" (else
// "cycling"), and its SDG goals.
func countRule(i int) (origin string, walking bool, goals []int) {
	origin = "se/malmo"
	if i%5 == 0 {
		origin = "fi/turku"
	}
	goals = []int{i%3 + 1}
	if i%4 == 0 {
		goals = append(goals, 11)
	}
	return origin, i%2 == 0, goals
}

// fillCounts adds the corpus in one batch, as ingest does.
func fillCounts(t *testing.T, f *fixture) {
	t.Helper()
	keys := map[string]nkeys.KeyPair{}
	var in []Incoming
	for i := range countCorpus {
		origin, walking, goals := countRule(i)
		word := "cycling"
		if walking {
			word = "walking"
		}
		tags := make([]any, len(goals))
		for j, g := range goals {
			tags[j] = g
		}
		rec := practice("en", en(fmt.Sprintf("Practice %d", i), "Streets for "+word, "People take to "+word+"."), tags...)
		if keys[origin] == nil {
			kp, err := nkeys.CreateUser()
			if err != nil {
				t.Fatal(err)
			}
			keys[origin] = kp
		}
		in = append(in, sealedPractice(t, keys[origin], origin, fmt.Sprintf("c%04d", i), 1, rec, f.clock))
	}
	res, err := f.store.Apply(context.Background(), in)
	if err != nil || res.Upserted != countCorpus {
		t.Fatalf("apply: %+v, %v", res, err)
	}
}

// sealedPractice is a practice as ingest hands it to Apply.
func sealedPractice(t *testing.T, kp nkeys.KeyPair, origin, id string, version int64, rec *hcnetv1.SharedRecord, at time.Time) Incoming {
	t.Helper()
	country, city, _ := strings.Cut(origin, "/")
	h := &hcnetv1.EnvelopeHeader{OriginCountry: country, OriginCity: city, Kind: "practice", Id: id,
		Version: version, Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK}
	env, err := envelope.Seal(kp, h, rec, at)
	if err != nil {
		t.Fatal(err)
	}
	b, err := proto.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := envelope.PeekHeader(env)
	if err != nil {
		t.Fatal(err)
	}
	return Incoming{Subject: fmt.Sprintf("hcnet.rec.%s.%s.practice.%s", country, city, id), Envelope: b, Header: sealed, Record: rec}
}

// A record replaced within the batch that brought it is counted once,
// with its last values: a batch's counts are written before a delete.
func TestFacetCountsReplacedInOneBatch(t *testing.T) {
	f := newFixture(t)
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	in := []Incoming{
		sealedPractice(t, kp, "se/malmo", "p1", 1, practice("en", en("Walks", "", ""), 1), f.clock),
		sealedPractice(t, kp, "se/malmo", "p1", 2, practice("en", en("Walks", "", ""), 2), f.clock),
		sealedPractice(t, kp, "se/malmo", "p2", 1, practice("en", en("Rides", "", ""), 2), f.clock),
	}
	if _, err := f.store.Apply(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	resp, err := f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	// Read from facet_counts, as a hub of a million would.
	var rows []string
	r, err := f.store.db.Read.Query(`SELECT facet || '=' || value || ':' || n FROM facet_counts WHERE n > 0 ORDER BY facet, value`)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for r.Next() {
		var s string
		if err := r.Scan(&s); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, s)
	}
	want := "[city=malmo:2 country=se:2 kind=practice:2 sdg=2:2]"
	if fmt.Sprint(rows) != want || resp.GetTotalSize() != 2 || fmt.Sprint(gotCounts(resp)["sdg"]) != "map[2:2]" {
		t.Errorf("facet_counts %v, total %d, sdg %v; want %s, 2, map[2:2]", rows, resp.GetTotalSize(), gotCounts(resp)["sdg"], want)
	}
}

// wantCounts counts, by the rule, the practices that keep selects: the
// total and the counts of the facets sdg, country and city.
func wantCounts(keep func(i int) bool) (int64, map[string]map[string]int64) {
	var total int64
	facets := map[string]map[string]int64{"sdg": {}, "country": {}, "city": {}, "kind": {}}
	for i := range countCorpus {
		if !keep(i) {
			continue
		}
		origin, _, goals := countRule(i)
		total++
		country, city, _ := strings.Cut(origin, "/")
		facets["country"][country]++
		facets["city"][city]++
		facets["kind"]["practice"]++
		for _, g := range goals {
			facets["sdg"][fmt.Sprint(g)]++
		}
	}
	return total, facets
}

// gotCounts is a response's facets as maps, for the facets wantCounts
// knows.
func gotCounts(resp *hcnetv1.SearchPracticesResponse) map[string]map[string]int64 {
	out := map[string]map[string]int64{}
	for _, f := range resp.GetFacets() {
		switch f.GetName() {
		case "sdg", "country", "city", "kind":
			out[f.GetName()] = map[string]int64{}
			for _, c := range f.GetCounts() {
				out[f.GetName()][c.GetValue()] = c.GetCount()
			}
		}
	}
	return out
}

// Totals and facet counts are exact past the window a search ranks: for
// words, for a facet filter, for both, and for nothing at all.
func TestSearchCountsExactPastTheWindow(t *testing.T) {
	f := newFixture(t)
	fillCounts(t, f)
	sdg := func(i, g int) bool {
		_, _, goals := countRule(i)
		for _, x := range goals {
			if x == g {
				return true
			}
		}
		return false
	}
	walking := func(i int) bool { _, w, _ := countRule(i); return w }
	for _, tc := range []struct {
		title  string
		req    *hcnetv1.SearchPracticesRequest
		keep   func(i int) bool
		ranked bool // more match than the window ranks
	}{
		{title: "words", req: &hcnetv1.SearchPracticesRequest{Query: "walking"}, keep: walking, ranked: true},
		{title: "a facet filter", req: &hcnetv1.SearchPracticesRequest{Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{1}}},
			keep: func(i int) bool { return sdg(i, 1) }},
		{title: "two facet values", req: &hcnetv1.SearchPracticesRequest{Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{1, 11}}},
			keep: func(i int) bool { return sdg(i, 1) || sdg(i, 11) }},
		{title: "a country", req: &hcnetv1.SearchPracticesRequest{Filter: &hcnetv1.SearchFilter{Countries: []string{"se"}}},
			keep: func(i int) bool { o, _, _ := countRule(i); return o == "se/malmo" }},
		{title: "words and a facet filter", req: &hcnetv1.SearchPracticesRequest{Query: "walking", Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{11}}},
			keep: func(i int) bool { return walking(i) && sdg(i, 11) }},
		{title: "nothing", req: &hcnetv1.SearchPracticesRequest{}, keep: func(int) bool { return true }},
	} {
		t.Run(tc.title, func(t *testing.T) {
			resp, err := f.store.Search(context.Background(), tc.req)
			if err != nil {
				t.Fatal(err)
			}
			total, facets := wantCounts(tc.keep)
			if resp.GetTotalSize() != total || resp.GetTotalSizeIsLowerBound() || resp.GetFacetCountsAreLowerBound() {
				t.Errorf("total %d (lower bound %v, facets %v), want exactly %d", resp.GetTotalSize(),
					resp.GetTotalSizeIsLowerBound(), resp.GetFacetCountsAreLowerBound(), total)
			}
			if got := gotCounts(resp); fmt.Sprint(got) != fmt.Sprint(facets) {
				t.Errorf("facets\n%v\nwant\n%v", got, facets)
			}
			wantRanked := int64(0)
			if tc.ranked {
				wantRanked = 1000
			}
			if resp.GetRankedSize() != wantRanked {
				t.Errorf("ranked_size %d, want %d", resp.GetRankedSize(), wantRanked)
			}
		})
	}
}

// Past what a search counts, totals and facets say they are lower
// bounds: the total counts the newest matches, the facets those ranked;
// the counts ingest keeps follow records replaced and withdrawn.
func TestSearchCountsLowerBoundAndReplaced(t *testing.T) {
	f := newFixture(t)
	fillCounts(t, f)
	f.store.search = search.New(f.store.db.Read, search.Limits{Count: 1200})
	resp, err := f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Query: "walking"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.GetTotalSize() != 1200 || !resp.GetTotalSizeIsLowerBound() || !resp.GetFacetCountsAreLowerBound() {
		t.Errorf("total %d (lower bound %v, facets %v), want at least 1200, both marked", resp.GetTotalSize(),
			resp.GetTotalSizeIsLowerBound(), resp.GetFacetCountsAreLowerBound())
	}
	if n := gotCounts(resp)["kind"]["practice"]; n != 1000 {
		t.Errorf("facets count %d practices, want the 1000 ranked", n)
	}
	// A facet filter's total comes from the kept counts whatever its
	// size; its facets, past the count, are marked.
	resp, err = f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Filter: &hcnetv1.SearchFilter{Countries: []string{"se"}}})
	if err != nil {
		t.Fatal(err)
	}
	if resp.GetTotalSize() != 2000 || resp.GetTotalSizeIsLowerBound() || !resp.GetFacetCountsAreLowerBound() {
		t.Errorf("se: total %d (lower bound %v, facets %v), want exactly 2000, facets marked", resp.GetTotalSize(),
			resp.GetTotalSizeIsLowerBound(), resp.GetFacetCountsAreLowerBound())
	}
	// Practice 0 (fi/turku, goals 1 and 11) comes again with goal 3 only,
	// and practice 5 (fi/turku) is withdrawn.
	f.versions["fi/turku/c0000"], f.versions["fi/turku/c0005"] = 1, 1
	f.put("fi/turku", "practice", "c0000", practice("en", en("Practice 0", "Streets for walking", ""), 3))
	f.withdraw("fi/turku", "practice", "c0005")
	f.put("fi/turku", "practice", "c9999", practice("en", en("Other", "", ""), 3))
	resp, err = f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"1": 833, "2": 833, "3": 834, "11": 624}
	got := gotCounts(resp)
	if resp.GetTotalSize() != countCorpus || fmt.Sprint(got["sdg"]) != fmt.Sprint(want) || got["country"]["fi"] != 500 {
		t.Errorf("after a replacement: total %d, sdg %v, fi %d; want %d, %v, 500", resp.GetTotalSize(), got["sdg"], got["country"]["fi"], countCorpus, want)
	}
}
