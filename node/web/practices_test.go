package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestPracticeAddListEditShowDelete: a practice added through the form
// is stored with every field, listed, shown on its own page, edited
// (its translations kept) and deleted after a confirmation.
func TestPracticeAddListEditShowDelete(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	ind := s.indicator(t)
	ps, err := s.api.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Walks against loneliness", s.partner(t, "Malmö stad"))})
	if err != nil {
		t.Fatal(err)
	}
	psID := ps.GetPartnership().GetId()

	code, page := s.get(t, "/practices/new")
	if code != http.StatusOK {
		t.Fatalf("new practice form: %d", code)
	}
	mustContain(t, page, `<label for="context">Context</label>`, `id="partners-0"`, `id="contact_email-0"`, `value="`+ind+`"`,
		`value="`+psID+`"`, `<label for="adopted_country">Country</label>`, `name="six_ps" value="peace"`, `<label for="evidence">Evidence</label>`,
		"<strong>network</strong>: goes to the city&#39;s own hub only")

	code, body, loc := s.post(t, "/practices/new", url.Values{
		"csrf": {token}, "language": {"sv"}, "title": {"Mötesplatser för äldre"}, "summary": {"Träffpunkter i varje stadsdel."},
		"body": {"Öppna mötesplatser <varje vecka>."}, "visibility": {"public"}, "status": {"ongoing"},
		"problem": {"Ofrivillig ensamhet"}, "context": {"Rosengård, 24 000 residents"}, "partners": {"Malmö University (evaluation)", "", "Red Cross (volunteers)"},
		"activities": {"Weekly meetings."}, "resources": {"Two coordinators, 400 000 SEK a year"}, "results": {"Fewer lonely residents."},
		"indicator_ids": {"", ind}, "lessons_learnt": {"Start in one district."}, "transfer_notes": {"Find a venue first."},
		"evidence": {"Evaluation report 2025"}, "partnership_ids": {"", psID}, "sectors": {"health"}, "settings": {"communities"},
		"mechanisms": {"step_by_step"}, "six_ps": {"", "people"}, "sdg_goals": {"3"}, "sdg_targets": {"3.4"}, "equity_groups": {"older people living alone"},
		"licence": {"CC-BY-4.0"}, "adopted_country": {"DK"}, "adopted_city": {"kobenhavn"}, "adopted_practice": {"01JB6Q8Z3V4W5X6Y7Z8A9B0C1D"},
		"contact_name": {"Erik Nilsson", ""}, "contact_role": {"coordinator", ""}, "contact_email": {"erik.nilsson@malmo.se", ""}, "contact_phone": {"", ""},
	})
	if code != http.StatusSeeOther || loc != "/practices" {
		t.Fatalf("save: %d to %q\n%s", code, loc, body)
	}
	list, err := s.api.ListPractices(ctx, &hcnetv1.ListPracticesRequest{})
	if err != nil || len(list.GetPractices()) != 1 {
		t.Fatalf("stored practices: %v, %v", list, err)
	}
	p := list.GetPractices()[0]
	id := p.GetId()
	if p.GetOriginalLanguage() != "sv" || p.GetTexts()["sv"].GetBody() != "Öppna mötesplatser <varje vecka>." || p.GetContext() != "Rosengård, 24 000 residents" ||
		strings.Join(p.GetPartners(), "|") != "Malmö University (evaluation)|Red Cross (volunteers)" || p.GetResources() == "" || p.GetEvidence() == "" ||
		len(p.GetIndicatorIds()) != 1 || p.GetIndicatorIds()[0] != ind || len(p.GetPartnershipIds()) != 1 || len(p.GetSixPs()) != 1 ||
		len(p.GetContacts()) != 1 || p.GetContacts()[0].GetRole() != "coordinator" ||
		p.GetAdoptedFrom().GetCountry() != "dk" || p.GetAdoptedFrom().GetCityId() != "kobenhavn" {
		t.Fatalf("stored practice differs from the form: %v", p)
	}

	_, page = s.get(t, "/practices")
	mustContain(t, page, `<a href="/practices/`+id+`">Mötesplatser för äldre</a>`)
	_, page = s.get(t, "/practices/"+id)
	mustContain(t, page, "<h1>Mötesplatser för äldre</h1>", `Swedish (sv) <span class="tag">original</span>`, "<dd>Rosengård, 24 000 residents</dd>",
		"<li>Red Cross (volunteers)</li>", `<a href="/indicators/`+ind+`">Daily smokers</a>`, `<a href="/partnerships/`+psID+`">Walks against loneliness</a>`,
		"<dd>dk/kobenhavn/01JB6Q8Z3V4W5X6Y7Z8A9B0C1D</dd>", "Erik Nilsson, coordinator, erik.nilsson@malmo.se", "Its contacts never leave this node.",
		`href="/practices/`+id+`/translations/new"`, `<td data-label="Who">admin token</td><td data-label="What">created</td>`)

	_, page = s.get(t, "/practices/"+id+"/edit")
	mustContain(t, page, `id="partners-1" name="partners" value="Red Cross (volunteers)"`, `id="contact_name-0" name="contact_name" value="Erik Nilsson"`,
		`value="`+ind+`" checked`, `value="kobenhavn"`)
	code, body, loc = s.post(t, "/practices/"+id+"/edit", url.Values{
		"csrf": {token}, "version": {version(t, page)}, "language": {"sv"}, "title": {"Mötesplatser"}, "visibility": {"network"}, "status": {"completed"},
		"context": {""}, "partners": {"Red Cross (volunteers)"}, "indicator_ids": {""}, "partnership_ids": {"", psID}, "six_ps": {""},
		"contact_name": {""}, "contact_role": {""}, "contact_email": {""}, "contact_phone": {""},
		"adopted_country": {""}, "adopted_city": {""}, "adopted_practice": {""}, "resources": {""}, "evidence": {"Report"},
	})
	if code != http.StatusSeeOther || loc != "/practices/"+id {
		t.Fatalf("edit: %d to %q\n%s", code, loc, body)
	}
	_, page = s.get(t, loc)
	mustContain(t, page, "Practice “Mötesplatser” saved.", "<dd>completed</dd>", "<dd>Report</dd>", `<td data-label="What">changed</td>`)
	got, _ := s.api.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: id})
	if g := got.GetPractice(); g.GetContext() != "" || len(g.GetPartners()) != 1 || len(g.GetIndicatorIds()) != 0 || len(g.GetContacts()) != 0 ||
		g.GetAdoptedFrom() != nil || len(g.GetPartnershipIds()) != 1 || g.GetVersion() != 2 {
		t.Fatalf("after the edit: %v", g)
	}

	_, page = s.get(t, "/practices/"+id+"/delete")
	mustContain(t, page, "Delete practice “Mötesplatser”", "Delete the practice")
	code, body, loc = s.post(t, "/practices/"+id+"/delete", url.Values{"csrf": {token}, "version": {version(t, page)}})
	if code != http.StatusSeeOther || loc != "/practices" {
		t.Fatalf("delete: %d to %q\n%s", code, loc, body)
	}
	if _, err := s.api.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: id}); status.Code(err) != codes.NotFound {
		t.Fatalf("after delete: %v, want NotFound", err)
	}
	_, page = s.get(t, "/practices")
	mustContain(t, page, "The practice “Mötesplatser” was deleted.")
}

