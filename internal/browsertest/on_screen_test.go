package browsertest

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
)

// offScreen is what reaches past the right edge of the screen: the
// page's own width beyond it, elements that a reader cannot scroll to
// except by moving the whole page, and tables made to become cards on a
// phone that still scroll sideways.
type offScreen struct {
	Over     int      `json:"over"`
	Elements []string `json:"elements"`
	Cards    []string `json:"cards"`
	// Scrolled names the tables that scroll sideways in their own box,
	// which is allowed: a shadow at the edge says columns are hidden.
	Scrolled []string `json:"scrolled"`
}

// onScreen fails the test when anything on the page reaches past the
// screen's right edge, other than inside a box that scrolls sideways on
// its own, or when a table marked phone-cards scrolls at all. It logs
// the tables that scroll in their box, and returns what it found.
func onScreen(t *testing.T, ctx context.Context, page string, w width) offScreen {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[offScreen](`(() => {
		// The layout's width: a phone's browser widens its window
		// (innerWidth) to whatever the page is wide.
		const vw = document.documentElement.clientWidth;
		const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '');
		// Inside a box that scrolls or clips sideways, a reader reaches
		// the element by scrolling that box, not the page.
		const boxed = e => {
			for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
				if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX)) return true;
			}
			return false;
		};
		const elements = [];
		for (const e of document.body.querySelectorAll('*')) {
			const r = e.getBoundingClientRect();
			if (r.width > 0 && r.height > 0 && r.right > vw + 1 && !boxed(e)) elements.push(name(e) + ' ends at ' + Math.round(r.right));
		}
		// Words that do not break run out of their element's box without
		// widening it: each line of text is measured too.
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		const range = document.createRange();
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			if (!n.textContent.trim() || boxed(n)) continue;
			range.selectNodeContents(n);
			const right = Math.max(0, ...[...range.getClientRects()].map(r => r.right));
			if (right > vw + 1) elements.push('text "' + n.textContent.trim().slice(0, 40) + '" in ' + name(n.parentElement) + ' ends at ' + Math.round(right));
		}
		const wide = w => w.scrollWidth > w.clientWidth + 1;
		const label = w => (w.getAttribute('aria-label') || w.getAttribute('aria-labelledby') || '') + ' ' + w.scrollWidth + '/' + w.clientWidth;
		const wraps = [...document.querySelectorAll('.table-wrap')];
		return {
			over: document.documentElement.scrollWidth - vw,
			elements: elements.slice(0, 10),
			cards: wraps.filter(w => w.querySelector('table.phone-cards') && wide(w)).map(label),
			scrolled: wraps.filter(w => !w.querySelector('table.phone-cards') && wide(w)).map(label),
		};
	})()`))
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	if s.Over > 0 {
		t.Errorf("%s at %d px: the page is %d px wider than the screen", page, w.w, s.Over)
	}
	if len(s.Elements) > 0 {
		t.Errorf("%s at %d px: past the screen's right edge: %v", page, w.w, s.Elements)
	}
	if len(s.Cards) > 0 {
		t.Errorf("%s at %d px: tables that become cards on a phone scroll sideways (width/box): %v", page, w.w, s.Cards)
	}
	if len(s.Scrolled) > 0 {
		t.Logf("%s at %d px: tables scrolled sideways in their box (width/box): %v", page, w.w, s.Scrolled)
	}
	return s
}
