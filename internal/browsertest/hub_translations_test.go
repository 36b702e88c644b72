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

// TestHubShowsTranslatedPractice: a practice Malmö wrote in English with a
// Swedish text reads in Swedish to a Swedish reader, with a link to the
// English original that shows it marked as the original; in English
// marked as the original to a Russian reader, with the Swedish text a
// click away; a Russian reader who searches in Swedish words gets the
// Swedish hit and the page it opens reads the same. At desktop and phone
// width; axe-core checks each view.
func TestHubShowsTranslatedPractice(t *testing.T) {
	source := AxeSource(t)
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n)
	p := nodetest.Practice("Walking groups for older residents")
	p.OriginalLanguage = "en"
	p.Texts = map[string]*hcnetv1.PracticeText{
		"en": {Title: "Walking groups for older residents", Summary: "Walks led by volunteers twice a week.",
			Body: "Volunteers from the district lead the walks and take everyone for coffee at the library afterwards."},
		"sv": {Title: "Promenadgrupper för äldre", Summary: "Promenader två gånger i veckan, ledda av volontärer.",
			Body: "Volontärer från stadsdelen leder promenaderna och bjuder alla på kaffe på biblioteket efteråt."},
	}
	res, err := n.Client(t).CreatePractice(context.Background(), &hcnetv1.CreatePracticeRequest{Practice: p})
	if err != nil {
		t.Fatal(err)
	}
	delivered(t, h, n)
	srv := hubSite(t, h)
	page := "/records/se/malmo/" + res.GetPractice().GetId()
	ctx := New(t, 3*time.Minute)
	in := func(lang, path string) string {
		return srv.URL + "/lang?" + url.Values{"to": {lang}, "back": {path}}.Encode()
	}
	shows := func(shot string, w width, want []string, never string) {
		t.Helper()
		html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main').outerHTML`))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range want {
			if !strings.Contains(html, s) {
				t.Errorf("%s at %d px lacks %q:\n%s", shot, w.w, s, html)
			}
		}
		if never != "" && strings.Contains(html, never) {
			t.Errorf("%s at %d px shows %q", shot, w.w, never)
		}
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
		if err != nil || wide {
			t.Errorf("%s is wider than %d px (%v)", shot, w.w, err)
		}
	}
	var f axeFindings
	for _, w := range widths {
		setWidth(t, ctx, w)
		// Swedish: the Swedish text, and a link to the original.
		if err := chromedp.Do(ctx, chromedp.Navigate(in("sv", page)), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
			t.Fatal(err)
		}
		shows("practice-sv", w, []string{`<h1 lang="sv">Promenadgrupper för äldre</h1>`, "Läs originalet på engelska", "Andra språk"}, "original-note")
		Screenshot(t, ctx, "practice-sv-"+w.name)
		f.check(t, ctx, source, "practice-sv", w)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("p.read-original a")), chromedp.WaitVisible(chromedp.CSS("p.original-note"))); err != nil {
			t.Fatalf("read the original at %d px: %v", w.w, err)
		}
		shows("practice-sv-original", w, []string{`<h1 lang="en">Walking groups for older residents</h1>`, "Original på engelska", "Språk: svenska"}, "read-original")
		Screenshot(t, ctx, "practice-sv-original-"+w.name)
		f.check(t, ctx, source, "practice-sv-original", w)

		// Russian: the original, marked; the Swedish text opens below.
		if err := chromedp.Do(ctx, chromedp.Navigate(in("ru", page)), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
			t.Fatal(err)
		}
		shows("practice-ru", w, []string{`<h1 lang="en">Walking groups for older residents</h1>`, "Язык оригинала: английский", "Другие языки", "Язык: шведский"}, "read-original")
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("details.practice-text summary")), chromedp.WaitVisible(chromedp.CSS(`details.practice-text div[lang="sv"] h3`))); err != nil {
			t.Fatalf("open the Swedish text at %d px: %v", w.w, err)
		}
		Screenshot(t, ctx, "practice-ru-"+w.name)
		f.check(t, ctx, source, "practice-ru", w)

		// A Russian reader searching in Swedish words: the hit and the
		// page it opens read in Swedish.
		if err := chromedp.Do(ctx, chromedp.Navigate(in("ru", "/search?q=promenaderna")), chromedp.WaitVisible(chromedp.CSS("ol.hits"))); err != nil {
			t.Fatal(err)
		}
		shows("search-ru", w, []string{`<h3 lang="sv"><a href="` + page + `?text=sv">Promenadgrupper för äldre</a></h3>`}, "")
		title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("ol.hits h3 a")))
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("ol.hits h3 a")), chromedp.WaitVisible(chromedp.CSS("ol.provenance"))); err != nil {
			t.Fatalf("open the hit at %d px: %v", w.w, err)
		}
		h1, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
		if err != nil || strings.TrimSpace(h1) != strings.TrimSpace(title) {
			t.Errorf("at %d px the hit reads %q, its page %q (%v)", w.w, title, h1, err)
		}
		shows("practice-ru-from-search", w, []string{`<h1 lang="sv">Promenadgrupper för äldre</h1>`, "Читать оригинал (язык: английский)"}, "")
	}
	f.report(t)
}
