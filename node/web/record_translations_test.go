package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// translationCase is one kind's record on the translation pages: where
// it lives, and a Swedish text for each of its translatable fields
// that the test fills in (a plan's goals included).
type translationCase struct {
	title string
	page  string
	kind  record.Kind
	get   func(t *testing.T) proto.Message
	sv    url.Values
}

func translationCases(t *testing.T, s *site) []translationCase {
	ctx := context.Background()
	p, err := s.api.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Healthy schools", s.partner(t, "Malmö stad"))})
	if err != nil {
		t.Fatal(err)
	}
	pl, err := s.api.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("City health plan")})
	if err != nil {
		t.Fatal(err)
	}
	pid, plid := p.GetPartnership().GetId(), pl.GetHealthPlan().GetId()
	return []translationCase{
		{title: "partnership", page: "/partnerships/" + pid, kind: record.KindPartnership,
			get: func(t *testing.T) proto.Message {
				res, err := s.api.GetPartnership(ctx, &hcnetv1.GetPartnershipRequest{Id: pid})
				if err != nil {
					t.Fatal(err)
				}
				return res.GetPartnership()
			},
			sv: url.Values{"text.title": {"Hälsosamma skolor <för alla>"}, "text.description": {"Skolor och regionen arbetar tillsammans."}}},
		{title: "plan", page: "/plans/" + plid, kind: record.KindHealthPlan,
			get: func(t *testing.T) proto.Message {
				res, err := s.api.GetHealthPlan(ctx, &hcnetv1.GetHealthPlanRequest{Id: plid})
				if err != nil {
					t.Fatal(err)
				}
				return res.GetHealthPlan()
			},
			sv: url.Values{"text.title": {"Stadens hälsoplan"}, "text.goals.g1.title": {"Färre äldre känner sig ensamma"}}},
	}
}

