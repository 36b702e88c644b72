package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestEquityDatesAndNumbersInLanguage: the matrix, the gaps and an
// indicator's page write their dates and numbers as German and Russian
// readers write them, with no ISO date left on the page outside links.
func TestEquityDatesAndNumbersInLanguage(t *testing.T) {
	ec := startEquityCities(t)
	iso := regexp.MustCompile(`>[^<]*\b20\d\d-\d\d-\d\d\b[^<]*<`)
	for _, lang := range []string{"de", "ru"} {
		for _, tc := range []struct {
			path string
			want []string
		}{
			// Women 65+ are compared with the city's value of an
			// earlier day, which the cell names; their own is later.
			{"/cities/se/malmo/equity", []string{"(31.03.2026)", "31.12.2025", "34,4"}},
			{"/gaps", []string{"31.12.2025", "34,4", "21,5"}},
			{"/records/se/malmo/" + ec.loneliness, []string{"31.12.2025", "31.03.2026", "21,5", "31.12.2030"}},
		} {
			code, page := getIn(t, ec.srv.URL, lang, tc.path)
			if code != http.StatusOK {
				t.Fatalf("%s %s: %d", lang, tc.path, code)
			}
			mustContain(t, page, tc.want...)
			if m := iso.FindString(page); m != "" {
				t.Errorf("%s %s shows an ISO date: %q", lang, tc.path, m)
			}
		}
	}
	// English keeps ISO 8601.
	_, page := ec.get(t, "/cities/se/malmo/equity")
	mustContain(t, page, "(2026-03-31)")
}

// TestStatsPercentInLanguage: the mean progress is a percentage written
// the language's way, its sign held by a no-break space in German.
func TestStatsPercentInLanguage(t *testing.T) {
	nw := startNetwork(t)
	_, page := getIn(t, nw.srv.URL, "de", "/stats")
	n := regexp.MustCompile(`<span class="n">([^<]*%)</span>`).FindStringSubmatch(page)
	if n == nil || !strings.HasSuffix(n[1], "\u00a0%") {
		t.Fatalf("German stats: mean progress %q, want a no-break space before %%", n)
	}
	_, _, page = nw.get(t, "/stats")
	if n := regexp.MustCompile(`<span class="n">([^<]*%)</span>`).FindStringSubmatch(page); n == nil || strings.ContainsAny(n[1], " \u00a0") {
		t.Fatalf("English stats: mean progress %q", n)
	}
}
