package browsertest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestNodeTranslationFormsInSwedishAndRussian: an officer reading the
// node in Swedish, then in Russian, opens a partnership's and a
// practice's new-translation form; the language is a list of the
// network's languages each named in itself, less those the record has;
// sent without one, each form says so next to the field in the
// officer's language. Each view at desktop and phone width is
// screenshotted, fits the screen and is checked with axe-core; last, a
// translation is saved by choosing German.
func TestNodeTranslationFormsInSwedishAndRussian(t *testing.T) {
	source := AxeSource(t)
	n := nodetest.Start(t)
	api := n.Client(t)
	bg := context.Background()
	ps, err := api.CreatePartnership(bg, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Walking groups for seniors")})
	if err != nil {
		t.Fatal(err)
	}
	pr, err := api.CreatePractice(bg, &hcnetv1.CreatePracticeRequest{Practice: nodetest.Practice("Walking groups for older people")})
	if err != nil {
		t.Fatal(err)
	}
	partnership := "/partnerships/" + ps.GetPartnership().GetId()
	practice := "/practices/" + pr.GetPractice().GetId()
	srv := nodeSite(t, n)
	ctx := New(t, 5*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)

	words := map[string]struct{ choose, original, language string }{
		"sv": {"Välj…", "krävs: välj det språk som posten först skrevs på", "krävs: välj översättningens språk"},
		"ru": {"Выберите…", "обязательно: выберите язык, на котором запись была написана изначально", "обязательно: выберите язык перевода"},
	}
	forms := []struct {
		name, path string
		// offered and withheld are options the form lists and leaves out.
		offered, withheld []string
		errors            []string
	}{
		{"partnership", partnership + "/translations/new", []string{"English", "Svenska", "Русский", "Deutsch"}, nil, []string{"original_language", "language"}},
		// The practice was written in Swedish and has an English text.
		{"practice", practice + "/translations/new", []string{"Suomi", "Русский", "Deutsch"}, []string{"English", "Svenska"}, []string{"language"}},
	}
	var f axeFindings
	for _, lang := range []string{"sv", "ru"} {
		want := words[lang]
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/lang?to="+lang+"&back=%2F"), chromedp.WaitVisible(chromedp.CSS(`html[lang="`+lang+`"] main`))); err != nil {
			t.Fatalf("switch to %s: %v", lang, err)
		}
		for _, w := range widths {
			setWidth(t, ctx, w)
			for _, fm := range forms {
				if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+fm.path), chromedp.WaitVisible(chromedp.ID("language"))); err != nil {
					t.Fatalf("%s %s: %v", lang, fm.path, err)
				}
				options, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#language option')].map(o => o.textContent)`))
				if err != nil {
					t.Fatal(err)
				}
				if len(options) == 0 || options[0] != want.choose {
					t.Errorf("%s %s: options %q, want %q first", lang, fm.name, options, want.choose)
				}
				for _, o := range fm.offered {
					if !slices.Contains(options, o) {
						t.Errorf("%s %s: options %q lack %s", lang, fm.name, options, o)
					}
				}
				for _, o := range fm.withheld {
					if slices.Contains(options, o) {
						t.Errorf("%s %s: options %q offer %s, which the record has", lang, fm.name, options, o)
					}
				}
				Screenshot(t, ctx, lang+"-"+fm.name+"-translation-form-"+w.name)
				fits(t, ctx, lang+" "+fm.path, w)
				f.check(t, ctx, source, lang+" "+fm.path, w)

				if err := chromedp.Do(ctx,
					chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
					chromedp.WaitVisible(chromedp.ID("language-error")),
				); err != nil {
					t.Fatalf("%s: send the %s translation form without a language: %v", lang, fm.name, err)
				}
				for _, in := range fm.errors {
					msg := text(t, ctx, "#"+in+"-error")
					wanted := want.language
					if in == "original_language" {
						wanted = want.original
					}
					if !strings.Contains(msg, wanted) {
						t.Errorf("%s %s: next to %s %q, want %q", lang, fm.name, in, msg, wanted)
					}
				}
				Screenshot(t, ctx, lang+"-"+fm.name+"-translation-form-error-"+w.name)
				fits(t, ctx, lang+" "+fm.path+" (no language)", w)
				f.check(t, ctx, source, lang+" "+fm.path+" (no language)", w)
			}
		}
	}
	f.report(t)

	// Chosen from the list, the language is saved as its code.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+practice+"/translations/new"),
		chromedp.WaitVisible(chromedp.ID("language")),
		chromedp.SetValue(chromedp.ID("language"), "de"),
		chromedp.SetValue(chromedp.ID("title"), "Spaziergruppen für Ältere"),
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("texts")),
	); err != nil {
		t.Fatalf("save a German translation: %v", err)
	}
	got, err := api.GetPractice(bg, &hcnetv1.GetPracticeRequest{Id: pr.GetPractice().GetId()})
	if err != nil {
		t.Fatal(err)
	}
	if title := got.GetPractice().GetTexts()["de"].GetTitle(); title != "Spaziergruppen für Ältere" {
		t.Errorf("the German title saved: %q (texts %v)", title, got.GetPractice().GetTexts())
	}
}
