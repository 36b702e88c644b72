package web

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/i18n"
)

// getIn fetches a page with the browser asking for a language.
func (s *site) getIn(t *testing.T, lang, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", s.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Language", lang)
	res, err := s.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b strings.Builder
	if _, err := io.Copy(&b, res.Body); err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, b.String()
}

// TestSignInSpeaksEveryLanguage: the sign-in page, and its errors, come
// in the language the browser asks for, with <html lang> saying which,
// and no message of it is missing from any catalogue.
func TestSignInSpeaksEveryLanguage(t *testing.T) {
	s := startAccountSite(t)
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	mark := words.Mark()
	for _, l := range i18n.Languages {
		tr := words.In(l.Code)
		code, page := s.getIn(t, l.Code, "/signin")
		if code != http.StatusOK {
			t.Fatalf("%s: %d", l.Code, code)
		}
		mustContain(t, page, `<html lang="`+l.Code+`">`, "<h1>"+tr.T("Sign in to the city node")+"</h1>",
			"<title>"+tr.T("Sign in")+" · ", tr.T("Healthy City node"))
		if l.Code != i18n.English && strings.Contains(page, "Sign in to the city node") {
			t.Errorf("%s: the heading is in English", l.Code)
		}
	}
	// A refused sign-in says why in the reader's language, next to its field.
	_, page := s.getIn(t, "de-AT,de;q=0.9", "/signin")
	req, _ := http.NewRequest("POST", s.srv.URL+"/signin", strings.NewReader(url.Values{
		"csrf": {csrf(t, page)}, "name": {"ed"}, "password": {"wrong"},
	}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "de")
	res, err := s.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	io.Copy(&b, res.Body)
	res.Body.Close()
	mustContain(t, b.String(), `<html lang="de">`, "Es gibt ein Problem", "passt nicht zum Namen", `id="password-error"`)
	if miss := words.MissedSince(mark); len(miss) > 0 {
		t.Errorf("messages missing from catalogues: %v", miss)
	}
}

// TestLanguageSwitcherIsRemembered: choosing a language on one page keeps
// it on the next whatever the browser asks for, and the switcher only
// ever goes back to this site.
func TestLanguageSwitcherIsRemembered(t *testing.T) {
	s := startAccountSite(t)
	_, page := s.getIn(t, "sv", "/signin")
	mustContain(t, page, `href="/lang?back=%2Fsignin&amp;to=ru"`, `lang="ru" hreflang="ru">Русский</a>`, `lang="sv" hreflang="sv" aria-current="true">Svenska</a>`)

	res, err := s.http.Get(s.srv.URL + "/lang?to=ru&back=%2Fsignin")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin" {
		t.Fatalf("switch: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, page = s.getIn(t, "sv", "/signin")
	mustContain(t, page, `<html lang="ru">`, "Вход в узел города")

	for _, back := range []string{"//evil.example/", "https://evil.example/", "/%09/evil.example"} {
		res, err := s.http.Get(s.srv.URL + "/lang?" + url.Values{"to": {"fi"}, "back": {back}}.Encode())
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); loc != "/" {
			t.Errorf("back=%q went to %q, want /", back, loc)
		}
	}
	res, err = s.http.Get(s.srv.URL + "/lang?to=tlh&back=%2F")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown language: %d, want 400", res.StatusCode)
	}
	_, page = s.getIn(t, "sv", "/signin")
	mustContain(t, page, `<html lang="fi">`)
}

// TestNodeDefaultLanguage: a node set to Swedish speaks Swedish to a
// browser that asks for none of the network's languages.
func TestNodeDefaultLanguage(t *testing.T) {
	s := startAccountSite(t)
	s.handler.opts.Lang = "sv"
	_, page := s.getIn(t, "ja", "/signin")
	mustContain(t, page, `<html lang="sv">`, "Logga in på stadens nod")
	_, page = s.getIn(t, "en-GB", "/signin")
	mustContain(t, page, `<html lang="en">`)
}

// inEveryLanguage fetches each path with the site's session in every
// language and fails on a page not in that language or on any message a
// catalogue lacks that the pages asked for, though another test's pages
// missed it first.
func inEveryLanguage(t *testing.T, s *site, paths ...string) {
	t.Helper()
	before := missedNow(t)
	for _, l := range i18n.Languages {
		for _, p := range paths {
			code, page := s.getIn(t, l.Code, p)
			if code >= 400 {
				t.Errorf("%s %s: %d", l.Code, p, code)
			}
			inLanguage(t, l, p, page)
		}
	}
	missedSince(t, before)
}

// inLanguage fails unless page, the answer to what, says it is in l and
// shows no message in English that l's catalogue translates.
func inLanguage(t *testing.T, l i18n.Language, what, page string) {
	t.Helper()
	if !strings.Contains(page, `<html lang="`+l.Code+`">`) {
		t.Errorf("%s %s: the page is not in %s", l.Code, what, l.Name)
	}
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range words.LeftInEnglish(l.Code, page) {
		t.Errorf("%s %s shows %q in English", l.Code, what, id)
	}
}

// postIn submits a form with the browser asking for a language.
func (s *site) postIn(t *testing.T, lang, path string, form url.Values) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest("POST", s.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", lang)
	res, err := s.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b), res.Header.Get("Location")
}
