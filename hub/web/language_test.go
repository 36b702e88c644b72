package web

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/i18n"
)

// TestHubPagesTakeTheReadersLanguage: a reader whose browser asks for
// Finnish gets <html lang="fi">, the navigation and footer in Finnish,
// and a switcher naming every language in itself.
func TestHubPagesTakeTheReadersLanguage(t *testing.T) {
	nw := startNetwork(t)
	req, err := http.NewRequest("GET", nw.srv.URL+"/members", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Language", "fi-FI,fi;q=0.9,en;q=0.5")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	page := string(b)
	for _, want := range []string{
		`<html lang="fi">`,
		`<a href="/members" aria-current="page">Jäsenet</a>`,
		`<a href="/search">Haku</a>`,
		"mitä jäsenkaupungit ovat päättäneet jakaa verkoston kanssa",
		`lang="fi" hreflang="fi" aria-current="true">Suomi</a>`,
		`lang="de" hreflang="de">Deutsch</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("Finnish /members lacks %q", want)
		}
	}
	if strings.Contains(page, ">Members</a>") {
		t.Error("the navigation is still in English")
	}
}

// TestTranslatedHubPagesMissNothing renders the pages already translated
// (home, search, statistics with its charts, the partner finder) in every
// language and fails on any message a catalogue lacks; the statistics
// page's chart titles and table headings are checked in Swedish.
func TestTranslatedHubPagesMissNothing(t *testing.T) {
	nw := startNetwork(t)
	pages := []string{"/", "/search?q=walking", "/search?q=walking&sdg=3", "/stats", "/partners?topic=walking", "/partners?sdg=x"}
	inEveryLanguage(t, func(lang string) {
		for _, p := range pages {
			_, page := getIn(t, nw.srv.URL, lang, p)
			if lang == "sv" && p == "/stats" {
				for _, want := range []string{"Goda exempel per globalt mål", "<summary>Siffrorna som tabell</summary>", "Partnerskap per nivå"} {
					if !strings.Contains(page, want) {
						t.Errorf("Swedish statistics lack %q", want)
					}
				}
			}
		}
	})
}

// inEveryLanguage calls visit once with each language's code, and fails
// on any message the pages visited asked for in a language whose
// catalogue lacks it, though another test's pages missed it first.
func inEveryLanguage(t *testing.T, visit func(lang string)) {
	t.Helper()
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	mark := words.Mark()
	for _, l := range i18n.Languages {
		visit(l.Code)
	}
	for _, m := range words.MissedSince(mark) {
		t.Errorf("%s: %q is missing from its catalogue", m.Lang, m.ID)
	}
}

// getIn gets a page of the site at base with the browser asking for
// lang, and fails unless the page says it is in lang.
func getIn(t *testing.T, base, lang, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Language", lang)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	isIn(t, lang, path, string(b))
	return res.StatusCode, string(b)
}

// isIn fails unless page, the answer to what, says it is in lang and
// shows no message in English that lang's catalogue translates.
func isIn(t *testing.T, lang, what, page string) {
	t.Helper()
	if !strings.Contains(page, `<html lang="`+lang+`">`) {
		t.Errorf("%s %s: not in %s", lang, what, lang)
	}
	for _, id := range englishIn(t, lang, page) {
		t.Errorf("%s %s shows %q in English", lang, what, id)
	}
}