// TestPracticeTranslations: a translation is added, shown on the
// practice's page, edited and removed, each on its own form; a bad one
// is refused next to its field and saves nothing; the original text
// cannot be removed.
func TestPracticeTranslations(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	pr := nodetest.Practice("Walking groups")
	delete(pr.Texts, "en")
	res, err := s.api.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: pr})
	if err != nil {
		t.Fatal(err)
	}
	id := res.GetPractice().GetId()
	stored := func() *hcnetv1.Practice {
		t.Helper()
		got, err := s.api.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: id})
		if err != nil {
			t.Fatal(err)
		}
		return got.GetPractice()
	}

	code, page := s.get(t, "/practices/"+id+"/translations/new")
	if code != http.StatusOK {
		t.Fatalf("new translation form: %d", code)
	}
	mustContain(t, page, "which has texts in Swedish (sv)", `<label for="language">Language</label>`)
	// The language is chosen among those the practice has no text in,
	// each named in itself.
	mustContain(t, page, `<select id="language" name="language"`, `<option value="fi">Suomi</option>`)
	if strings.Contains(page, `<option value="sv"`) {
		t.Error("the form offers Swedish, the practice's original language")
	}
	v := version(t, page)

	// Refused: no title (the API's words) and a language the practice has.
	for _, tc := range []struct {
		form        url.Values
		input, want string
	}{
		{url.Values{"language": {"fi"}, "title": {""}, "summary": {"Kävelyryhmät"}}, "title", "is required"},
		{url.Values{"language": {"sv"}, "title": {"Promenader"}}, "language", "the practice has a Swedish (sv) text already: edit that one instead"},
		{url.Values{"title": {"Walks"}}, "language", "is required: choose the language of the translation"},
		{url.Values{"language": {"not a tag"}, "title": {"Walks"}}, "language", ""},
	} {
		tc.form.Set("csrf", token)
		tc.form.Set("version", v)
		code, page, _ := s.post(t, "/practices/"+id+"/translations/new", tc.form)
		if code != formStatus {
			t.Fatalf("bad translation %v: %d\n%s", tc.form, code, page)
		}
		if got := fieldError(page, tc.input); got == "" || (tc.want != "" && got != tc.want) {
			t.Errorf("next to %s: %q, want %q", tc.input, got, tc.want)
		}
		mustContain(t, page, `class="error-summary"`)
	}
	if got := stored(); len(got.GetTexts()) != 1 || got.GetVersion() != 1 {
		t.Fatalf("a refused translation was saved: %v", got.GetTexts())
	}

	code, body, loc := s.post(t, "/practices/"+id+"/translations/new", url.Values{"csrf": {token}, "version": {v},
		"language": {"en"}, "title": {"Walking groups <for older people>"}, "summary": {"Walks twice a week."}, "body": {"Volunteers lead."}})
	if code != http.StatusSeeOther || loc != "/practices/"+id+"#texts" {
		t.Fatalf("add a translation: %d to %q\n%s", code, loc, body)
	}
	if got := stored(); got.GetTexts()["en"].GetTitle() != "Walking groups <for older people>" || got.GetTexts()["sv"].GetTitle() != "Promenadgrupper för äldre" ||
		got.GetOriginalLanguage() != "sv" || got.GetProblem() != pr.GetProblem() {
		t.Fatalf("after adding a translation: %v", got)
	}
	_, page = s.get(t, "/practices/"+id)
	mustContain(t, page, "The English (en) text of “Promenadgrupper för äldre” was saved.", `<th scope="row">English (en)`,
		`<td lang="en">Walking groups &lt;for older people&gt;</td>`, `href="/practices/`+id+`/translations/en/edit"`,
		`href="/practices/`+id+`/translations/en/remove"`)
	if strings.Contains(page, `/translations/sv/remove`) {
		t.Error("the page offers to remove the original text")
	}

	_, page = s.get(t, "/practices/"+id+"/translations/en/edit")
	mustContain(t, page, `value="Walking groups &lt;for older people&gt;"`, "Volunteers lead.</textarea>")
	code, body, _ = s.post(t, "/practices/"+id+"/translations/en/edit", url.Values{"csrf": {token}, "version": {version(t, page)},
		"title": {"Walking groups"}, "summary": {"Walks every week."}})
	if code != http.StatusSeeOther {
		t.Fatalf("edit the translation: %d\n%s", code, body)
	}
	if got := stored(); got.GetTexts()["en"].GetTitle() != "Walking groups" || got.GetTexts()["en"].GetBody() != "" || len(got.GetTexts()) != 2 {
		t.Fatalf("after editing the translation: %v", got.GetTexts())
	}
	// The same version again is stale: refused, nothing saved.
	code, body, _ = s.post(t, "/practices/"+id+"/translations/en/edit", url.Values{"csrf": {token}, "version": {v}, "title": {"Old"}})
	if code != formStatus || !strings.Contains(body, "Someone changed this record") {
		t.Fatalf("stale translation edit: %d\n%s", code, body)
	}

	if code, body := s.get(t, "/practices/"+id+"/translations/sv/remove"); code != http.StatusConflict || !strings.Contains(body, "first written in") {
		t.Fatalf("removing the original: %d\n%s", code, body)
	}
	_, page = s.get(t, "/practices/"+id+"/translations/en/remove")
	mustContain(t, page, "Remove the English (en) text of “Promenadgrupper för äldre”", "Delete the translation")
	code, body, loc = s.post(t, "/practices/"+id+"/translations/en/remove", url.Values{"csrf": {token}, "version": {version(t, page)}})
	if code != http.StatusSeeOther || loc != "/practices/"+id+"#texts" {
		t.Fatalf("remove the translation: %d to %q\n%s", code, loc, body)
	}
	if got := stored(); len(got.GetTexts()) != 1 || got.GetTexts()["sv"] == nil {
		t.Fatalf("after removing the translation: %v", got.GetTexts())
	}
	_, page = s.get(t, "/practices/"+id)
	mustContain(t, page, "The English (en) text of “Promenadgrupper för äldre” was removed.")
	if code, body, _ := s.post(t, "/practices/"+id+"/translations/sv/remove", url.Values{"csrf": {token}, "version": {"0"}}); code != http.StatusConflict {
		t.Fatalf("POST removing the original: %d\n%s", code, body)
	}
	if got := stored(); got.GetTexts()["sv"] == nil {
		t.Fatal("the original text was removed")
	}
	// A removed translation has no pages left, and a form still open on
	// it saves nothing.
	for _, path := range []string{"/practices/" + id + "/translations/en/edit", "/practices/" + id + "/translations/en/remove"} {
		if code, _ := s.get(t, path); code != http.StatusNotFound {
			t.Errorf("GET %s of a removed translation: %d, want 404", path, code)
		}
	}
	at := strconv.FormatInt(stored().GetVersion(), 10)
	if code, _, _ := s.post(t, "/practices/"+id+"/translations/en/edit", url.Values{"csrf": {token}, "version": {at}, "title": {"Walking groups"}}); code != http.StatusNotFound {
		t.Errorf("POST to a removed translation's form: %d, want 404", code)
	}
	if got := stored(); got.GetTexts()["en"] != nil || strconv.FormatInt(got.GetVersion(), 10) != at {
		t.Errorf("a post to a removed translation saved: version %d, texts %v", got.GetVersion(), got.GetTexts())
	}
}