// TestRecordTranslations: a Swedish translation of a partnership and of
// a plan (with a goal's title) is added, listed on the record's page,
// edited and removed; a bad language, an empty translation and a stale
// form are each refused next to their field with nothing saved.
func TestRecordTranslations(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	for _, tc := range translationCases(t, s) {
		t.Run(tc.title, func(t *testing.T) {
			info := record.Lookup(tc.kind)
			base := tc.page + "/translations/"
			_, page := s.get(t, tc.page)
			mustContain(t, page, `<h2 id="texts">Texts by language</h2>`, `href="`+base+`new"`)

			code, page := s.get(t, base+"new")
			if code != http.StatusOK {
				t.Fatalf("new translation form: %d\n%s", code, page)
			}
			// The record says no original language yet: the form asks,
			// and shows each field's original text as its hint.
			mustContain(t, page, `<label for="original_language">Original language</label>`, `<label for="language">Language</label>`,
				`id="text.title-hint">Original: `)
			// Languages are chosen, each named in itself, not typed as
			// codes.
			mustContain(t, page, `<select id="original_language" name="original_language"`, `<select id="language" name="language"`,
				`<option value="sv">Svenska</option>`, `<option value="ru">Русский</option>`)
			if tc.kind == record.KindHealthPlan {
				mustContain(t, page, `Title of “Fewer older people feel lonely”`)
			}
			v := version(t, page)
			before := tc.get(t)

			for _, bad := range []struct {
				form        url.Values
				input, want string
			}{
				{url.Values{"original_language": {"en"}, "language": {"not a tag!"}, "text.title": {"Något"}}, "language", "“not a tag!” is not a language tag such as sv or fi"},
				{url.Values{"original_language": {"en"}, "language": {"sv"}}, "text.title", "is empty, as is every other text: write at least one of them in the translation"},
				{url.Values{"original_language": {"en"}, "language": {"en"}, "text.title": {"Same"}}, "language", "is the language the record was first written in: its text is the record's own"},
				{url.Values{"language": {"sv"}, "text.title": {"Något"}}, "original_language", "is required: choose the language the record was first written in"},
				{url.Values{"original_language": {"en"}, "text.title": {"Något"}}, "language", "is required: choose the language of the translation"},
			} {
				bad.form.Set("csrf", token)
				bad.form.Set("version", v)
				code, page, _ := s.post(t, base+"new", bad.form)
				if code != formStatus {
					t.Fatalf("bad translation %v: %d\n%s", bad.form, code, page)
				}
				if got := fieldError(page, bad.input); got != bad.want {
					t.Errorf("next to %s: %q, want %q", bad.input, got, bad.want)
				}
				mustContain(t, page, `class="error-summary"`)
			}
			if got := tc.get(t); !proto.Equal(got, before) {
				t.Fatalf("a refused translation was saved: %v", got)
			}

			form := url.Values{"csrf": {token}, "version": {v}, "original_language": {"en"}, "language": {"sv"}}
			for k, vs := range tc.sv {
				form[k] = vs
			}
			code, body, loc := s.post(t, base+"new", form)
			if code != http.StatusSeeOther || loc != tc.page+"#texts" {
				t.Fatalf("add a translation: %d to %q\n%s", code, loc, body)
			}
			got := tc.get(t)
			sv := info.Translations(got)["sv"].GetFields()
			if info.OriginalLanguage(got) != "en" || len(sv) != len(tc.sv) {
				t.Fatalf("after adding: original %q, sv %v", info.OriginalLanguage(got), sv)
			}
			for k, want := range tc.sv {
				if sv[strings.TrimPrefix(k, "text.")] != want[0] {
					t.Errorf("sv %s = %q, want %q", k, sv[strings.TrimPrefix(k, "text.")], want[0])
				}
			}
			if record.GetMeta(got).Version != record.GetMeta(before).Version+1 {
				t.Errorf("version %d after one save from %d", record.GetMeta(got).Version, record.GetMeta(before).Version)
			}

			_, page = s.get(t, tc.page)
			mustContain(t, page, `English (en) <span class="tag">original</span>`, `Swedish (sv)`,
				`href="`+base+`sv/edit"`, `href="`+base+`sv/remove"`, `<td lang="sv">`+html.EscapeString(tc.sv.Get("text.title"))+`</td>`)

			// A second translation is offered the languages the record
			// has no text in yet: not the original, not Swedish.
			_, page = s.get(t, base+"new")
			mustContain(t, page, `<option value="de">Deutsch</option>`)
			for _, taken := range []string{`<option value="en"`, `<option value="sv"`, `id="original_language"`} {
				if strings.Contains(page, taken) {
					t.Errorf("the form for a second translation offers %s", taken)
				}
			}

			// Edit: the form is filled with the Swedish text; a save from a
			// form opened before the last change is refused.
			code, page = s.get(t, base+"sv/edit")
			if code != http.StatusOK {
				t.Fatalf("edit form: %d", code)
			}
			mustContain(t, page, `value="`+html.EscapeString(tc.sv.Get("text.title"))+`"`)
			if strings.Contains(page, `id="original_language"`) {
				t.Error("the edit form asks for the original language the record has")
			}
			code, page, _ = s.post(t, base+"sv/edit", url.Values{"csrf": {token}, "version": {v}, "text.title": {"Inaktuell"}})
			if code != formStatus || !strings.Contains(page, "Nothing was saved: someone changed this record") {
				t.Fatalf("a stale form: %d\n%s", code, page)
			}
			if t2 := info.Translations(tc.get(t))["sv"].GetFields()["title"]; t2 != tc.sv.Get("text.title") {
				t.Fatalf("a stale form saved %q", t2)
			}
			_, page = s.get(t, base+"sv/edit")
			code, _, loc = s.post(t, base+"sv/edit", url.Values{"csrf": {token}, "version": {version(t, page)}, "text.title": {"Friska skolor"}})
			if code != http.StatusSeeOther || loc != tc.page+"#texts" {
				t.Fatalf("edit: %d to %q", code, loc)
			}
			if f := info.Translations(tc.get(t))["sv"].GetFields(); f["title"] != "Friska skolor" || len(f) != 1 {
				t.Fatalf("after editing, sv is %v", f)
			}

			// Remove, after a confirmation.
			code, page = s.get(t, base+"sv/remove")
			if code != http.StatusOK {
				t.Fatalf("confirm removal: %d", code)
			}
			mustContain(t, page, "Remove the Swedish (sv) text of")
			code, _, loc = s.post(t, base+"sv/remove", url.Values{"csrf": {token}, "version": {version(t, page)}})
			if code != http.StatusSeeOther || loc != tc.page+"#texts" {
				t.Fatalf("remove: %d to %q", code, loc)
			}
			got = tc.get(t)
			if _, have := info.Translations(got)["sv"]; have || info.OriginalLanguage(got) != "en" {
				t.Fatalf("after removing: %v", info.Translations(got))
			}
			if code, _ := s.get(t, base+"sv/edit"); code != http.StatusNotFound {
				t.Errorf("edit of a removed translation: %d, want 404", code)
			}
			// Nor can a form still open on it save or remove it again.
			if code, _ := s.get(t, base+"sv/remove"); code != http.StatusNotFound {
				t.Errorf("removal page of a removed translation: %d, want 404", code)
			}
			at := strconv.FormatInt(record.GetMeta(got).Version, 10)
			for _, post := range []url.Values{
				{"csrf": {token}, "version": {at}, "text.title": {"Friska skolor"}},
				{"csrf": {token}, "version": {at}},
			} {
				path := base + "sv/edit"
				if !post.Has("text.title") {
					path = base + "sv/remove"
				}
				if code, _, _ := s.post(t, path, post); code != http.StatusNotFound {
					t.Errorf("POST %s of a removed translation: %d, want 404", path, code)
				}
			}
			if after := tc.get(t); record.GetMeta(after).Version != record.GetMeta(got).Version {
				t.Errorf("a post on a removed translation saved version %d", record.GetMeta(after).Version)
			}
		})
	}
}

