package browsertest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestNodeShellInSwedishAndRussian shows the dashboard, the accounts and
// password pages, a list, a delete confirmation, the previews of what
// the network sees and the hub page (with a join error) in Swedish and
// Russian at desktop and phone width: each is screenshot, checked with
// axe-core, and must not be wider than the screen, as longer words
// might make it.
func TestNodeShellInSwedishAndRussian(t *testing.T) {
	source := AxeSource(t)
	n := nodetest.Start(t)
	sum := loadSample(t, n)
	srv, acc := accountSite(t, n)
	if _, err := acc.Add(context.Background(), "ada", accounts.Admin, "password ada"); err != nil {
		t.Fatal(err)
	}
	ctx := New(t, 6*time.Minute)
	signInAs(t, ctx, srv.URL, "ada", "password ada")
	pages := []struct{ name, path, want string }{
		{"dashboard", "/", "#by-sector"},
		{"accounts", "/accounts", "#role"},
		{"password", "/password", "#current"},
		{"partners", "/partners", "table"},
		{"delete-partner", "/partners/" + sum.Partners[0] + "/delete", "main h1"},
		{"shared-partnership", "/shared/partnership/" + sum.Partnerships[0], "#sent"},
		{"shared-partner", "/shared/partner/" + sum.Partners[0], "main h1"},
		{"hub", "/hub", "#hub_addr"},
	}
	var f axeFindings
	for _, lang := range []string{"sv", "ru"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/lang?to="+lang+"&back=%2F"), chromedp.WaitVisible(chromedp.CSS(`html[lang="`+lang+`"] #by-sector`))); err != nil {
			t.Fatalf("switch to %s: %v", lang, err)
		}
		for _, w := range widths {
			setWidth(t, ctx, w)
			for _, p := range pages {
				if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.want))); err != nil {
					t.Fatalf("%s %s: %v", lang, p.path, err)
				}
				f.check(t, ctx, source, lang+" "+p.path, w)
				fits(t, ctx, lang+" "+p.path, w)
				Screenshot(t, ctx, fmt.Sprintf("%s-%s-%d", lang, p.name, w.w))
			}
			// The join form sent empty: its error next to the address.
			if err := chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/hub"),
				chromedp.WaitVisible(chromedp.ID("hub_addr")),
				chromedp.Clear(chromedp.ID("hub_addr")),
				chromedp.Click(chromedp.CSS(`form[action="/hub/join"] button[type=submit]`)),
				chromedp.WaitVisible(chromedp.ID("hub_addr-error")),
			); err != nil {
				t.Fatalf("%s: send the join form empty: %v", lang, err)
			}
			f.check(t, ctx, source, lang+" /hub (sent empty)", w)
			fits(t, ctx, lang+" /hub (sent empty)", w)
			Screenshot(t, ctx, fmt.Sprintf("%s-hub-join-error-%d", lang, w.w))
		}
	}
	f.report(t)
}

// fits fails when the page the tab shows is wider than the screen.
func fits(t *testing.T, ctx context.Context, page string, w width) {
	t.Helper()
	over, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth - document.documentElement.clientWidth`))
	if err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	if over > 0 {
		t.Errorf("%s at %d px: the page is %d px wider than the screen", page, w.w, over)
	}
}