// TestViewerCannotChangePractices: a viewer reads a practice's page with
// no links to change it or its translations, and every practice and
// translation POST is refused with 403, changing nothing.
func TestViewerCannotChangePractices(t *testing.T) {
	s := startAccountSite(t)
	ctx := context.Background()
	res, err := s.api.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: nodetest.Practice("Walking groups")})
	if err != nil {
		t.Fatal(err)
	}
	id := res.GetPractice().GetId()
	token := s.signInAs(t, "vi")
	code, page := s.get(t, "/practices/"+id)
	if code != http.StatusOK {
		t.Fatalf("viewer reads the practice: %d", code)
	}
	mustContain(t, page, "English (en)", `<h2 id="history">History</h2>`)
	if m := editRe.FindAllString(page, -1); len(m) > 0 || strings.Contains(page, "Add a translation") {
		t.Errorf("the viewer's practice page offers changes: %q", m)
	}
	for _, path := range []string{"/practices/" + id + "/delete", "/practices/" + id + "/translations/new", "/practices/" + id + "/translations/en/edit", "/practices/" + id + "/translations/en/remove"} {
		if code, body := s.get(t, path); code != http.StatusForbidden || !strings.Contains(body, "role viewer") {
			t.Fatalf("viewer opens %s: %d, want 403", path, code)
		}
	}
	for path, form := range map[string]url.Values{
		"/practices/" + id + "/delete":                 {"version": {"1"}},
		"/practices/" + id + "/translations/new":       {"version": {"1"}, "language": {"fi"}, "title": {"Kävelyryhmät"}},
		"/practices/" + id + "/translations/en/edit":   {"version": {"1"}, "title": {"Renamed"}},
		"/practices/" + id + "/translations/en/remove": {"version": {"1"}},
	} {
		form.Set("csrf", token)
		code, body, _ := s.post(t, path, form)
		if code != http.StatusForbidden || !strings.Contains(body, "Nothing was changed") {
			t.Fatalf("viewer POST %s: %d, want 403", path, code)
		}
	}
	got, err := s.api.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: id})
	if err != nil || got.GetPractice().GetVersion() != 1 || len(got.GetPractice().GetTexts()) != 2 {
		t.Fatalf("a viewer changed the practice: %v, %v", got.GetPractice(), err)
	}
}

// TestPracticeFormErrorNextToRow: a contact's bad e-mail is shown next
// to that contact's e-mail input, rows left empty dropped, what was
// typed kept, and nothing saved.
func TestPracticeFormErrorNextToRow(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	code, page, _ := s.post(t, "/practices/new", url.Values{
		"csrf": {token}, "language": {"en"}, "title": {"Walking groups"}, "visibility": {"network"}, "status": {"ongoing"},
		"contact_name": {"", "Erik Nilsson"}, "contact_role": {"", ""}, "contact_email": {"", "erik at malmo"}, "contact_phone": {"", ""},
	})
	if code != formStatus {
		t.Fatalf("bad contact: %d\n%s", code, page)
	}
	if got := fieldError(page, "contact_email-0"); got == "" {
		t.Errorf("no error next to the contact's e-mail:\n%s", page)
	}
	mustContain(t, page, `href="#contact_email-0">Contact&#39;s e-mail, row 1: `, `id="contact_email-0" name="contact_email" value="erik at malmo"`)
	if n, _ := s.api.ListPractices(context.Background(), &hcnetv1.ListPracticesRequest{}); n.GetTotalSize() != 0 {
		t.Fatal("a refused form saved a practice")
	}
}
