package browsertest

import (
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestHubFormatsInGermanFrenchRussian: in German, French and Russian the
// equity matrix, the gaps and an indicator's page show no ISO date and
// no percentage without its no-break space, and every label of the
// chart's time axis lies whole inside the chart, as the browser draws
// it, at desktop and phone width; each is screenshotted and passes
// axe-core without serious or critical violations.
func TestHubFormatsInGermanFrenchRussian(t *testing.T) {
	source := AxeSource(t)
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n)
	loadSample(t, n)
	delivered(t, h, n)
	srv := hubSite(t, h)
	ctx := New(t, 6*time.Minute)

	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(srv.URL+"/cities/se/malmo/equity"), chromedp.WaitVisible(chromedp.ID("matrix"))); err != nil {
		t.Fatal(err)
	}
	indicator, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new URL(document.querySelector('table.matrix tbody th a').href).pathname`))
	if err != nil || indicator == "" {
		t.Fatalf("an indicator of the matrix: %q (%v)", indicator, err)
	}
	pages := []struct{ name, path string }{
		{"matrix", "/cities/se/malmo/equity"},
		{"gaps", "/gaps"},
		{"indicator", indicator},
		{"stats", "/stats"},
	}
	iso := regexp.MustCompile(`\b20\d\d-\d\d-\d\d\b`)
	// A digit, then a percent sign with nothing or an ordinary space
	// between: what the languages here never write.
	barePct := regexp.MustCompile(`\d( ?)%`)
	var f axeFindings
	for _, lang := range []string{"de", "fr", "ru"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/lang?"+url.Values{"to": {lang}, "back": {"/"}}.Encode())); err != nil {
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
				if got[0] != lang {
					t.Errorf("%s in %s: the page says lang %q", p.name, lang, got[0])
				}
				if m := iso.FindString(got[1]); m != "" {
					t.Errorf("%s in %s shows the ISO date %s", p.name, lang, m)
				}
				if p.name == "stats" {
					if m := barePct.FindString(got[1]); m != "" {
						t.Errorf("%s in %s writes a percentage %q", p.name, lang, m)
					}
				}
				// Each time axis label lies inside its chart's drawing.
				cut, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('svg.chart-svg')].flatMap(svg => {
					const box = svg.getBoundingClientRect();
					return [...svg.querySelectorAll('text.tick[text-anchor="middle"]')].filter(t => {
						const r = t.getBoundingClientRect();
						return r.left < box.left - 0.5 || r.right > box.right + 0.5;
					}).map(t => t.textContent);
				})`))
				if err != nil {
					t.Fatal(err)
				}
				if len(cut) > 0 {
					t.Errorf("%s in %s at %s: axis labels past the chart's edge: %q", p.name, lang, w.name, cut)
				}
				Screenshot(t, ctx, lang+"-"+w.name+"-"+string(rune('a'+i))+"-"+p.name)
				f.check(t, ctx, source, lang+" "+p.path, w)
			}
		}
	}
	f.report(t)
}
