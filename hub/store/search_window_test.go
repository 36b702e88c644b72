package store

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hcnet/hcnet/hub/search"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestLeadByTermKeepsTheWindow wants the window that a facet term leads
// to be the one the plain walk finds, across windows and scan budgets
// that send it through each of its stretches and to the narrow walk.
func TestLeadByTermKeepsTheWindow(t *testing.T) {
	st := benchStore(t)
	fillCorpus(t, st, 0, 3000)
	ctx := context.Background()
	filters := []*hcnetv1.SearchFilter{
		{SdgGoals: []int32{11}},
		{SdgGoals: []int32{3}},
		{SdgGoals: []int32{11}, Countries: []string{"se"}},
		{SdgGoals: []int32{11, 12}},
		{SdgGoals: []int32{2}},
	}
	leads := 0
	for _, q := range []string{"health", "garden", "noise OR water", "gen*", "zeppelin"} {
		for fi, f := range filters {
			for _, window := range []int{5, 50, 400} {
				for _, budget := range []int{3, 60, 20000} {
					var c record.Checker
					conds, args := search.FilterConds(c, f, []record.Kind{record.KindPractice})
					var led bool
					get := func(lead bool) ([]int64, bool) {
						e := search.New(st.db.Read, search.Limits{Window: window, ScanBudget: budget, NoTermLead: !lead})
						m, err := e.Window(ctx, q, conds, args)
						if err != nil {
							t.Fatal(err)
						}
						ids := m.Rowids()
						slices.Sort(ids)
						led = led || m.Led()
						return ids, m.Capped()
					}
					want, wantCapped := get(false)
					got, gotCapped := get(true)
					name := fmt.Sprintf("%q, filter %d, window %d, budget %d", q, fi, window, budget)
					if !slices.Equal(got, want) || gotCapped != wantCapped {
						t.Errorf("%s: %d records (capped %v), want %d (capped %v)", name, len(got), gotCapped, len(want), wantCapped)
					}
					if led && len(want) > 0 {
						leads++
					}
				}
			}
		}
	}
	if leads < 50 {
		t.Errorf("%d searches led by a term found records; the test means more", leads)
	}
}
