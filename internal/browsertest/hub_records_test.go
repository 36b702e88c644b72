package browsertest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestHubPlanAndIndicatorPages goes from the members page to a city's
// page, opens its health plan and one of the plan's indicators, on a
// desktop and on a phone, as a coordinator reading what a city shares.
func TestHubPlanAndIndicatorPages(t *testing.T) {
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n)
	loadSample(t, n)
	delivered(t, h, n)
	srv := hubSite(t, h)
	ctx := New(t, 3*time.Minute)
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(srv.URL+"/members"),
		chromedp.Click(chromedp.CSS(`a[href="/cities/se/malmo"]`)),
		chromedp.WaitVisible(chromedp.ID("kind-plan")),
	); err != nil {
		t.Fatalf("the city's page from the members page: %v", err)
	}
	Screenshot(t, ctx, "01-city")

	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#kind-plan + ul a`)),
		chromedp.WaitVisible(chromedp.ID("progress")),
	); err != nil {
		t.Fatalf("open the plan: %v", err)
	}
	planURL, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
	goals, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('section.goal h2')].filter(h => h.textContent.startsWith('Goal: ')).length`))
	actions, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('section.goal td .status').length`))
	counted, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll('ul.cards .n')].reduce((s, n) => s + Number(n.textContent), 0)`))
	if goals < 2 || actions < 2 || counted != actions {
		t.Fatalf("plan page: %d goals, %d actions with a progress, %d counted in the summary", goals, actions, counted)
	}
	Screenshot(t, ctx, "02-plan")

	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`section.goal tbody th a`)),
		chromedp.WaitVisible(chromedp.CSS(`figure.chart svg`)),
	); err != nil {
		t.Fatalf("open an indicator of the plan: %v", err)
	}
	indicatorURL, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
	series, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('svg.chart-svg g.series')].map(g => g.getAttribute('aria-label'))`))
	if err != nil {
		t.Fatal(err)
	}
	districts := 0
	for _, s := range series {
		if strings.HasPrefix(s, "District: ") {
			districts++
		}
	}
	if districts < 2 || !strings.Contains(strings.Join(series, "|"), "Whole city") {
		t.Fatalf("indicator chart series: %q", series)
	}
	back, _ := chromedp.Run(ctx, chromedp.Attributes(chromedp.CSS(`dl.facts dd a[href^="/records/"]`)))
	if !strings.HasSuffix(planURL, back["href"]) {
		t.Fatalf("the indicator links its plan at %q, the plan is at %s", back["href"], planURL)
	}
	Screenshot(t, ctx, "03-indicator")

	// The city's other kinds of record, for the screenshots: the first
	// of each its page lists.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/cities/se/malmo"), chromedp.WaitVisible(chromedp.ID("kind-plan"))); err != nil {
		t.Fatal(err)
	}
	first, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`Object.fromEntries(['partnership', 'success', 'endorsement']
		.map(k => [k, document.querySelector('#kind-' + k + ' + ul a')]).filter(([, a]) => a).map(([k, a]) => [k, a.href]))`))
	if err != nil || first["partnership"] == "" || first["success"] == "" {
		t.Fatalf("the city's page lists no partnership or success: %q (%v)", first, err)
	}
	kinds := []string{"partnership", "success", "endorsement"}
	for i, k := range kinds {
		if first[k] == "" {
			continue
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(first[k]), chromedp.WaitVisible(chromedp.CSS(`ol.provenance`))); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		Screenshot(t, ctx, fmt.Sprintf("%02d-%s", 4+i, k))
	}

	// On a phone the pages fit the screen's width: wide tables scroll
	// inside their own region, not the page.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	pages := []struct{ name, url, wait string }{
		{"10-phone-plan", planURL, `#progress`},
		{"11-phone-indicator", indicatorURL, `figure.chart svg`},
		{"12-phone-city", srv.URL + "/cities/se/malmo", `#kind-plan`},
	}
	for i, k := range kinds {
		if first[k] != "" {
			pages = append(pages, struct{ name, url, wait string }{fmt.Sprintf("%02d-phone-%s", 13+i, k), first[k], `ol.provenance`})
		}
	}
	for _, page := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(page.url), chromedp.WaitVisible(chromedp.CSS(page.wait))); err != nil {
			t.Fatalf("%s: %v", page.name, err)
		}
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
		if err != nil || wide {
			t.Fatalf("%s is wider than a phone (%v)", page.name, err)
		}
		Screenshot(t, ctx, page.name)
	}
}
