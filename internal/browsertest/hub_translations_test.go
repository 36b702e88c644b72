package browsertest

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestHubShowsTranslatedPartnership: a partnership Malmö wrote in English
// with a Swedish translation reads in Swedish once the reader switches the
// hub to Swedish, in English marked as the original once they switch to
// Russian, on its page and in the search, at desktop and phone width;
// axe-core checks each view.
func TestHubShowsTranslatedPartnership(t *testing.T) {
	source := AxeSource(t)
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n)
	ps := nodetest.Partnership("Walking groups for seniors")
	ps.Visibility = hcnetv1.Visibility_VISIBILITY_NETWORK
	ps.Description = "Weekly walks in every district, led by trained volunteers from the neighbourhood."
	ps.HotLocalIssue = "Loneliness among older residents"
	ps.OriginalLanguage = "en"
	ps.Translations = map[string]*hcnetv1.Translation{"sv": {Fields: map[string]string{
		"title":       "Promenadgrupper för äldre",
		"description": "Promenader varje vecka i alla stadsdelar, ledda av utbildade volontärer från grannskapet."}}}
	res, err := n.Client(t).CreatePartnership(context.Background(), &hcnetv1.CreatePartnershipRequest{Partnership: ps})
	if err != nil {
		t.Fatal(err)
	}
	delivered(t, h, n)
	srv := hubSite(t, h)
	page := "/records/se/malmo/" + res.GetPartnership().GetId()
	ctx := New(t, 3*time.Minute)
	in := func(lang, path string) string {
		return srv.URL + "/lang?" + url.Values{"to": {lang}, "back": {path}}.Encode()
	}
	var f axeFindings
	for _, w := range widths {
		setWidth(t, ctx, w)
		for _, c := range []struct {
			lang, path, wait, shot string
			want                   []string
			never                  string
		}{
			{"sv", page, "h1", "partnership-sv", []string{`<h1 lang="sv">Promenadgrupper för äldre</h1>`, `<dd lang="en">Loneliness among older residents</dd>`}, "Walking groups"},
			{"ru", page, "h1", "partnership-ru", []string{`<h1 lang="en">Walking groups for seniors</h1>`, "Язык оригинала: английский"}, "Promenadgrupper"},
			{"sv", "/search?kind=partnership&q=promenaderna", "ol.hits", "search-sv", []string{`<h3 lang="sv"><a`, "Promenadgrupper för äldre"}, "Walking groups"},
			{"ru", "/search?kind=partnership&q=walk", "ol.hits", "search-ru", []string{`<h3 lang="en"><a`, `<span class="original-note">Язык оригинала: английский</span>`}, "Promenadgrupper för"},
		} {
			if err := chromedp.Do(ctx, chromedp.Navigate(in(c.lang, c.path)), chromedp.WaitVisible(chromedp.CSS(c.wait))); err != nil {
				t.Fatalf("%s at %d px: %v", c.shot, w.w, err)
			}
			html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main').outerHTML`))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range c.want {
				if !strings.Contains(html, want) {
					t.Errorf("%s at %d px lacks %q:\n%s", c.shot, w.w, want, html)
				}
			}
			if strings.Contains(html, c.never) {
				t.Errorf("%s at %d px shows %q", c.shot, w.w, c.never)
			}
			wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
			if err != nil || wide {
				t.Errorf("%s is wider than %d px (%v)", c.shot, w.w, err)
			}
			Screenshot(t, ctx, c.shot+"-"+w.name)
			f.check(t, ctx, source, c.shot, w)
		}
	}
	f.report(t)
}
