package browsertest

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestGapLegendOnAPhone: the equity matrix's legend says what each colour
// means beside its swatch where both fit, and on a phone puts the words
// whole under the swatch instead of starting them beside it and wrapping
// the rest under it.
func TestGapLegendOnAPhone(t *testing.T) {
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n)
	loadSample(t, n)
	delivered(t, h, n)
	srv := hubSite(t, h)
	ctx := New(t, 2*time.Minute)
	for _, w := range widths {
		setWidth(t, ctx, w)
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/lang?to=sv&back=%2Fcities%2Fse%2Fmalmo%2Fequity"),
			chromedp.WaitVisible(chromedp.CSS(`ul.gap-legend li`))); err != nil {
			t.Fatalf("the matrix at %d px: %v", w.w, err)
		}
		ragged, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('ul.gap-legend li')].flatMap(li => {
			const words = [...li.childNodes].filter(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()).pop();
			const r = document.createRange();
			r.selectNodeContents(words);
			const lines = [...r.getClientRects()];
			const swatch = li.querySelector('.gap').getBoundingClientRect();
			// Beside the swatch and on more than one line: the words flow
			// round it.
			const beside = lines[0].left >= swatch.right - 1;
			const wrapped = new Set(lines.map(l => Math.round(l.top))).size > 1;
			return beside && wrapped ? [words.textContent.trim()] : [];
		})`))
		if err != nil {
			t.Fatal(err)
		}
		if len(ragged) > 0 {
			t.Errorf("at %d px the legend's words start beside their swatch and wrap under it: %s", w.w, strings.Join(ragged, " | "))
		}
		if w.w < 600 {
			Screenshot(t, ctx, "legend-phone")
		}
	}
}
