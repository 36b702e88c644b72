package browsertest

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestHubEquityMatrixAndGaps opens a sample city's equity matrix from
// one of its indicators, as a coordinator looking for who is behind,
// then the network's largest gaps, on a desktop and on a phone. The
// sample's priority districts lag their city on every indicator, so the
// matrix marks them beyond the threshold.
func TestHubEquityMatrixAndGaps(t *testing.T) {
	h := hubtest.Start(t)
	malmo := nodetest.Start(t)
	umea := nodetest.StartWith(t, nodetest.Options{CityID: "umea", Name: "Umeå", Country: "se"})
	for _, n := range []*nodetest.Node{malmo, umea} {
		member(t, h, n)
		loadSample(t, n)
		delivered(t, h, n)
	}
	srv := hubSite(t, h)
	ctx := New(t, 3*time.Minute)

	// From the city's page to an indicator, and from there to its row in
	// the matrix.
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(srv.URL+"/cities/se/malmo"),
		chromedp.WaitVisible(chromedp.ID("kind-indicator")),
		chromedp.Click(chromedp.CSS(`#kind-indicator + ul a`)),
		chromedp.WaitVisible(chromedp.CSS(`figure.chart svg`)),
		chromedp.Click(chromedp.CSS(`a[href*="/equity#indicator-"]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.matrix`)),
	); err != nil {
		t.Fatalf("from an indicator to the matrix: %v", err)
	}
	here, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.hash`))
	target, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('table.matrix tr:target').length`))
	if !strings.HasPrefix(here, "/cities/se/malmo/equity#indicator-") || target != 1 {
		t.Fatalf("the indicator's link leads to %q, %d rows targeted", here, target)
	}
	type cells struct {
		Rows, Worse, Near, Unworded int
	}
	count := func() cells {
		t.Helper()
		c, err := chromedp.Run(ctx, chromedp.Evaluate[cells](`(() => {
			const tds = [...document.querySelectorAll('table.matrix td.gap')];
			const worded = td => td.classList.contains('gap-none') || /worse|better|within|higher|lower|no city value|target|short/.test(td.textContent);
			return {
				Rows: document.querySelectorAll('table.matrix tbody tr').length,
				Worse: tds.filter(td => td.classList.contains('gap-worse') && td.textContent.includes('worse than the city')).length,
				Near: tds.filter(td => td.classList.contains('gap-near') && td.textContent.includes('within the threshold')).length,
				Unworded: tds.filter(td => !worded(td)).length,
			};
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	at10 := count()
	if at10.Rows < 2 || at10.Worse == 0 || at10.Unworded != 0 {
		t.Fatalf("the matrix at 10 %%: %+v", at10)
	}
	Screenshot(t, ctx, "01-matrix")

	// A larger threshold, chosen in the form, marks fewer.
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("threshold"), "60"),
		chromedp.Submit(chromedp.ID("threshold")),
		chromedp.WaitVisible(chromedp.CSS(`table.matrix`)),
	); err != nil {
		t.Fatal(err)
	}
	at60 := count()
	if at60.Worse >= at10.Worse || at60.Near <= at10.Near {
		t.Fatalf("at 60 %% the matrix marks %+v, at 10 %% %+v", at60, at10)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/cities/se/malmo/equity?against=target"),
		chromedp.WaitVisible(chromedp.CSS(`table.matrix`)),
	); err != nil {
		t.Fatal(err)
	}
	Screenshot(t, ctx, "02-matrix-target")

	// The network's gaps, reached from the navigation: the largest first.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`header nav a[href="/gaps"]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.gaps`)),
	); err != nil {
		t.Fatalf("the gaps page from the navigation: %v", err)
	}
	sizes, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[...document.querySelectorAll('table.gaps td.gap strong')].map(s => parseFloat(s.textContent.replace(/[^0-9.]/g, '')))`))
	if err != nil || len(sizes) < 2 {
		t.Fatalf("gaps listed: %v (%v)", sizes, err)
	}
	for i := 1; i < len(sizes); i++ {
		if sizes[i] > sizes[i-1] {
			t.Fatalf("gaps out of order: %v", sizes)
		}
	}
	Screenshot(t, ctx, "03-gaps")

	// On a phone the pages keep to the screen's width: the wide tables
	// scroll inside their own region.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	for _, page := range []struct{ name, path, wait string }{
		{"04-phone-matrix", "/cities/se/malmo/equity", `table.matrix`},
		{"05-phone-gaps", "/gaps", `table.gaps`},
		// A threshold that is no number is said next to its field.
		{"06-phone-bad-threshold", "/cities/se/malmo/equity?threshold=ten", `#threshold-error`},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+page.path), chromedp.WaitVisible(chromedp.CSS(page.wait))); err != nil {
			t.Fatalf("%s: %v", page.name, err)
		}
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
		if err != nil || wide {
			t.Fatalf("%s is wider than a phone (%v)", page.name, err)
		}
		Screenshot(t, ctx, page.name)
	}
}
