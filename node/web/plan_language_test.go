package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// planPages stores two plans, the first with a goal of each kind of
// action (delayed by its date, done, on time, cancelled) and an indicator
// measured for the whole city, a district and a group; it returns the
// first plan's and the indicator's ids.
func (s *site) planPages(t *testing.T) (plan, indicator string) {
	t.Helper()
	ctx := context.Background()
	p := nodetest.HealthPlan("Malmö health plan 2024–2030")
	p.Actions = append(p.Actions,
		&hcnetv1.Action{Id: "a2", Title: "Train walk leaders", GoalId: "g1", DueDate: "2024-12-31", Status: hcnetv1.ActionStatus_ACTION_STATUS_DONE},
		&hcnetv1.Action{Id: "a3", Title: "Safe routes to every school", GoalId: "g2", DueDate: "2099-06-30", Status: hcnetv1.ActionStatus_ACTION_STATUS_PLANNED},
		&hcnetv1.Action{Id: "a4", Title: "Car-free Sundays", Status: hcnetv1.ActionStatus_ACTION_STATUS_CANCELLED},
	)
	res, err := s.api.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: p})
	if err != nil {
		t.Fatal(err)
	}
	s.planTitled(t, "Lund health plan")
	ind := nodetest.Indicator(res.GetHealthPlan().GetId(), "g1", "Lonely residents 75+")
	district := &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT, Label: "Rosengård"}
	group := &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_GROUP, Label: "women 75+"}
	ind.Measurements = []*hcnetv1.Measurement{
		{Date: "2024-12-31", Value: 16, Source: "Folkhälsoenkäten"},
		{Date: "2024-12-31", Value: 21.5, Breakdown: district, Source: "Folkhälsoenkäten"},
		{Date: "2024-12-31", Value: 14, Breakdown: group},
		{Date: "2025-12-31", Value: 15},
		{Date: "2025-12-31", Value: 19, Breakdown: district},
	}
	made, err := s.api.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: ind})
	if err != nil {
		t.Fatal(err)
	}
	return res.GetHealthPlan().GetId(), made.GetIndicator().GetId()
}

