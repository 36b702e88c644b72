package browsertest

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestHubGapsOnAPhone: on a phone each of the network's largest gaps is a
// card, its rank leading its district or group's name and the size of
// the gap in sight, not four columns to the right of a table scrolled
// sideways.
func TestHubGapsOnAPhone(t *testing.T) {
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n)
	loadSample(t, n)
	delivered(t, h, n)
	srv := hubSite(t, h)
	ctx := New(t, 2*time.Minute)
	// On a desktop it stays a table.
	setWidth(t, ctx, widths[0])
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/gaps"), chromedp.WaitVisible(chromedp.CSS(`table.gaps td.gap`))); err != nil {
		t.Fatalf("the gaps page: %v", err)
	}
	if display, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('table.gaps')).display`)); err != nil || display != "table" {
		t.Errorf("on a desktop the gaps table is laid out as %q (%v)", display, err)
	}
	setWidth(t, ctx, widths[1])
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/gaps"), chromedp.WaitVisible(chromedp.CSS(`table.gaps td.gap`))); err != nil {
		t.Fatalf("the gaps page: %v", err)
	}
	Screenshot(t, ctx, "gaps-phone")
	got, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Overflow    bool
		Left, Right float64
		RankLine    bool
		Labels      []string
	}](`(() => {
		const wrap = document.querySelector('.table-wrap');
		const gap = document.querySelector('table.gaps td.gap').getBoundingClientRect();
		return {
			Overflow: wrap.scrollWidth > wrap.clientWidth + 1,
			Left: gap.left, Right: gap.right,
			RankLine: Math.abs(document.querySelector('table.gaps tbody td').getBoundingClientRect().top - document.querySelector('table.gaps tbody th').getBoundingClientRect().top) < 4,
			Labels: [...document.querySelectorAll('table.gaps tbody tr:first-child td')].map(td => getComputedStyle(td, '::before').content),
		};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if got.Overflow || got.Left < 0 || got.Right > float64(widths[1].w) {
		t.Errorf("the first gap is out of sight on a phone: table scrolls %v, cell from %.0f to %.0f px", got.Overflow, got.Left, got.Right)
	}
	if !got.RankLine {
		t.Error("the first gap's rank is not on its district's line")
	}
	labels := strings.Join(got.Labels, " ")
	for _, want := range []string{`"Indicator: "`, `"Gap: "`, `"Cities aiming at this group: "`} {
		if !strings.Contains(labels, want) {
			t.Errorf("no cell of the first gap is labelled %s: %s", want, labels)
		}
	}
}
