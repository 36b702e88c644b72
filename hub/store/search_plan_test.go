package store

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hcnet/hcnet/hub/search"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
)

// planCorpus is how many practices fillPlans shares: more than the small
// windows and counts the test searches with, fewer than the defaults.
const planCorpus = 1500

// planCities are the cities of the corpus, practice i's is i%5.
var planCities = []string{"se/malmo", "se/lund", "fi/turku", "fi/oulu", "dk/aarhus"}

// fillPlans shares practices whose facets overlap in every proportion a
// filter may meet: common goals, a rare goal, settings of one in seven
// and one in eleven, a sector of one in thirteen, five cities in three
// countries; walking or cycling in their texts.
func fillPlans(t *testing.T, f *fixture) {
	t.Helper()
	keys := map[string]nkeys.KeyPair{}
	var in []Incoming
	for i := range planCorpus {
		origin := planCities[i%len(planCities)]
		tags := []any{i%3 + 1}
		if i%4 == 0 {
			tags = append(tags, 11)
		}
		if i%97 == 0 {
			tags = append(tags, 17)
		}
		if i%7 == 0 {
			tags = append(tags, hcnetv1.Setting_SETTING_SCHOOLS)
		}
		if i%11 == 0 {
			tags = append(tags, hcnetv1.Setting_SETTING_WORKPLACES)
		}
		if i%13 == 0 {
			tags = append(tags, hcnetv1.Sector_SECTOR_HOUSING)
		}
		word := "cycling"
		if i%2 == 0 {
			word = "walking"
		}
		rec := practice("en", en(fmt.Sprintf("Practice %d", i), "Streets for "+word, "People take to "+word+"."), tags...)
		if keys[origin] == nil {
			kp, err := nkeys.CreateUser()
			if err != nil {
				t.Fatal(err)
			}
			keys[origin] = kp
		}
		in = append(in, sealedPractice(t, keys[origin], origin, fmt.Sprintf("p%04d", i), 1, rec, f.clock))
	}
	if res, err := f.store.Apply(context.Background(), in); err != nil || res.Upserted != planCorpus {
		t.Fatalf("apply: %+v, %v", res, err)
	}
}

// allPages is a search's first response with the hits of every page.
func allPages(t *testing.T, e *search.Engine, req *hcnetv1.SearchPracticesRequest) *hcnetv1.SearchPracticesResponse {
	t.Helper()
	req = proto.Clone(req).(*hcnetv1.SearchPracticesRequest)
	req.PageSize = 100
	var first *hcnetv1.SearchPracticesResponse
	for {
		resp, err := e.Search(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = resp
		} else {
			first.Hits = append(first.Hits, resp.GetHits()...)
		}
		if resp.GetNextPageToken() == "" {
			return first
		}
		req.PageToken = resp.GetNextPageToken()
	}
}

// A filter's records found from its narrowest condition are the ones a
// walk of every record finds: the same window, pages, totals and facets,
// exact or marked alike, whichever condition leads.
func TestFilterLeadKeepsTheAnswer(t *testing.T) {
	f := newFixture(t)
	fillPlans(t, f)
	ctx := context.Background()
	schools, workplaces := hcnetv1.Setting_SETTING_SCHOOLS, hcnetv1.Setting_SETTING_WORKPLACES
	filters := []*hcnetv1.SearchFilter{
		{SdgGoals: []int32{11}, Settings: []hcnetv1.Setting{schools}},
		{SdgGoals: []int32{17}, Settings: []hcnetv1.Setting{workplaces}},
		{SdgGoals: []int32{17}, Settings: []hcnetv1.Setting{schools}},
		{SdgGoals: []int32{1, 2}, Settings: []hcnetv1.Setting{schools, workplaces}},
		{SdgGoals: []int32{11}, Countries: []string{"fi"}},
		{SdgGoals: []int32{11}, Cities: []string{"lund"}},
		{SdgGoals: []int32{17}, Cities: []string{"lund", "oulu"}},
		{Settings: []hcnetv1.Setting{schools}, Sectors: []hcnetv1.Sector{hcnetv1.Sector_SECTOR_HOUSING}, Countries: []string{"se"}},
		{Cities: []string{"aarhus"}},
		{SdgGoals: []int32{1, 2}, Cities: []string{"lund"}},
		{SdgGoals: []int32{1, 3}, Countries: []string{"dk"}},
		{SdgGoals: []int32{2, 3}, Cities: []string{"oulu", "aarhus"}},
		{SdgGoals: []int32{1, 2}, Countries: []string{"fi"}},
		{Countries: []string{"se", "dk"}, Cities: []string{"malmo"}},
		{SdgGoals: []int32{3}},
		{},
	}
	walks := map[string]int{}
	for _, limits := range []search.Limits{{}, {Window: 40, Count: 150, ScanBudget: 60}, {Window: 5, Count: 20, ScanBudget: 3}} {
		plain := limits
		plain.NoFilterLead = true
		want, got := search.New(f.store.db.Read, plain), search.New(f.store.db.Read, limits)
		for _, q := range []string{"", "walking", "zeppelin OR cycling"} {
			for fi, filter := range filters {
				name := fmt.Sprintf("limits %+v, %q, filter %d", limits, q, fi)
				req := &hcnetv1.SearchPracticesRequest{Query: q, Filter: filter}
				a, b := allPages(t, want, req), allPages(t, got, req)
				if !proto.Equal(a, b) {
					t.Errorf("%s: led answer differs:\n%s\nwant\n%s", name, summary(b), summary(a))
				}
				var c record.Checker
				conds, args := search.FilterConds(c, filter, []record.Kind{record.KindPractice})
				m, err := got.Window(ctx, q, conds, args)
				if err != nil {
					t.Fatal(err)
				}
				if m.Len() > 0 {
					walks[m.Walked()]++
				}
			}
		}
	}
	if walks["term"] < 5 || walks["place"] < 5 || walks["all"] < 5 {
		t.Errorf("windows found by each walk: %v; the test means at least 5 of each", walks)
	}
}

