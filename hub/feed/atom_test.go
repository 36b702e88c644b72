package feed

import (
	"net/url"
	"strings"
	"testing"
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

func parseQuery(s string) (map[string][]string, error) { return url.ParseQuery(s) }
