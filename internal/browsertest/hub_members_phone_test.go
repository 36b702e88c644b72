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
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/members"), chromedp.WaitVisible(chromedp.CSS(`table.phone-cards tbody th`))); err != nil {
			t.Fatalf("the members page at %d px: %v", w.w, err)
		}
		Screenshot(t, ctx, "members-cards-"+w.name)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
			Overflow bool
			Header   bool
			Table    bool
			Labels   []string
		}](`(() => {
			const wrap = document.querySelector('.table-wrap');
			const table = document.querySelector('table.phone-cards');
			const head = table.querySelector('thead').getBoundingClientRect();
			const first = table.querySelector('thead th').getBoundingClientRect(), row = table.querySelector('tbody th').getBoundingClientRect();
			return {
				Overflow: wrap.scrollWidth > wrap.clientWidth + 1,
				Header: head.width > 1 && head.height > 1,
				// A table laid out as one: the first row's city under the
				// header's first column.
				Table: getComputedStyle(table).display === 'table' && Math.abs(first.left - row.left) < 1 && row.top >= first.bottom,
				Labels: [...document.querySelectorAll('table.phone-cards tbody td')]
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
		} else if !got.Header || !got.Table || strings.Contains(labels, `: "`) {
			t.Errorf("on a desktop the members table lost its header row (%v), its columns (%v) or labels its cells: %s", got.Header, got.Table, labels)
		}
	}
}
