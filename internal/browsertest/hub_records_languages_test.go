package browsertest

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestHubRecordPagesInSwedishAndRussian: a reader who chose Swedish, then
// Russian, opens a sample city's page, one record of each kind it
// shares, the comparison of a code, the city's equity matrix (also with
// a threshold refused) and the network's gaps, at desktop and phone
// width; each page is in the chosen language, is screenshotted and
// passes axe-core without serious or critical violations.
func TestHubRecordPagesInSwedishAndRussian(t *testing.T) {
	source := AxeSource(t)
	h := hubtest.Start(t)
	nodes := []*nodetest.Node{
		nodetest.Start(t),
		nodetest.StartWith(t, nodetest.Options{CityID: "umea", Name: "Umeå", Country: "se"}),
	}
	for _, n := range nodes {
		member(t, h, n)
		loadSample(t, n)
	}
	for _, n := range nodes {
		delivered(t, h, n)
	}
	srv := hubSite(t, h)
	ctx := New(t, 6*time.Minute)

	// One record of each kind the city's page lists, and a code two
	// cities report.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/cities/se/malmo"), chromedp.WaitVisible(chromedp.ID("shared"))); err != nil {
		t.Fatal(err)
	}
	records, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`Object.fromEntries([...document.querySelectorAll('section[aria-labelledby^="kind-"]')].map(s => [s.getAttribute('aria-labelledby').slice(5), new URL(s.querySelector('ul a').href).pathname]))`))
	if err != nil || len(records) < 6 {
		t.Fatalf("records of the sample city: %v (%v)", records, err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/compare"), chromedp.WaitVisible(chromedp.ID("codes"))); err != nil {
		t.Fatal(err)
	}
	code, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('tbody th a').textContent`))
	if err != nil || code == "" {
		t.Fatalf("a code to compare: %q (%v)", code, err)
	}
	type page struct{ name, path string }
	pages := []page{{"city", "/cities/se/malmo"}}
	for _, kind := range []string{"partnership", "plan", "indicator", "practice", "success", "endorsement"} {
		if p, ok := records[kind]; ok {
			pages = append(pages, page{kind, p})
		}
	}
	pages = append(pages,
		page{"compare", "/compare?" + url.Values{"code": {code}}.Encode()},
		page{"matrix", "/cities/se/malmo/equity"},
		page{"matrix-bad-threshold", "/cities/se/malmo/equity?threshold=abc"},
		page{"gaps", "/gaps"},
	)

	var f axeFindings
	for _, lang := range []struct{ code, provenance string }{{"sv", "Ursprung"}, {"ru", "Происхождение"}} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/lang?"+url.Values{"to": {lang.code}, "back": {"/"}}.Encode())); err != nil {
			t.Fatal(err)
		}
		for _, w := range widths {
			setWidth(t, ctx, w)
			for i, p := range pages {
				if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
					t.Fatalf("open %s: %v", p.path, err)
				}
				got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.documentElement.lang, document.querySelector('main').innerText]`))
				if err != nil {
					t.Fatal(err)
				}
				if got[0] != lang.code {
					t.Errorf("%s in %s: the page says lang %q", p.name, lang.code, got[0])
				}
				if strings.HasPrefix(p.path, "/records/") && !strings.Contains(got[1], lang.provenance) {
					t.Errorf("%s in %s: no %q heading", p.name, lang.code, lang.provenance)
				}
				Screenshot(t, ctx, lang.code+"-"+w.name+"-"+string(rune('a'+i))+"-"+p.name)
				f.check(t, ctx, source, lang.code+" "+p.path, w)
			}
		}
	}
	f.report(t)
}
