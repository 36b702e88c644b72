package browsertest

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestHubCompareTypographyInFrenchAndGerman: the comparison of a code the
// sample cities share, read in French and in German on a desktop and on a
// phone: no number is written with a hyphen-minus for its sign, no
// French text lets a line break before : ; ! ? or inside « », the page
// fits the screen, and axe-core finds nothing serious.
func TestHubCompareTypographyInFrenchAndGerman(t *testing.T) {
	source := AxeSource(t)
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
	ctx := New(t, 4*time.Minute)

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/compare"), chromedp.WaitVisible(chromedp.ID("codes"))); err != nil {
		t.Fatalf("the codes to compare: %v", err)
	}
	code, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('tbody th a').textContent`))
	if err != nil || code == "" {
		t.Fatalf("a code reported by more than one city: %q (%v)", code, err)
	}
	page := "/compare?code=" + url.QueryEscape(code)

	// badSigns lists the page's numbers whose sign is a hyphen-minus:
	// one after a space, a bracket or the start of a text, before a
	// digit (a date's hyphens follow digits).
	const badSigns = `[...document.querySelectorAll('main td, main th, main p, main text')]
		.map(e => e.textContent).filter(s => /(^|[\s(])-\d/.test(s))`
	// minusSigns counts the numbers written with the minus sign.
	const minusSigns = `[...document.querySelectorAll('main td')].filter(e => /\u2212\d/.test(e.textContent)).length`
	// frenchBreaks lists the page's texts, and the names a phone's
	// cards write before each value, with an ordinary space or none
	// before : ; ! ? » or after «.
	const frenchBreaks = `(() => { const out = []; const bad = /[ \t\n][:;!?»]|«[ \t\n]/;
		const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n; (n = w.nextNode()); ) { if (bad.test(n.data)) out.push(n.data.trim()); }
		for (const td of document.querySelectorAll('td[data-label]')) {
			const c = getComputedStyle(td, '::before').content;
			if (c !== 'none' && c !== 'normal' && (bad.test(c) || /[^\u202f\u00a0 ]:/.test(c))) out.push(c);
		}
		return out; })()`

	var f axeFindings
	for _, lang := range []string{"fr", "de"} {
		for _, w := range widths {
			setWidth(t, ctx, w)
			if err := chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/lang?to="+lang+"&back="+url.QueryEscape(page)),
				chromedp.WaitVisible(chromedp.CSS(`html[lang="`+lang+`"] #latest`)),
			); err != nil {
				t.Fatalf("%s comparison: %v", lang, err)
			}
			name := fmt.Sprintf("%s-compare-%d", lang, w.w)
			f.check(t, ctx, source, name, w)
			fits(t, ctx, name, w)
			Screenshot(t, ctx, name)
			bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](badSigns))
			if err != nil || len(bad) > 0 {
				t.Errorf("%s: numbers signed with a hyphen-minus: %q (%v)", name, bad, err)
			}
			minus, err := chromedp.Run(ctx, chromedp.Evaluate[int](minusSigns))
			if err != nil {
				t.Fatal(err)
			}
			if minus == 0 {
				t.Errorf("%s: no change is written with the minus sign; the sample cities' values fell somewhere", name)
			}
			if lang == "fr" {
				breaks, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](frenchBreaks))
				if err != nil || len(breaks) > 0 {
					t.Errorf("%s: texts that may break before their punctuation: %q (%v)", name, breaks, err)
				}
			}
		}
	}
	f.report(t)
}
