package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// The notice after a translation is saved names its language once, in
// words: the language's name already carries its tag in parentheses,
// and the Swedish and Finnish sentences wrapped it in a second pair.
func TestTranslationSavedNamesTheLanguageOnce(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	p := nodetest.Practice("Walking groups")
	delete(p.Texts, "sv")
	p.OriginalLanguage = "en"
	res, err := s.api.CreatePractice(context.Background(), &hcnetv1.CreatePracticeRequest{Practice: p})
	if err != nil {
		t.Fatal(err)
	}
	id := res.GetPractice().GetId()
	for _, c := range []struct{ ui, lang, want string }{
		{"sv", "sv", "Texten på svenska (sv) i ”Walking groups” har sparats."},
		{"fi", "fi", "Teksti kielellä suomi (fi) tallennettiin tietueeseen ”Walking groups”."},
	} {
		s.get(t, "/lang?to="+c.ui+"&back=/")
		_, form := s.get(t, "/practices/"+id+"/translations/new")
		code, body, loc := s.post(t, "/practices/"+id+"/translations/new", url.Values{
			"csrf": {token}, "version": {version(t, form)}, "language": {c.lang}, "title": {"Promenader " + c.lang},
		})
		if code != http.StatusSeeOther {
			t.Fatalf("%s: save: %d to %q\n%s", c.ui, code, loc, body)
		}
		_, page := s.get(t, loc)
		mustContain(t, page, c.want)
		if strings.Contains(page, "))") {
			t.Errorf("%s: the notice nests parentheses", c.ui)
		}
	}
}
