package web

import (
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
)

// TestFrenchColonAfterAName: a name and its value joined by a colon (a
// refused field in the error summary, a search filter in force) take the
// narrow no-break space French sets before a colon, and none in English.
func TestFrenchColonAfterAName(t *testing.T) {
	srv := servePages(t, hubtest.Start(t))
	for _, c := range []struct{ lang, path, want, not string }{
		{"fr", "/compare?code=N00945", `<a href="#code">Code` + "\u202f: ", `<a href="#code">Code: `},
		{"en", "/compare?code=N00945", `<a href="#code">Code: `, "\u202f"},
		{"fr", "/search?q=école&country=se", "Pays\u202f: ", "Pays: "},
		{"en", "/search?q=school&country=se", "Country: ", "Country\u202f"},
	} {
		_, page := getIn(t, srv.URL, c.lang, c.path)
		if !strings.Contains(page, c.want) || strings.Contains(page, c.not) {
			i := max(0, strings.Index(page, "<main"))
			t.Errorf("%s %s: want %q and not %q in\n%s", c.lang, c.path, c.want, c.not, page[i:min(len(page), i+2500)])
		}
	}
}

// TestFrenchColonInTheIndicatorChart: the statistics' and the annual
// report's bars of indicator progress name each bar's city before its
// indicator with the colon French sets.
func TestFrenchColonInTheIndicatorChart(t *testing.T) {
	nw := startNetwork(t)
	for _, path := range []string{"/stats", "/report"} {
		_, page := getIn(t, nw.srv.URL, "fr", path)
		if !strings.Contains(page, "Malmö\u202f: Loneliness among residents 75+") || strings.Contains(page, "Malmö: Loneliness") {
			t.Errorf("fr %s: the chart's bar does not read %q", path, "Malmö\u202f: Loneliness among residents 75+")
		}
	}
}
