package browsertest

import (
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestHubPercentStaysWithItsNumber: on the equity matrix, the network's
// gaps and an indicator's comparison, in Swedish, French, Russian and
// English on a phone, no line ends between a number and its percent
// sign, even when every cell and sentence is squeezed as narrow as its
// longest unbreakable piece: that is where an ordinary space would let
// "34,4 %" break. The pages also pass axe-core at both widths.
func TestHubPercentStaysWithItsNumber(t *testing.T) {
	h := hubtest.Start(t)
	malmo := nodetest.Start(t)
	member(t, h, malmo)
	loadSample(t, malmo)
	delivered(t, h, malmo)
	srv := hubSite(t, h)
	ctx := New(t, 3*time.Minute)
	source := AxeSource(t)
	var found axeFindings

	// squeeze narrows the page's text to its longest unbreakable piece,
	// then counts the percentages whose number and sign sit on different
	// lines, and those it looked at.
	const squeeze = `(() => {
		for (const e of document.querySelectorAll('main td, main th, main p, main li, main span')) {
			e.style.width = 'min-content';
			e.style.maxWidth = 'min-content';
			e.style.display = 'inline-block';
		}
		const walk = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
		const res = {Seen: 0, Parted: []};
		for (let n = walk.nextNode(); n; n = walk.nextNode()) {
			for (const m of n.data.matchAll(/\d[\s\u00a0\u202f]*%/g)) {
				res.Seen++;
				const r = document.createRange();
				r.setStart(n, m.index);
				r.setEnd(n, m.index + m[0].length);
				const tops = new Set([...r.getClientRects()].filter(b => b.width > 0).map(b => Math.round(b.top)));
				if (tops.size > 1) res.Parted.push(n.data.trim().slice(0, 60));
			}
		}
		return res;
	})()`
	type parting struct {
		Seen   int
		Parted []string
	}
	for _, lang := range []string{"sv", "fr", "ru", "en"} {
		for _, p := range []struct{ name, path, wait string }{
			{"matrix", "/cities/se/malmo/equity", "table.matrix"},
			{"gaps", "/gaps", "table.gaps"},
			{"compare", "/compare?code=hcnet:obesity", "figure.chart"},
		} {
			for _, w := range widths {
				setWidth(t, ctx, w)
				to := srv.URL + "/lang?" + url.Values{"to": {lang}, "back": {p.path}}.Encode()
				if err := chromedp.Do(ctx, chromedp.Navigate(to), chromedp.WaitVisible(chromedp.CSS(p.wait))); err != nil {
					t.Fatalf("%s in %s: %v", p.name, lang, err)
				}
				Screenshot(t, ctx, p.name+"-"+lang+"-"+w.name)
				found.check(t, ctx, source, lang+" "+p.name, w)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[parting](squeeze))
			if err != nil {
				t.Fatal(err)
			}
			if got.Seen == 0 {
				t.Errorf("%s in %s shows no percentage to look at", p.name, lang)
			}
			for _, s := range got.Parted {
				t.Errorf("%s in %s parts a number from its percent sign: %q", p.name, lang, s)
			}
		}
	}
	found.report(t)
}
