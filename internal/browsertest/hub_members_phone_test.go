package browsertest

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestHubMembersOnAPhone: on a phone the members table's rows become
// cards, each value under its column's name, so the reporting light and
// the membership need no sideways scrolling to be found; on a desktop it
// stays a table with its header row.
func TestHubMembersOnAPhone(t *testing.T) {
	h := hubtest.Start(t)
	member(t, h, nodetest.Start(t))
	srv := hubSite(t, h)
	ctx := New(t, 2*time.Minute)
	for _, w := range widths {
		setWidth(t, ctx, w)
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/members"), chromedp.WaitVisible(chromedp.CSS(`table.cards tbody th`))); err != nil {
			t.Fatalf("the members page at %d px: %v", w.w, err)
		}
		Screenshot(t, ctx, "members-cards-"+w.name)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
			Overflow bool
			Header   bool
			Labels   []string
		}](`(() => {
			const wrap = document.querySelector('.table-wrap');
			const head = document.querySelector('table.cards thead').getBoundingClientRect();
			return {
				Overflow: wrap.scrollWidth > wrap.clientWidth + 1,
				Header: head.width > 1 && head.height > 1,
				Labels: [...document.querySelectorAll('table.cards tbody td')]
					.map(td => getComputedStyle(td, '::before').content),
			};
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		labels := strings.Join(got.Labels, " ")
		if w.w < 600 {
			if got.Overflow || got.Header {
				t.Errorf("on a phone the members table scrolls sideways (%v) or shows its header row (%v)", got.Overflow, got.Header)
			}
			for _, want := range []string{`"Reporting: "`, `"Plan adopted: "`, `"Membership: "`} {
				if !strings.Contains(labels, want) {
					t.Errorf("on a phone no cell is labelled %s: %s", want, labels)
				}
			}
		} else if !got.Header || strings.Contains(labels, `: "`) {
			t.Errorf("on a desktop the members table lost its header row (%v) or labels its cells: %s", got.Header, labels)
		}
	}
}
