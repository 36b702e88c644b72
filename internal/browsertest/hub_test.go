package browsertest

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestHubSearchAndOpenPractice searches the hub's practices as a visitor
// would, narrows by a facet, opens a practice and finds its provenance.
func TestHubSearchAndOpenPractice(t *testing.T) {
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n)
	loadSample(t, n)
	delivered(t, h, n)
	srv := hubSite(t, h)
	ctx := New(t, 3*time.Minute)
	// From the home page's search box: it has no results, so waiting for
	// them waits for the results page.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), "promenad*"),
		chromedp.Submit(chromedp.ID("q")),
		chromedp.WaitVisible(chromedp.ID("results")),
	); err != nil {
		t.Fatalf("search: %v", err)
	}
	heading, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("results")))
	if !strings.Contains(heading, "for “promenad*”") {
		t.Fatalf("results heading: %q", heading)
	}
	Screenshot(t, ctx, "01-search-results")
	// A facet link narrows the results and shows as a removable filter.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav.facets a[href*="sdg=3"]`)),
		chromedp.WaitVisible(chromedp.CSS(`ul.filters a`)),
	); err != nil {
		t.Fatalf("facet: %v", err)
	}
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`ol.hits h3 a`)))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`ol.hits h3 a`)),
		chromedp.WaitVisible(chromedp.CSS(`ol.provenance`)),
	); err != nil {
		t.Fatalf("open the practice: %v", err)
	}
	h1, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`h1`)))
	hops, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`ol.provenance`)))
	if strings.TrimSpace(h1) != strings.TrimSpace(title) || !strings.Contains(hops, "signed by the city's node") || !strings.Contains(hops, "arrived at this hub") {
		t.Fatalf("practice page: title %q (hit %q), provenance %q", h1, title, hops)
	}
	Screenshot(t, ctx, "02-practice")

	// The other pages, for the screenshots.
	for _, page := range []struct{ name, path, wait string }{
		{"03-members", "/members", `span.status`},
		{"04-stats", "/stats", `figure.chart svg`},
		{"05-partners", "/partners?topic=walking", `ol.hits`},
		{"06-report", "/report", `figure.chart svg`},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+page.path), chromedp.WaitVisible(chromedp.CSS(page.wait))); err != nil {
			t.Fatalf("%s: %v", page.name, err)
		}
		Screenshot(t, ctx, page.name)
	}
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(srv.URL+"/search?q=walking"),
		chromedp.WaitVisible(chromedp.CSS(`ol.hits`)),
	); err != nil {
		t.Fatalf("phone: %v", err)
	}
	Screenshot(t, ctx, "07-phone-search")
}