// The narrowest condition leads: a setting and a rare goal start from
// the rarer's records, a city from the city's, and a filter that
// selects most records walks them all.
func TestFilterLeadPicksTheNarrowest(t *testing.T) {
	f := newFixture(t)
	fillPlans(t, f)
	e := search.New(f.store.db.Read, search.Limits{Window: 200})
	for _, tc := range []struct {
		title  string
		filter *hcnetv1.SearchFilter
		want   string
	}{
		{"a rare goal and a setting", &hcnetv1.SearchFilter{SdgGoals: []int32{17}, Settings: []hcnetv1.Setting{hcnetv1.Setting_SETTING_SCHOOLS}}, "term"},
		{"two goals in a city", &hcnetv1.SearchFilter{SdgGoals: []int32{1, 2}, Cities: []string{"lund"}}, "place"},
		{"a common goal", &hcnetv1.SearchFilter{SdgGoals: []int32{1, 2, 3}}, "all"},
		{"no filter", &hcnetv1.SearchFilter{}, "all"},
	} {
		var c record.Checker
		conds, args := search.FilterConds(c, tc.filter, []record.Kind{record.KindPractice})
		m, err := e.Window(context.Background(), "", conds, args)
		if err != nil {
			t.Fatal(err)
		}
		if m.Walked() != tc.want || m.Len() == 0 {
			t.Errorf("%s: walked %q finding %d, want %q finding some", tc.title, m.Walked(), m.Len(), tc.want)
		}
	}
}

// summary is what a test says of a response: its counts and its hits' ids.
func summary(r *hcnetv1.SearchPracticesResponse) string {
	ids := make([]string, len(r.GetHits()))
	for i, h := range r.GetHits() {
		ids[i] = h.GetId()
	}
	r = proto.Clone(r).(*hcnetv1.SearchPracticesResponse)
	r.Hits = nil
	return fmt.Sprintf("%v\nhits %v", r, ids)
}

// Words under a filter that selects few of their matches are found
// walking the filter's records, a chunk at a time, and asking the index
// for the words over each chunk's stretch of rowids or record by record:
// the window is the one the walk of the words' matches finds.
func TestNarrowWalkKeepsTheWindow(t *testing.T) {
	f := newFixture(t)
	fillPlans(t, f)
	ctx := context.Background()
	filters := []*hcnetv1.SearchFilter{
		{},
		{SdgGoals: []int32{3}},
		{SdgGoals: []int32{17}},
		{SdgGoals: []int32{17}, Cities: []string{"lund"}},
		{SdgGoals: []int32{11}, Settings: []hcnetv1.Setting{hcnetv1.Setting_SETTING_SCHOOLS}},
		{SdgGoals: []int32{1, 2}, Countries: []string{"fi"}},
		{Settings: []hcnetv1.Setting{hcnetv1.Setting_SETTING_WORKPLACES}, Cities: []string{"malmo"}},
	}
	narrowed := 0
	for _, q := range []string{"walking", "zeppelin OR cycling", `"streets for"`, "practice"} {
		for fi, filter := range filters {
			for _, window := range []int{5, 40, 1200} {
				var c record.Checker
				conds, args := search.FilterConds(c, filter, []record.Kind{record.KindPractice})
				get := func(budget, span int) (*search.Window, []int64) {
					m, err := search.New(f.store.db.Read, search.Limits{Window: window, ScanBudget: budget, ProbeSpan: span}).Window(ctx, q, conds, args)
					if err != nil {
						t.Fatal(err)
					}
					ids := m.Rowids()
					slices.Sort(ids)
					return m, ids
				}
				wm, want := get(0, 0) // the corpus is within the budget: no narrow walk
				var gm *search.Window
				// By stretches, by records, and by whichever the spacing
				// of each chunk's records calls for.
				for _, span := range []int{1 << 20, 1, 0} {
					m, got := get(3, span)
					if !slices.Equal(got, want) || m.Capped() != wm.Capped() {
						t.Errorf("%q, filter %d, window %d, span %d: %d records (capped %v), want %d (capped %v)", q, fi, window, span,
							len(got), m.Capped(), len(want), wm.Capped())
					}
					gm = m
				}
				if wm.Walked() != "" {
					t.Errorf("%q, filter %d: walked the filter within the budget", q, fi)
				}
				if gm.Walked() != "" && len(want) > 0 {
					narrowed++
				}
			}
		}
	}
	if narrowed < 40 {
		t.Errorf("%d windows found by the narrow walk; the test means more", narrowed)
	}
}