// TestViewerCannotTranslate: a viewer sees a record's texts without
// links to change them, and every translation form and POST is refused.
func TestViewerCannotTranslate(t *testing.T) {
	s := startAccountSite(t)
	cases := translationCases(t, s.site)
	token := s.signInAs(t, "vi")
	for _, tc := range cases {
		before := tc.get(t)
		base := tc.page + "/translations/"
		code, page := s.get(t, tc.page)
		if code != http.StatusOK {
			t.Fatalf("viewer reads %s: %d", tc.page, code)
		}
		mustContain(t, page, `<h2 id="texts">Texts by language</h2>`)
		if strings.Contains(page, base) {
			t.Errorf("the viewer's %s page links to translation forms", tc.title)
		}
		if code, _ := s.get(t, base+"new"); code != http.StatusForbidden {
			t.Errorf("viewer opens %snew: %d, want 403", base, code)
		}
		form := url.Values{"csrf": {token}, "version": {"1"}, "original_language": {"en"}, "language": {"sv"}, "text.title": {"Något"}}
		code, body, _ := s.post(t, base+"new", form)
		if code != http.StatusForbidden || !strings.Contains(body, "Nothing was changed") {
			t.Fatalf("viewer POST %snew: %d, want 403", base, code)
		}
		if got := tc.get(t); !proto.Equal(got, before) {
			t.Fatalf("a viewer changed the %s: %v", tc.title, got)
		}
	}
}

// TestEveryTranslatableKindHasTranslationPages: every kind the registry
// says translates its text has the pages (practices keep theirs), and
// an indicator, a success and the city profile each take a Swedish
// translation through them and list it on their own page.
func TestEveryTranslatableKindHasTranslationPages(t *testing.T) {
	have := map[record.Kind]bool{}
	for _, k := range textsKinds {
		have[k.kind] = true
	}
	for _, k := range record.SharedKinds() {
		if record.Lookup(k).Translatable() && !have[k] {
			t.Errorf("kind %s translates its text but has no translation pages", k)
		}
	}

	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	pl, err := s.api.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("City health plan")})
	if err != nil {
		t.Fatal(err)
	}
	ind, err := s.api.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: nodetest.Indicator(pl.GetHealthPlan().GetId(), "g1", "Older people who feel lonely")})
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.api.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Healthy schools", s.partner(t, "Malmö stad"))})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := s.api.CreateSuccess(ctx, &hcnetv1.CreateSuccessRequest{Success: nodetest.Success("Fewer falls", p.GetPartnership().GetId())})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ page, field, sv string }{
		{"/indicators/" + ind.GetIndicator().GetId(), "name", "Äldre som känner sig ensamma"},
		{"/successes/" + sc.GetSuccess().GetId(), "title", "Färre fallolyckor"},
		{"/city", "description", "Staden arbetar för hälsa."},
	} {
		_, page := s.get(t, c.page)
		mustContain(t, page, `<h2 id="texts">Texts by language</h2>`, `href="`+c.page+`/translations/new"`)
		code, page := s.get(t, c.page+"/translations/new")
		if code != http.StatusOK {
			t.Fatalf("%s new translation: %d", c.page, code)
		}
		mustContain(t, page, `id="text.`+c.field+`"`)
		code, body, loc := s.post(t, c.page+"/translations/new", url.Values{"csrf": {token}, "version": {version(t, page)},
			"original_language": {"en"}, "language": {"sv"}, "text." + c.field: {c.sv}})
		if code != http.StatusSeeOther || loc != c.page+"#texts" {
			t.Fatalf("%s add a translation: %d to %q\n%s", c.page, code, loc, body)
		}
		_, page = s.get(t, c.page)
		mustContain(t, page, `Swedish (sv)`, `href="`+c.page+`/translations/sv/edit"`)
	}
	city, err := s.api.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil || city.GetCity().GetTranslations()["sv"].GetFields()["description"] != "Staden arbetar för hälsa." {
		t.Fatalf("the city's Swedish text: %v, %v", city.GetCity().GetTranslations(), err)
	}
}
