package browsertest

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestLanguageSwitch: a reader picks Swedish, then Russian, from the
// language links at the foot of a page; the choice holds on the next
// pages, whose text, form errors and charts' titles, axes and tables are
// in that language, at desktop and phone width.
func TestLanguageSwitch(t *testing.T) {
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n)
	loadSample(t, n)
	delivered(t, h, n)
	hub := hubSite(t, h)
	node := nodeSite(t, n)
	ctx := New(t, 3*time.Minute)
	axe := AxeSource(t)

	lang := func() string {
		l, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`))
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	text := func(sel string) string {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll(`+"`"+sel+"`"+`)].map(e => e.textContent).join(' | ')`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// accessible fails the test on a serious or critical axe-core finding
	// on the page the tab shows.
	accessible := func(page string) {
		t.Helper()
		vs, err := Axe(ctx, axe)
		if err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		for _, v := range vs {
			if v.Blocking() {
				t.Errorf("%s: %s", page, v)
			} else {
				t.Logf("%s: axe-core, not blocking: %s (%s)", page, v.ID, v.Impact)
			}
		}
	}
	choose := func(code string) {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`nav.languages a[hreflang="`+code+`"]`)),
			chromedp.WaitVisible(chromedp.CSS(`nav.languages a[hreflang="`+code+`"][aria-current]`)),
		); err != nil {
			t.Fatalf("choose %s: %v", code, err)
		}
	}

	// The hub's statistics, in English first.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(hub.URL+"/stats"), chromedp.WaitVisible(chromedp.CSS(`figure.chart svg`))); err != nil {
		t.Fatal(err)
	}
	if lang() != "en" || !strings.Contains(text("figcaption"), "Practices by SDG goal") {
		t.Fatalf("English statistics: lang %q, captions %q", lang(), text("figcaption"))
	}
	choose("sv")
	if got := lang(); got != "sv" {
		t.Fatalf("after choosing Svenska the page is %q", got)
	}
	for sel, want := range map[string]string{
		"h1":                                  "Statistik",
		"figcaption":                          "Goda exempel per globalt mål",
		"figure#practices-by-sdg .axis-title": "Goda exempel",
		"details.chart-table summary":         "Siffrorna som tabell",
		"nav[aria-label] a[aria-current]":     "Statistik",
		"ul.cards":                            "1 framgång",
	} {
		if got := text(sel); !strings.Contains(got, want) {
			t.Errorf("Swedish statistics: %s reads %q, want %q", sel, got, want)
		}
	}
	Screenshot(t, ctx, "01-sv-stats")

	// The choice holds on the next page, and a form error is Swedish too,
	// next to its field.
	if err := chromedp.Do(ctx, chromedp.Navigate(hub.URL+"/partners?sdg=x"), chromedp.WaitVisible(chromedp.ID("sdg-error"))); err != nil {
		t.Fatal(err)
	}
	if got := text("#sdg-error"); !strings.Contains(got, "måste vara ett målnummer från 1 till 17") || lang() != "sv" {
		t.Errorf("Swedish form error: %q (lang %q)", got, lang())
	}
	if got := text(".error-summary h2"); got != "Det finns ett problem" {
		t.Errorf("Swedish error summary: %q", got)
	}
	Screenshot(t, ctx, "02-sv-partner-finder-error")
	// What the hub's API refuses (a topic longer than a query may be) is
	// said in Swedish too, next to its field.
	if err := chromedp.Do(ctx, chromedp.Navigate(hub.URL+"/partners?topic="+strings.Repeat("x", 501)), chromedp.WaitVisible(chromedp.ID("topic-error"))); err != nil {
		t.Fatal(err)
	}
	if got := text("#topic-error"); !strings.Contains(got, "är 501 tecken lång; högst 500 är tillåtna") {
		t.Errorf("Swedish server violation: %q", got)
	}
	accessible("the Swedish partner finder with the hub's violation")
	Screenshot(t, ctx, "02b-sv-partner-finder-server-error")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("topic-error"))); err != nil {
		t.Fatal(err)
	}
	accessible("the Swedish partner finder with the hub's violation, phone width")
	Screenshot(t, ctx, "02c-sv-phone-partner-finder-server-error")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}

	choose("ru")
	if err := chromedp.Do(ctx, chromedp.Navigate(hub.URL+"/stats"), chromedp.WaitVisible(chromedp.CSS(`figure.chart svg`))); err != nil {
		t.Fatal(err)
	}
	if got := text("figcaption"); lang() != "ru" || !strings.Contains(got, "Практики по целям ЦУР") {
		t.Errorf("Russian statistics: lang %q, captions %q", lang(), got)
	}
	Screenshot(t, ctx, "03-ru-stats")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`figure.chart svg`))); err != nil {
		t.Fatal(err)
	}
	Screenshot(t, ctx, "04-ru-phone-stats")

	// The node: browsers keep cookies per host, not per port, so on the
	// same host it speaks the language chosen on the hub; it takes its own
	// choice too, and its sign-in error is Russian, next to its field.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(node.URL+"/signin"), chromedp.WaitVisible(chromedp.ID("token"))); err != nil {
		t.Fatal(err)
	}
	if lang() != "ru" {
		t.Fatalf("the node's sign-in page on the hub's host: %q, want ru", lang())
	}
	choose("fi")
	if got := text("h1"); got != "Kirjaudu kaupungin solmuun" {
		t.Errorf("Finnish sign-in heading: %q", got)
	}
	choose("ru")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("token-error")),
	); err != nil {
		t.Fatal(err)
	}
	if got := text("#token-error"); !strings.Contains(got, "обязательно: вставьте токен администратора") || lang() != "ru" {
		t.Errorf("Russian sign-in error: %q (lang %q)", got, lang())
	}
	if got := text("h1"); got != "Вход в узел города" {
		t.Errorf("Russian sign-in heading: %q", got)
	}
	Screenshot(t, ctx, "05-ru-node-signin-error")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("token"))); err != nil {
		t.Fatal(err)
	}
	Screenshot(t, ctx, "06-ru-phone-node-signin")

	// Signed in, a plan whose period ends before it starts passes the
	// page's reading but not the node's API: the API's violation is
	// Russian, next to the last year, and names the first year by its
	// label rather than its API name.
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("token"), n.Token),
		chromedp.Click(chromedp.CSS(`form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("by-level")),
		chromedp.Navigate(node.URL+"/plans/new"),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SendKeys(chromedp.ID("title"), "План Мальмё"),
		chromedp.SendKeys(chromedp.ID("period_start_year"), "2030"),
		chromedp.SendKeys(chromedp.ID("period_end_year"), "2025"),
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("period_end_year-error")),
	); err != nil {
		t.Fatalf("submit a plan that ends before it starts: %v", err)
	}
	if got := text("#period_end_year-error"); !strings.Contains(got, "2025 раньше, чем «Первый год» (2030)") || lang() != "ru" {
		t.Errorf("Russian server violation: %q (lang %q)", got, lang())
	}
	if got := text(".error-summary"); strings.Contains(got, "period_start_year") || !strings.Contains(got, "Последний год") {
		t.Errorf("Russian error summary: %q", got)
	}
	accessible("the Russian plan form with the node's violation, phone width")
	Screenshot(t, ctx, "07-ru-phone-node-plan-error")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	accessible("the Russian plan form with the node's violation")
	Screenshot(t, ctx, "08-ru-node-plan-error")
}
