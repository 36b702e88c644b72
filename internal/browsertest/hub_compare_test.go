package browsertest

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestHubCompareIndicatorAcrossCities: three sample cities share their
// coded indicators with a hub; a coordinator opens a city's indicator,
// follows its code to the comparison and sees one line and one table row
// per city, and the CSV download has the three cities' rows; on a desktop
// and on a phone.
func TestHubCompareIndicatorAcrossCities(t *testing.T) {
	h := hubtest.Start(t)
	nodes := []*nodetest.Node{
		nodetest.Start(t),
		nodetest.StartWith(t, nodetest.Options{CityID: "umea", Name: "Umeå", Country: "se"}),
		nodetest.StartWith(t, nodetest.Options{CityID: "orebro", Name: "Örebro", Country: "se"}),
	}
	for _, n := range nodes {
		member(t, h, n)
		loadSample(t, n)
	}
	for _, n := range nodes {
		delivered(t, h, n)
	}
	srv := hubSite(t, h)
	ctx := New(t, 3*time.Minute)

	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(srv.URL+"/compare"),
		chromedp.WaitVisible(chromedp.ID("codes")),
	); err != nil {
		t.Fatalf("the codes to compare: %v", err)
	}
	codes, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('tbody th a')].map(a => a.textContent)`))
	if err != nil || len(codes) < 2 {
		t.Fatalf("codes reported by more than one city: %q (%v)", codes, err)
	}
	Screenshot(t, ctx, "01-codes")

	// From a city's indicator to the comparison of its code.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/cities/se/umea"),
		chromedp.WaitVisible(chromedp.ID("kind-indicator")),
		chromedp.Click(chromedp.CSS(`#kind-indicator + ul a`)),
		chromedp.WaitVisible(chromedp.CSS(`dl.facts code`)),
	); err != nil {
		t.Fatalf("a city's indicator: %v", err)
	}
	Screenshot(t, ctx, "02-indicator-with-code")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`dl.facts a[href^="/compare?code="]`)),
		chromedp.WaitVisible(chromedp.ID("latest")),
	); err != nil {
		t.Fatalf("from an indicator to its comparison: %v", err)
	}
	series, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#compare svg.chart-svg g.series')].map(g => g.getAttribute('aria-label'))`))
	if err != nil || strings.Join(series, "|") != "Malmö|Umeå|Örebro" {
		t.Fatalf("chart series: %q (%v), want one per city", series, err)
	}
	cities, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('table.compare tbody th')].map(th => th.textContent.trim())`))
	if err != nil || strings.Join(cities, "|") != "Malmö|Umeå|Örebro" {
		t.Fatalf("table rows: %q (%v), want one per city", cities, err)
	}
	// The CSV the page links, fetched here: the pages' content security
	// policy lets no script of theirs fetch anything.
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('a[download]').href`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(href)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	csv := string(body)
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if len(lines) != 4 || !strings.Contains(csv, ",malmo,Malmö,") || !strings.Contains(csv, ",umea,Umeå,") || !strings.Contains(csv, ",orebro,Örebro,") {
		t.Fatalf("CSV, want a header and the three cities' rows:\n%s", csv)
	}
	Screenshot(t, ctx, "03-compare")

	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("latest"))); err != nil {
		t.Fatal(err)
	}
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
	if err != nil || wide {
		t.Fatalf("the comparison is wider than a phone (%v)", err)
	}
	Screenshot(t, ctx, "04-phone-compare")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/compare"), chromedp.WaitVisible(chromedp.ID("codes"))); err != nil {
		t.Fatal(err)
	}
	Screenshot(t, ctx, "05-phone-codes")
}
