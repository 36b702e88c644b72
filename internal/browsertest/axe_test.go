package browsertest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/feed"
	"github.com/hcnet/hcnet/hub/hubtest"
	hubweb "github.com/hcnet/hcnet/hub/web"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestNodePagesAxe checks every page of a node filled with a sample city
// with axe-core, at desktop and phone width: the sign-in page, each page
// an admin reaches by following links from the dashboard (so pages added
// later are checked without being listed here), and the partner form
// sent empty, with its errors. Any serious or critical violation fails
// the test, named with its rule, page and element. At phone width
// nothing on any of those pages may reach past the screen's right edge.
func TestNodePagesAxe(t *testing.T) {
	source := AxeSource(t)
	n := nodetest.Start(t)
	loadSample(t, n)
	srv, acc := accountSite(t, n)
	if _, err := acc.Add(context.Background(), "ada", accounts.Admin, "password ada"); err != nil {
		t.Fatal(err)
	}
	ctx := New(t, 8*time.Minute)
	f := axeFindings{onScreen: true}
	for _, w := range widths {
		setWidth(t, ctx, w)
		f.visit(t, ctx, source, srv.URL, []string{"/signin"}, w)
	}
	signInAs(t, ctx, srv.URL, "ada", "password ada")
	pages := crawl(t, ctx, srv.URL, "/")
	t.Logf("%d node pages found by following links: %v", len(pages), pages)
	if len(pages) < 10 {
		t.Fatalf("the crawl found %d pages; a sample city has many more", len(pages))
	}
	for _, w := range widths {
		setWidth(t, ctx, w)
		f.visit(t, ctx, source, srv.URL, pages, w)
		// A form with errors: the partner form sent empty.
		if err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/partners/new"),
			chromedp.WaitVisible(chromedp.ID("organisation")),
			chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`.error-summary`)),
		); err != nil {
			t.Fatalf("send the partner form empty: %v", err)
		}
		f.check(t, ctx, source, "/partners/new (sent empty)", w)
	}
	f.report(t)
}

// TestHubPagesAxe checks every page of a hub holding a sample city's
// shared records with axe-core, at desktop and phone width: each page a
// visitor reaches by following links from the home page, a search's
// results and the partner finder's.
func TestHubPagesAxe(t *testing.T) {
	source := AxeSource(t)
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n)
	loadSample(t, n)
	delivered(t, h, n)
	srv := hubSiteWithFeed(t, h)
	ctx := New(t, 6*time.Minute)
	pages := crawl(t, ctx, srv.URL, "/", "/search?q=walk*", "/partners?topic=walking")
	t.Logf("%d hub pages found by following links: %v", len(pages), pages)
	if len(pages) < 5 {
		t.Fatalf("the crawl found %d pages; a hub with a member has more", len(pages))
	}
	var f axeFindings
	for _, w := range widths {
		setWidth(t, ctx, w)
		f.visit(t, ctx, source, srv.URL, pages, w)
	}
	f.report(t)
}

// hubSiteWithFeed serves a real hub's pages with its Atom feed, as hchub
// run --http does, so the pages' links to the feed lead somewhere.
func hubSiteWithFeed(t *testing.T, h *hubtest.Hub) *httptest.Server {
	t.Helper()
	base := func(r *http.Request) (string, bool) { return "http://" + r.Host, true }
	w, err := hubweb.New(h.Client(t), hubweb.Options{Adoptions: h.Hub.Store.AdoptionsOf, Feed: feed.Atom(h.Hub.Store, h.Hub.Info, base), Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w)
	t.Cleanup(srv.Close)
	return srv
}