// TestPlanPagesSpeakEveryLanguage: the plans list, a plan with goals,
// indicators and actions in every state, the plan, goal and action forms
// and a goal's removal, the city profile and its form, the indicators
// list, an indicator with its district breakdown and chart, and the
// indicator form, each in all eight languages with nothing missing from
// a catalogue; forms posted with problems say them in the reader's
// language, next to their fields.
func TestPlanPagesSpeakEveryLanguage(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	plan, ind := s.planPages(t)
	base := "/plans/" + plan
	inEveryLanguage(t, s, "/plans", base, "/plans/new", base+"/edit",
		base+"/goals/new", base+"/goals/g2/edit", base+"/goals/g2/delete",
		base+"/actions/new", base+"/actions/a1/edit", base+"/actions/a4/delete",
		"/city", "/city/edit", "/indicators", "/indicators/"+ind, "/indicators/new", "/indicators/"+ind+"/edit")

	before := missedNow(t)
	// Each form with problems, in every language: the page says so in
	// the language and shows each problem next to its field.
	bad := []struct {
		path  string
		form  url.Values
		field string
	}{
		{"/plans/new", url.Values{"title": {"Plan"}, "status": {"draft"}, "visibility": {"private"}, "period_start_year": {"soon"}}, "period_start_year"},
		{base + "/goals/new", url.Values{"version": {"1"}, "title": {"Goal"}, "sdg_goals": {"three"}}, "sdg_goals"},
		{base + "/actions/new", url.Values{"version": {"1"}, "title": {"Step"}, "status": {"someday"}}, "status"},
		{"/city/edit", url.Values{"version": {"1"}, "name": {"Malmö"}, "visibility": {"network"}, "population": {"many"}, "member_since": {"long ago"}}, "population"},
		{"/indicators/new", url.Values{"plan_id": {plan}, "name": {"Smokers"}, "unit": {"%"}, "visibility": {"network"}, "baseline": {"a lot"}, "target": {""}}, "baseline"},
		{"/indicators/" + ind, url.Values{"date": {"2026-01-31"}, "value": {"high"}}, "value"},
	}
	pages := map[string][]string{}
	for _, l := range i18n.Languages {
		for _, b := range bad {
			b.form.Set("csrf", token)
			code, page, _ := s.postIn(t, l.Code, b.path, b.form)
			if code != formStatus {
				t.Fatalf("%s %s: %d, want %d\n%s", l.Code, b.path, code, formStatus, page)
			}
			mustContain(t, page, `<html lang="`+l.Code+`">`, `id="`+b.field+`-error"`)
			pages[l.Code] = append(pages[l.Code], page)
		}
	}
	missedSince(t, before)
	sv, ru := pages["sv"], pages["ru"]
	mustContain(t, sv[0], "Första året: måste vara ett årtal, till exempel 2030", "Ny hälsoplan")
	mustContain(t, sv[3], "Invånarantal: måste vara ett helt antal invånare, till exempel 357377", "Medlem sedan: måste vara ett årtal, till exempel 1988")
	mustContain(t, sv[4], "Utgångsläge: måste vara ett tal, till exempel 12,5", `<a href="#target">Målvärde: `)
	mustContain(t, sv[5], "Värde: måste vara ett tal, till exempel 12,5")
	mustContain(t, ru[0], "Первый год: должно быть годом, например 2030", "Новый план здоровья")
	mustContain(t, ru[4], "Исходный уровень: должно быть числом, например 12,5")

	// The plan's page: its progress, each action's standing and the
	// indicator's chart, titled and labelled in the language.
	_, page := s.getIn(t, "sv", base)
	mustContain(t, page, "<h2 id=\"about\">Om planen</h2>", "antagen av city council den 2024-02-15",
		"<strong>1 av 4 åtgärder klara</strong>", `<span class="status amber">1 i tid</span>`, `<span class="status red">1 försenad</span>`, `<span class="status grey">1 inställd</span>`,
		"Steg 1: Open meeting places in every district", `<span class="status red">försenad</span>`, `<span class="status green">klar</span>`,
		`<option value="done" selected>klar</option>`, "Mål: Fewer older people feel lonely", "Som plan för nätverket skickas den bara till stadens egen hubb",
		// The chart's own words.
		">Datum</text>", "Utgångsläge → mål", "Hela staden", "Stadsdel: Rosengård", "Grupp: women 75+", "Siffrorna som tabell")
	_, page = s.getIn(t, "ru", base)
	mustContain(t, page, "<h2 id=\"about\">О плане</h2>", "Выполнено 1 из 4 мероприятий", "Мероприятия, шаг за шагом",
		`<span class="status red">с задержкой</span>`, "принят: city council, 15.02.2024", ">Дата</text>", "Весь город")

	// The indicator's page: the breakdown with the language's numbers.
	_, page = s.getIn(t, "sv", "/indicators/"+ind)
	mustContain(t, page, `<h2 id="breakdown">Per stadsdel och grupp</h2>`, "lägre är bättre",
		`<th scope="row">Stadsdel: Rosengård</th><td>2025-12-31</td><td class="num">19</td><td class="num">&#43;4 <strong>sämre</strong></td>`,
		`<th scope="row">Grupp: women 75&#43;</th><td>2024-12-31</td><td class="num">14</td>`,
		`<td class="num">21,5</td><td>Stadsdel: Rosengård</td><td>Folkhälsoenkäten</td>`, "Registrera ett mätvärde", ">Datum</text>")
	_, page = s.getIn(t, "de", "/indicators/"+ind)
	mustContain(t, page, "<td>31.12.2025</td>", "Ausgangswert 18,5 (31.12.2023) → Zielwert 12 (31.12.2030)", "Nach Stadtteil und Gruppe")
	_, page = s.getIn(t, "ru", "/indicators/"+ind)
	mustContain(t, page, "По районам и группам", "отстаёт", "Единица: %", "чем ниже, тем лучше")

	// Lists and the profile.
	_, page = s.getIn(t, "sv", "/plans")
	mustContain(t, page, "<th scope=\"col\">Genomförda åtgärder</th>", "<td>1 av 4</td>", "<td>antagen</td>")
	_, page = s.getIn(t, "ru", "/indicators")
	mustContain(t, page, "Все показатели планов здоровья города", "<td>15 % (31.12.2025)</td>")
	_, page = s.getIn(t, "sv", "/city")
	mustContain(t, page, "Stadens profil: hur nätverket", "<dt>Synlighet</dt>", "Samordnarens kontaktuppgifter lämnar aldrig den här noden.")
	_, page = s.getIn(t, "ru", "/city/edit")
	// A record's name is its own word, not the sign-in's account name.
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	name := words.In("ru").Term("Field.name", "Name")
	if name == "Name" || name == words.In("ru").T("Name") {
		t.Errorf("a record's name in Russian is %q", name)
	}
	mustContain(t, page, `<label for="name">`+name+`</label>`, "Координатор программы «Здоровые города»", "Сохранить профиль города")

	// What a save says comes in the language it was made in.
	_, page = s.getIn(t, "sv", base+"/goals/new")
	if code, body, _ := s.postIn(t, "sv", base+"/goals/new", url.Values{"csrf": {token}, "version": {version(t, page)}, "title": {"Renare luft"}}); code != http.StatusSeeOther {
		t.Fatalf("add goal: %d\n%s", code, body)
	}
	_, page = s.getIn(t, "sv", base)
	mustContain(t, page, "Målet ”Renare luft” har sparats.")
}

// TestPlanPagesEmptyInEveryLanguage: with no plan, the indicator form
// says to record one first, in every language.
func TestPlanPagesEmptyInEveryLanguage(t *testing.T) {
	s := startSite(t)
	s.signIn(t)
	inEveryLanguage(t, s, "/plans", "/indicators", "/indicators/new")
	_, page := s.getIn(t, "sv", "/indicators/new")
	mustContain(t, page, "Registrera planen först.")
	_, page = s.getIn(t, "ru", "/indicators/new")
	mustContain(t, page, "Сначала внесите план.")
}

// TestWhereSentencesSayWhatVisibilityDoes: the whole sentences saying
// where a plan, an indicator and the profile go read, in English, as the
// visibility's own words say it for every kind that is shared.
func TestWhereSentencesSayWhatVisibilityDoes(t *testing.T) {
	nouns := map[record.Kind]string{record.KindHealthPlan: "plan", record.KindIndicator: "indicator", record.KindCity: "profile"}
	for k, noun := range nouns {
		for _, name := range record.ShortNames(hcnetv1.Visibility(0).Descriptor()) {
			v, _ := record.ParseEnum[hcnetv1.Visibility](name)
			want := "As a " + webui.Words(name) + " " + noun + " it " + sharedWhere(v)
			if got := whereSentences[k][v]; got != want {
				t.Errorf("%s, %s: %q, want %q", k, name, got, want)
			}
		}
	}
}
