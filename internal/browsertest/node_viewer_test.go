package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestNodeViewerAndCityHeader: the header names the city from its
// profile; a viewer's dashboard offers no "Add a partnership" and their
// pages fit a phone's width without sideways scrolling; an editor's
// dashboard still offers it.
func TestNodeViewerAndCityHeader(t *testing.T) {
	n := nodetest.Start(t)
	sum := loadSample(t, n)
	srv, acc := accountSite(t, n)
	bg := context.Background()
	for name, role := range map[string]accounts.Role{"ed": accounts.Editor, "vi": accounts.Viewer} {
		if _, err := acc.Add(bg, name, role, "password "+name); err != nil {
			t.Fatal(err)
		}
	}
	ctx := New(t, 3*time.Minute)
	signInAs(t, ctx, srv.URL, "vi", "password vi")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("by-sector"))); err != nil {
		t.Fatal(err)
	}
	brand, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`header.site .brand`)))
	title, _ := chromedp.Run(ctx, chromedp.Title())
	if !strings.HasPrefix(brand, "Malmö") || !strings.Contains(brand, "Healthy City node") || title != "Dashboard · Malmö" {
		t.Fatalf("header %q, title %q: want the city's name in both", brand, title)
	}
	main, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`)))
	if strings.Contains(main, "Add a partnership") || strings.Contains(main, "Add the first one") {
		t.Fatalf("a viewer's dashboard offers to add:\n%s", main)
	}
	if !strings.Contains(main, "All partnerships") {
		t.Fatalf("the viewer's dashboard lacks the partnerships:\n%s", main)
	}
	Screenshot(t, ctx, "viewer-dashboard")

	pages := []struct{ name, path string }{{"dashboard", "/"}, {"practices", "/practices"}, {"plan", "/plans/" + sum.Plan}, {"password", "/password"}}
	if len(sum.Indicators) > 0 {
		pages = append(pages, struct{ name, path string }{"indicator", "/indicators/" + sum.Indicators[0]})
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(chromedp.CSS(`main h1`))); err != nil {
			t.Fatalf("phone %s: %v", p.path, err)
		}
		// Wide tables scroll inside their own region; the page itself
		// must not.
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
		if err != nil || wide {
			t.Errorf("phone %s is wider than the screen (%v)", p.path, err)
		}
		Screenshot(t, ctx, "viewer-phone-"+p.name)
	}

	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.Click(chromedp.CSS(`header.site button.link`)),
		chromedp.WaitVisible(chromedp.ID("name")),
	); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	signInAs(t, ctx, srv.URL, "ed", "password ed")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`main a.button[href="/partnerships/new"]`))); err != nil {
		t.Fatalf("the editor's dashboard lacks Add a partnership: %v", err)
	}
	Screenshot(t, ctx, "editor-dashboard")
}
