package store

import (
	"testing"

	"github.com/hcnet/hcnet/hub/search"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// Counting two conditions together (facet_pairs) changes how a search
// walks, never what it answers: a filter two of whose conditions select
// nothing together is known empty without a walk, and one of two that
// selects more than the count is marked "at least" without counting a
// walk, with the same window, pages, totals, facets and marks as the
// walk gives.
func TestPairCountsKeepTheAnswer(t *testing.T) {
	f := newFixture(t)
	fillPlans(t, f)
	schools, islands := hcnetv1.Setting_SETTING_SCHOOLS, hcnetv1.Setting_SETTING_ISLANDS
	filters := []*hcnetv1.SearchFilter{
		{SdgGoals: []int32{11}, Settings: []hcnetv1.Setting{schools}},
		{SdgGoals: []int32{3}, Settings: []hcnetv1.Setting{islands}}, // no record is on an island
		{SdgGoals: []int32{17}, Sectors: []hcnetv1.Sector{hcnetv1.Sector_SECTOR_HOUSING}},
		{SdgGoals: []int32{1}, Cities: []string{"lund"}},
		{SdgGoals: []int32{11}, Cities: []string{"nowhere"}},
		{Settings: []hcnetv1.Setting{schools}, Countries: []string{"se"}},
		{SdgGoals: []int32{2}, Countries: []string{"no"}},
		{SdgGoals: []int32{1, 2}, Cities: []string{"lund"}}, // two values: not counted exactly
		{SdgGoals: []int32{11}, Cities: []string{"lund", "oulu"}},
		// Three conditions, or several values: empty when two of them
		// are, else walked.
		{SdgGoals: []int32{3}, Settings: []hcnetv1.Setting{islands}, Countries: []string{"se"}},
		{SdgGoals: []int32{1, 2}, Settings: []hcnetv1.Setting{islands}},
		{SdgGoals: []int32{17}, Countries: []string{"se"}, Cities: []string{"nowhere"}},
		{SdgGoals: []int32{11}, Settings: []hcnetv1.Setting{schools}, Cities: []string{"lund"}},
		{SdgGoals: []int32{1, 2}, Sectors: []hcnetv1.Sector{hcnetv1.Sector_SECTOR_HOUSING}, Countries: []string{"fi", "dk"}},
		{SdgGoals: []int32{17, 1}, Cities: []string{"nowhere", "lund"}}, // the first values' pair holds none
	}
	empty, atLeast := 0, 0
	for _, limits := range []search.Limits{{}, {Window: 40, Count: 150, ScanBudget: 60}, {Window: 5, Count: 20, ScanBudget: 3}} {
		plain := limits
		plain.NoPairCounts = true
		want, got := search.New(f.store.db.Read, plain), search.New(f.store.db.Read, limits)
		for _, q := range []string{"", "walking", "zeppelin OR cycling"} {
			for fi, filter := range filters {
				req := &hcnetv1.SearchPracticesRequest{Query: q, Filter: filter}
				a, b := allPages(t, want, req), allPages(t, got, req)
				if !proto.Equal(a, b) {
					t.Errorf("limits %+v, %q, filter %d: answer with pairs differs:\n%s\nwant\n%s", limits, q, fi, summary(b), summary(a))
				}
				if b.GetTotalSize() == 0 {
					empty++
				}
				if q == "" && b.GetTotalSizeIsLowerBound() {
					atLeast++
				}
			}
		}
	}
	if empty < 18 || atLeast < 3 {
		t.Errorf("%d answers empty, %d marked at least without words; the test means at least 18 and 3", empty, atLeast)
	}
}
