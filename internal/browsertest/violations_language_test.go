package browsertest

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestAPIViolationsInSwedish: a partnership that ends before it starts,
// typed on the node's Swedish form, and an indicator code without its
// scheme, asked of the hub's Swedish comparison, pass the pages' own
// reading; the APIs' violations come back in Swedish next to their
// fields, naming the other field by its label, at desktop and phone
// width, with no serious accessibility finding.
func TestAPIViolationsInSwedish(t *testing.T) {
	n := nodetest.Start(t)
	h := hubtest.Start(t)
	node := nodeSite(t, n)
	hub := hubSite(t, h)
	ctx := New(t, 2*time.Minute)
	axe := AxeSource(t)

	// seen checks the page the tab shows at both widths: its error next
	// to the field, in Swedish, and axe-core's findings.
	seen := func(name, errorID, want string) {
		t.Helper()
		for _, w := range []struct {
			suffix        string
			width, height int64
		}{{"", 1280, 900}, {"-phone", 390, 844}} {
			// The viewport changes without a reload, which would post
			// the form again.
			viewport := chromedp.EmulateViewport(w.width, w.height)
			if w.width < 600 {
				viewport = chromedp.EmulateViewport(w.width, w.height, chromedp.EmulateMobile)
			}
			if err := chromedp.Do(ctx, viewport, chromedp.WaitVisible(chromedp.ID(errorID))); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got := text(t, ctx, "#"+errorID); !strings.Contains(got, want) {
				t.Errorf("%s%s: %q, want %q", name, w.suffix, got, want)
			}
			if got := text(t, ctx, "html"); strings.Contains(got, "start_date") || strings.Contains(got, "health_plan.") {
				t.Errorf("%s%s names an API field: %q", name, w.suffix, got)
			}
			vs, err := Axe(ctx, axe)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				if v.Blocking() {
					t.Errorf("%s%s: %s", name, w.suffix, v)
				} else {
					t.Logf("%s%s: axe-core, not blocking: %s (%s)", name, w.suffix, v.ID, v.Impact)
				}
			}
			Screenshot(t, ctx, name+w.suffix)
		}
	}

	signIn(t, ctx, node.URL, n.Token)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(node.URL+"/partnerships/new"),
		chromedp.Click(chromedp.CSS(`nav.languages a[hreflang="sv"]`)),
		chromedp.WaitVisible(chromedp.CSS(`nav.languages a[hreflang="sv"][aria-current]`)),
		chromedp.Navigate(node.URL+"/partnerships/new"),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SendKeys(chromedp.ID("title"), "Gröna gårdar i Rosengård"),
		chromedp.SetValue(chromedp.ID("level"), "across_sectors"),
		chromedp.SetValue(chromedp.ID("status"), "active"),
		chromedp.SetValue(chromedp.ID("start_date"), "2025-05-01"),
		chromedp.SetValue(chromedp.ID("end_date"), "2025-01-01"),
		chromedp.Click(chromedp.CSS(`form#partnership-form button[type=submit]`)),
	); err != nil {
		t.Fatalf("submit the partnership: %v", err)
	}
	seen("02-sv-partnership-ends-before-it-starts", "end_date-error", "2025-01-01 är före ”Startdatum” (2025-05-01)")

	// Both sites are on 127.0.0.1, so the hub speaks the Swedish chosen
	// on the node.
	if err := chromedp.Do(ctx, chromedp.Navigate(hub.URL+"/compare?code=N00945")); err != nil {
		t.Fatal(err)
	}
	seen("03-sv-compare-code-without-scheme", "code-error", `"N00945" anger inget system: skriv system:kod, till exempel kolada:N00945`)
}
