package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// postedInEveryLanguage posts each form in every language, as
// inEveryLanguage gets pages: each page must come back with the status
// wanted, in the language asked for, and with no message missing from a
// catalogue. It returns the pages by language, then by path.
func postedInEveryLanguage(t *testing.T, s *site, want int, forms map[string]url.Values) map[string]map[string]string {
	t.Helper()
	before := missedNow(t)
	out := map[string]map[string]string{}
	for _, l := range i18n.Languages {
		out[l.Code] = map[string]string{}
		for path, form := range forms {
			code, page, _ := s.postIn(t, l.Code, path, form)
			if code != want {
				t.Errorf("%s POST %s: %d, want %d", l.Code, path, code, want)
			}
			inLanguage(t, l, "POST "+path, page)
			out[l.Code][path] = page
		}
	}
	missedSince(t, before)
	return out
}

// TestPartnerPagesSpeakEveryLanguage: the partners, partnerships and
// practices pages, their forms empty, with rows added and with problems,
// and the translation form come in every language with nothing missing
// from a catalogue, and read in Swedish and Russian as a public-health
// officer there would write them.
func TestPartnerPagesSpeakEveryLanguage(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	partner := s.partner(t, "Region Skåne")
	ps, err := s.api.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Walking for health", partner)})
	if err != nil {
		t.Fatal(err)
	}
	pship := ps.GetPartnership().GetId()
	pr := nodetest.Practice("Walking groups")
	pr.PartnershipIds = []string{pship}
	res, err := s.api.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: pr})
	if err != nil {
		t.Fatal(err)
	}
	practice := res.GetPractice().GetId()

	inEveryLanguage(t, s, "/partners", "/partners/"+partner, "/partners/new", "/partners/"+partner+"/edit",
		"/partnerships", "/partnerships/"+pship, "/partnerships/new", "/partnerships/"+pship+"/edit",
		"/practices", "/practices/"+practice, "/practices/new", "/practices/"+practice+"/edit",
		"/practices/"+practice+"/translations/new", "/practices/"+practice+"/translations/en/edit",
		"/practices/"+practice+"/translations/en/remove")

	// Forms shown again: with a row added, and with problems next to
	// their fields (the API's own words stay its own; the labels, and the
	// problems the pages find themselves, are the reader's).
	posted := func(extra url.Values) url.Values {
		v := url.Values{"csrf": {token}, "version": {"0"}}
		for k, vs := range extra {
			v[k] = vs
		}
		return v
	}
	withRows := postedInEveryLanguage(t, s, http.StatusOK, map[string]url.Values{
		"/partnerships/new": posted(url.Values{"title": {"Walks"}, "row:add:funding_sources": {"Add"}, "funding_sources": {"Regional grant"}}),
		"/practices/new":    posted(url.Values{"title": {"Walks"}, "row:add:contact_name": {"Add"}, "contact_name": {"Eva"}}),
	})
	withProblems := postedInEveryLanguage(t, s, formStatus, map[string]url.Values{
		"/partners/new": posted(url.Values{"organisation": {""}, "kind": {"ngo"}, "sector": {"no such sector"}, "visibility": {"network"}}),
		"/partnerships/new": posted(url.Values{"title": {"Walks"}, "visibility": {"network"}, "level": {"across_sectors"}, "status": {"active"},
			"sdg_goals": {"three"}, "role_" + partner: {"lead"}}),
		"/practices/new": posted(url.Values{"language": {"en"}, "title": {"Walks"}, "visibility": {"network"}, "status": {"ongoing"},
			"contact_name": {"Erik Nilsson"}, "contact_email": {"erik at malmo"}}),
		"/practices/" + practice + "/translations/new": posted(url.Values{"version": {"1"}, "language": {"sv"}, "title": {"Promenader"}}),
	})

	for _, tc := range []struct {
		lang, path string
		page       map[string]map[string]string
		wants      []string
	}{
		{"sv", "/partnerships/new", withRows, []string{"Finansieringskälla 1", "Finansieringskälla 2", "Lägg till en finansieringskälla till"}},
		{"ru", "/practices/new", withRows, []string{"Новая хорошая практика", "Добавить ещё один контакт"}},
		{"sv", "/partners/new", withProblems, []string{"Organisation", "är inte ett av de erbjudna valen"}},
		{"ru", "/partners/new", withProblems, []string{"Организация", "не входит в число предложенных вариантов"}},
		{"sv", "/partnerships/new", withProblems, []string{"Mål för hållbar utveckling", `måste vara målnummer från 1 till 17, åtskilda med kommatecken (&#34;three&#34; är inte ett tal)`,
			"kryssa i partnern också"}},
		{"ru", "/partnerships/new", withProblems, []string{"Цели устойчивого развития", "отметьте и партнёра"}},
		{"ru", "/practices/new", withProblems, []string{`href="#contact_email-0">Эл. почта контакта, строка 1: `}},
		{"fi", "/practices/new", withProblems, []string{`href="#contact_email-0">Yhteyshenkilön sähköposti, rivi 1: `}},
		{"ru", "/practices/" + practice + "/translations/new", withProblems, []string{"у практики уже есть текст на языке «шведский (sv)»: измените его"}},
	} {
		page := tc.page[tc.lang][tc.path]
		for _, w := range tc.wants {
			if !strings.Contains(page, w) {
				t.Errorf("%s POST %s lacks %q", tc.lang, tc.path, w)
			}
		}
	}

	for _, tc := range []struct {
		lang, path string
		wants      []string
	}{
		{"sv", "/partners", []string{"Partner</h1>", "<th scope=\"col\">Organisation</th>", "<td>kommunal förvaltning</td><td>hälsa</td>"}},
		{"ru", "/partners/" + partner, []string{"Все партнёры", "Партнёрство «Walking for health»"}},
		{"sv", "/partnerships/" + pship, []string{"Alla partnerskap", "Gott exempel ”Promenadgrupper för äldre”"}},
		{"ru", "/partnerships", []string{"Партнёрства</h1>", "Добавить партнёрство"}},
		{"sv", "/practices", []string{"Goda exempel</h1>", "Lägg till ett gott exempel"}},
		{"sv", "/practices/" + practice, []string{"svenska (sv)", "engelska (en)", "Texter per språk", "mål 3; delmål 3.4"}},
		{"ru", "/practices/" + practice, []string{"шведский (sv)", "английский (en)", "Тексты на разных языках", "цели 3; задачи 3.4"}},
		{"ru", "/practices/" + practice + "/translations/en/edit", []string{"Изменить текст: английский (en)", "Сохранить перевод"}},
		{"sv", "/partners/new", []string{"Ny partner", "Spara partnern"}},
		{"ru", "/practices/" + practice + "/translations/en/remove", []string{"Удалить текст (английский (en)) практики «Promenadgrupper för äldre»",
			"Практика сохраняет другие тексты"}},
		{"sv", "/practices/" + practice + "/translations/sv/remove", []string{"Originaltexten finns kvar", "Texten (svenska (sv)) är den som det goda exemplet först skrevs på"}},
	} {
		_, page := s.getIn(t, tc.lang, tc.path)
		for _, w := range tc.wants {
			if !strings.Contains(page, w) {
				t.Errorf("%s %s lacks %q", tc.lang, tc.path, w)
			}
		}
	}
}
