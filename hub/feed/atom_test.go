package feed

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/record"
)

func TestAtomFilter(t *testing.T) {
	tests := []struct {
		title string
		query string
		want  string // canonical query, or the error's text
		bad   bool
	}{
		{title: "default practices", query: "", want: "kind=practice"},
		{title: "lists and repeats", query: "sdg=3,10&sdg=11&country=se&mechanism=step_by_step", want: "country=se&kind=practice&mechanism=step_by_step&sdg=10&sdg=11&sdg=3"},
		{title: "bad sdg", query: "sdg=three", want: "not an SDG goal", bad: true},
		{title: "bad sector", query: "sector=magic", want: "sector", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			v, _ := parseQuery(tt.query)
			f, err := atomFilter(v)
			if tt.bad {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("got %v, want an error with %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := canonicalQuery(f); got != tt.want {
				t.Fatalf("canonical %q, want %q", got, tt.want)
			}
		})
	}
}

// A value the store refuses is reported under the query parameter the
// reader wrote, not the filter field behind it.
func TestAtomViolationsNameTheParameter(t *testing.T) {
	vs := record.Violations{
		{Field: "filter.sdg_goals[0]", Description: "99 is not an SDG goal (1–17)"},
		{Field: "filter.kinds[1]", Description: `"foo" is not a kind of shared record`},
		{Field: "lang", Description: `"xx" is not a language tag`},
	}
	want := "sdg: 99 is not an SDG goal (1–17)\nkind: \"foo\" is not a kind of shared record\nlang: \"xx\" is not a language tag"
	if got := violationText(vs); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func parseQuery(s string) (map[string][]string, error) { return url.ParseQuery(s) }

// TestAtomCategories: categories are the SDG goals, mechanisms, sectors
// and settings, in that order, each in the store's order of values; other
// facets are not shown.
func TestAtomCategories(t *testing.T) {
	terms := []record.Term{
		{Facet: record.FacetMechanism, Value: "step_by_step"},
		{Facet: record.FacetPlan, Value: "01J9Z8Y7X6W5V4T3S2R1Q0P9N8"},
		{Facet: record.FacetSDGGoal, Value: "3"},
		{Facet: record.FacetSDGGoal, Value: "10"},
		{Facet: record.FacetSDGTarget, Value: "3.4"},
		{Facet: record.FacetSector, Value: "health"},
		{Facet: record.FacetSetting, Value: "schools"},
		{Facet: record.FacetSetting, Value: "markets"},
	}
	want := []atomCategory{
		{Term: "sdg:3", Label: "SDG 3"}, {Term: "sdg:10", Label: "SDG 10"},
		{Term: "mechanism:step_by_step", Label: "step_by_step"},
		{Term: "sector:health", Label: "health"},
		{Term: "setting:schools", Label: "schools"}, {Term: "setting:markets", Label: "markets"},
	}
	if got := atomCategories(terms); !reflect.DeepEqual(got, want) {
		t.Fatalf("categories %+v\nwant %+v", got, want)
	}
}
