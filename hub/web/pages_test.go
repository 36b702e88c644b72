package web

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
)

func TestHubPages(t *testing.T) {
	nw := startNetwork(t)
	rec := "/records/se/malmo/"
	for _, tc := range []struct {
		title, path string
		code        int
		want        []string
	}{
		{title: "home", path: "/", code: http.StatusOK, want: []string{"Healthy Cities Sweden", `href="/feed.atom"`, `rel="alternate"`}},
		{title: "members", path: "/members", code: http.StatusOK, want: []string{"Malmö", `<span class="status green">Reporting</span>`, "1 reporting"}},
		{title: "search all", path: "/search", code: http.StatusOK, want: []string{"2 results", rec + nw.practice, rec + nw.adoption, "<h2>SDG goal</h2>"}},
		{title: "search words", path: "/search?q=promenad*", code: http.StatusOK, want: []string{"1 result for", "<mark>"}},
		{title: "search facet on", path: "/search?sdg=3", code: http.StatusOK, want: []string{
			`<a href="/search" aria-label="Remove filter SDG goal: SDG 3">`, "✓ SDG 3", "2 results"}},
		{title: "search facet adds to the query", path: "/search?q=walking", code: http.StatusOK, want: []string{`href="/search?q=walking&amp;sdg=3"`}},
		{title: "search bad query", path: "/search?q=%22unclosed", code: http.StatusBadRequest, want: []string{`id="q-error"`}},
		{title: "search bad facet", path: "/search?sdg=three", code: http.StatusOK, want: []string{`SDG goal &#34;three&#34; is not a number`}},
		{title: "stats", path: "/stats", code: http.StatusOK, want: []string{
			`<figcaption>Partnerships by sector</figcaption>`, `aria-label="health: 1 partnership"`, `href="/search?kind=partnership&amp;sector=health"`,
			`<figcaption>Practices by SDG goal</figcaption>`, `aria-label="SDG 3: 2 practices"`, "Indicator progress from baseline to target"}},
		{title: "stats of one city", path: "/stats?city=se/malmo", code: http.StatusOK, want: []string{"What Malmö (SE) shares", `<a href="/stats">The whole network</a>`}},
		{title: "partner finder form", path: "/partners", code: http.StatusOK, want: []string{`<label for="topic">Topic</label>`}},
		{title: "partner finder", path: "/partners?topic=walking", code: http.StatusOK, want: []string{"Malmö", rec + nw.practice}},
		{title: "partner finder bad setting", path: "/partners?setting=moon", code: http.StatusBadRequest, want: []string{`id="setting-error"`}},
		{title: "practice", path: rec + nw.practice, code: http.StatusOK, want: []string{
			"Promenadgrupper för äldre", `lang="en"`, "(original)", `<ol class="provenance">`, "signed by the city&#39;s node",
			"arrived at this hub", "Adopted by:", rec + nw.adoption}},
		{title: "adopted practice", path: rec + nw.adoption, code: http.StatusOK, want: []string{"Adopted from", `href="` + rec + nw.practice + `"`}},
		{title: "unknown record", path: rec + "01J00000000000000000000000", code: http.StatusNotFound},
		{title: "atom feed", path: "/feed.atom?sdg=3", code: http.StatusOK, want: []string{`<feed xmlns="http://www.w3.org/2005/Atom"`, rec + nw.practice}},
		{title: "report", path: "/report", code: http.StatusOK, want: []string{"annual report", `href="/report.csv"`, "Walking groups in Rosengård", "Partnerships by level"}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			code, hdr, page := nw.get(t, tc.path)
			if code != tc.code {
				t.Fatalf("GET %s: %d, want %d\n%s", tc.path, code, tc.code, page)
			}
			if !strings.Contains(hdr.Get("Content-Security-Policy"), "default-src 'none'") {
				t.Fatalf("no content security policy on %s", tc.path)
			}
			mustContain(t, page, tc.want...)
		})
	}
}

func TestReportCSV(t *testing.T) {
	nw := startNetwork(t)
	code, hdr, body := nw.get(t, "/report.csv")
	if code != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") || !strings.Contains(hdr.Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv: %d %v", code, hdr)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || strings.Join(rows[0], ",") != strings.Join(csvHeader, ",") {
		t.Fatalf("csv rows: %v", rows)
	}
	got := map[string]string{}
	for i, h := range rows[0] {
		got[h] = rows[1][i]
	}
	for k, want := range map[string]string{"city_id": "malmo", "reporting": "Reporting", "plan_adopted": "true", "shared_last_12_months": "true", "overdue": "false", "practices": "2", "partnerships": "1"} {
		if got[k] != want {
			t.Errorf("csv %s = %q, want %q", k, got[k], want)
		}
	}
}
