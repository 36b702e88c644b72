package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// secretPartner is the organisation of a partner Malmö keeps private:
// no page of the hub may name it.
const secretPartner = "Stiftelsen Hemlig Partner"

// sharedCities is a hub with two member cities. Malmö shares a
// partnership with a named partner and a private one, a plan with
// actions done, on time and late, an indicator with two district series,
// and a success naming Lund, which Lund endorses.
type sharedCities struct {
	hub                                  *hubtest.Hub
	malmo                                *nodetest.Node
	srv                                  *httptest.Server
	partnership, plan, indicator, succes string
	abroad, endorsement, practice        string
}

func startSharedCities(t *testing.T) *sharedCities {
	t.Helper()
	ctx := context.Background()
	h := hubtest.Start(t)
	malmo := nodetest.Start(t)
	lund := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	member(t, h, malmo)
	member(t, h, lund)
	c := malmo.Client(t)
	named, err := c.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner("Malmö stad")})
	if err != nil {
		t.Fatal(err)
	}
	hidden := nodetest.Partner(secretPartner)
	hidden.Visibility = hcnetv1.Visibility_VISIBILITY_PRIVATE
	private, err := c.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: hidden})
	if err != nil {
		t.Fatal(err)
	}
	ps := nodetest.Partnership("Gröna gårdar", named.GetPartner().GetId(), private.GetPartner().GetId())
	ps.Visibility = hcnetv1.Visibility_VISIBILITY_NETWORK
	ps.Description = "Walks & talks <script>alert('x')</script> in the courtyards."
	pr, err := c.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: ps})
	if err != nil {
		t.Fatal(err)
	}
	psID := pr.GetPartnership().GetId()
	plan := nodetest.HealthPlan("Malmö health plan 2024–2030")
	plan.PartnershipIds = []string{psID}
	plan.Actions = []*hcnetv1.Action{
		{Title: "Map where older people live alone", GoalId: "g1", DueDate: "2024-06-30", Status: hcnetv1.ActionStatus_ACTION_STATUS_DONE},
		{Title: "Open meeting places in every district", GoalId: "g1", DueDate: "2099-06-30", Status: hcnetv1.ActionStatus_ACTION_STATUS_IN_PROGRESS, PartnershipId: psID},
		{Title: "Safe routes to every school", GoalId: "g2", DueDate: "2021-08-15", Status: hcnetv1.ActionStatus_ACTION_STATUS_PLANNED},
		{Title: "Train walking-bus volunteers", GoalId: "g2", DueDate: "2099-01-31", Status: hcnetv1.ActionStatus_ACTION_STATUS_DELAYED},
	}
	pl, err := c.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: plan})
	if err != nil {
		t.Fatal(err)
	}
	planID := pl.GetHealthPlan().GetId()
	ind := nodetest.Indicator(planID, "g1", "Loneliness among residents 75+")
	district := func(label string) *hcnetv1.Breakdown {
		return &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT, Label: label}
	}
	ind.Measurements = []*hcnetv1.Measurement{
		{Date: "2024-12-31", Value: 17.5, Source: "national health survey"},
		{Date: "2025-12-31", Value: 16},
		{Date: "2024-12-31", Value: 24, Breakdown: district("Rosengård")},
		{Date: "2025-12-31", Value: 21.5, Breakdown: district("Rosengård")},
		{Date: "2024-12-31", Value: 11, Breakdown: district("Limhamn <Bunkeflo>")},
		{Date: "2025-12-31", Value: 10.5, Breakdown: district("Limhamn <Bunkeflo>")},
	}
	ir, err := c.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: ind})
	if err != nil {
		t.Fatal(err)
	}
	pract := nodetest.Practice("Walking groups for older residents")
	pract.Visibility = hcnetv1.Visibility_VISIBILITY_NETWORK
	pract.PartnershipIds = []string{psID}
	pract.IndicatorIds = []string{ir.GetIndicator().GetId()}
	prr, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: pract})
	if err != nil {
		t.Fatal(err)
	}
	s := nodetest.Success("Loneliness fell in both cities", psID)
	s.Visibility = hcnetv1.Visibility_VISIBILITY_NETWORK
	s.PartnerCities = []*hcnetv1.CityRef{{CityId: "lund", Country: "se", Name: "Lund"}}
	sr, err := c.CreateSuccess(ctx, &hcnetv1.CreateSuccessRequest{Success: s})
	if err != nil {
		t.Fatal(err)
	}
	// A success with a city of another network, which this hub has no
	// page for.
	abroad := nodetest.Success("Walk leaders trained with Aarhus", "")
	abroad.PartnerCities = []*hcnetv1.CityRef{{CityId: "aarhus", Country: "dk", Name: "Aarhus"}}
	ar, err := c.CreateSuccess(ctx, &hcnetv1.CreateSuccessRequest{Success: abroad})
	if err != nil {
		t.Fatal(err)
	}
	e := nodetest.Endorsement(sr.GetSuccess().GetId())
	e.Success = &hcnetv1.SuccessRef{CityId: "malmo", Country: "se", SuccessId: sr.GetSuccess().GetId()}
	e.Statement = "Lund confirms the walks ran together with Malmö."
	er, err := lund.Client(t).CreateEndorsement(ctx, &hcnetv1.CreateEndorsementRequest{Endorsement: e})
	if err != nil {
		t.Fatal(err)
	}
	sc := &sharedCities{hub: h, malmo: malmo, partnership: psID, plan: planID, indicator: ir.GetIndicator().GetId(),
		succes: sr.GetSuccess().GetId(), abroad: ar.GetSuccess().GetId(), practice: prr.GetPractice().GetId(), endorsement: er.GetEndorsement().GetId()}
	poll.Until(t, "the hub holds both cities' records and the success is mutual", func() bool {
		st, err := h.Client(t).GetStats(ctx, &hcnetv1.GetStatsRequest{})
		if err != nil || st.GetPartnerships() != 1 || st.GetIndicators() != 1 || st.GetPlans() != 1 || st.GetSuccesses() != 2 || st.GetPractices() != 1 {
			return false
		}
		res, err := h.Client(t).GetRecord(ctx, &hcnetv1.GetRecordRequest{Id: "se/malmo/" + sc.succes})
		return err == nil && res.GetEndorsements().GetMutual()
	})
	sc.srv = servePages(t, h)
	return sc
}

func (sc *sharedCities) get(t *testing.T, path string) (int, string) {
	t.Helper()
	nw := network{srv: sc.srv}
	code, _, page := nw.get(t, path)
	return code, page
}

func TestSharedRecordPages(t *testing.T) {
	sc := startSharedCities(t)
	rec := "/records/se/malmo/"
	for _, tc := range []struct {
		title, path string
		code        int
		want, never []string
	}{
		{title: "partnership with its partners as shared", path: rec + sc.partnership, code: http.StatusOK, want: []string{
			"<h1>Gröna gårdar</h1>", `>Malmö stad</a>`, "local government department", "<td>lead</td>", "<td>partner</td>",
			"Not named", "1 partner is shown by role only", "across sectors", "Loneliness among residents over 75",
			"tackle hot local issues", "step by step", "Rosengård health centre", "Residents plan the walks", "district health council",
			"from 2024-03-01 until 2026-12-31", "Region Skåne", `href="/search?kind=partnership&amp;q=%22Malm%C3%B6&#43;stad%22"`,
			"Walks &amp; talks &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", `<h2 id="named-by">Named by</h2>`,
			`<a href="` + rec + sc.plan + `">Malmö health plan 2024–2030</a> <span class="muted">(health plan)</span>`,
			`<a href="` + rec + sc.succes + `">Loneliness fell in both cities</a> <span class="muted">(success)</span>`},
			never: []string{secretPartner, "<script>alert", "Walk leaders trained with Aarhus"}},
		{title: "plan with goals, actions and progress", path: rec + sc.plan, code: http.StatusOK, want: []string{
			"Goal: Fewer older people feel lonely", "Goal: More children walk or cycle to school",
			`href="` + rec + sc.indicator + `">Loneliness among residents 75&#43;</a>`, "16%",
			`<li><span class="n">1</span> <span class="status green">done</span></li>`,
			`<li><span class="n">1</span> <span class="status green">on time</span></li>`,
			`<li><span class="n">2</span> <span class="status red">delayed</span></li>`,
			"Safe routes to every school", `href="` + rec + sc.partnership + `">Gröna gårdar</a>`, "<dt>Adopted</dt><dd>by city council on 2024-02-15, KS-2023-1234</dd>"}},
		{title: "indicator with two district series", path: rec + sc.indicator, code: http.StatusOK, want: []string{
			`<g class="series" role="list" aria-label="District: Rosengård">`, `<g class="series" role="list" aria-label="District: Limhamn &lt;Bunkeflo&gt;">`,
			`aria-label="Whole city"`, `aria-label="Baseline → target"`,
			`<th scope="row">District: Limhamn &lt;Bunkeflo&gt;</th><td class="date">2025-12-31</td><td class="num">10.5</td>`,
			`<td class="date">2024-12-31</td><th scope="row">Whole city</th><td class="num">17.5</td><td>national health survey</td>`,
			`href="` + rec + sc.plan + `">Malmö health plan 2024–2030</a>, goal “Fewer older people feel lonely”`, "lower is better"},
			never: []string{"<Bunkeflo>"}},
		{title: "success with its endorsements, mutual", path: rec + sc.succes, code: http.StatusOK, want: []string{
			`<span class="status green">Mutual success</span>`, "1 of 1 partner city has endorsed", `<a href="/cities/se/lund">Lund</a>`,
			`<span class="status green">Endorsed</span>`, `href="` + rec + sc.partnership + `">Gröna gårdar</a>`}},
		{title: "success with a city of another network, not yet mutual", path: rec + sc.abroad, code: http.StatusOK, want: []string{
			`<span class="status amber">Not yet mutual</span>`, "0 of 1 partner city has endorsed", `<th scope="row">Aarhus</th>`},
			never: []string{`href="/cities/dk/aarhus"`}},
		{title: "endorsement with the success it endorses", path: "/records/se/lund/" + sc.endorsement, code: http.StatusOK, want: []string{
			"Lund confirms the walks ran together with Malmö.", `href="` + rec + sc.succes + `">Loneliness fell in both cities</a>`,
			`a success of <a href="/cities/se/malmo">Malmö</a>`}},
		{title: "practice with the partnerships and indicators it names", path: rec + sc.practice, code: http.StatusOK, want: []string{
			`<dt>Partnerships</dt><dd><ul><li><a href="` + rec + sc.partnership + `">Gröna gårdar</a></li></ul></dd>`,
			`<dt>Indicators</dt><dd><ul><li><a href="` + rec + sc.indicator + `">Loneliness among residents 75&#43;</a></li></ul></dd>`}},
		{title: "indicator named by a practice", path: rec + sc.indicator, code: http.StatusOK, want: []string{
			`<a href="` + rec + sc.practice + `">Promenadgrupper för äldre</a> <span class="muted">(practice)</span>`}},
		{title: "provenance links the city's page", path: rec + sc.plan, code: http.StatusOK, want: []string{
			`<strong><a href="/cities/se/malmo">Malmö (se/malmo)</a></strong>: signed by the city&#39;s node`}},
		{title: "city page with its records by kind", path: "/cities/se/malmo", code: http.StatusOK, want: []string{
			"<h1>Malmö</h1>", `<h2 id="kind-partnership">Partnerships</h2>`, `<h2 id="kind-plan">Health plans</h2>`,
			`<h2 id="kind-indicator">Indicators</h2>`, `<h2 id="kind-success">Successes</h2>`,
			`href="` + rec + sc.partnership + `"`, `href="` + rec + sc.plan + `"`, `href="` + rec + sc.indicator + `"`, `href="` + rec + sc.succes + `"`,
			`href="/stats?city=se%2Fmalmo"`},
			never: []string{secretPartner}},
		{title: "the city record's page is the city's page", path: rec + "malmo", code: http.StatusOK, want: []string{
			"<h1>Malmö</h1>", `<h2 id="kind-plan">Health plans</h2>`}},
		{title: "members link the cities' pages", path: "/members", code: http.StatusOK, want: []string{
			`<a href="/cities/se/malmo">Malmö</a>`, `<a href="/cities/se/lund">Lund</a>`}},
		{title: "a city the hub knows nothing of", path: "/cities/se/nowhere", code: http.StatusNotFound, want: []string{"The hub holds nothing from this city"}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			code, page := sc.get(t, tc.path)
			if code != tc.code {
				t.Fatalf("GET %s: %d, want %d\n%s", tc.path, code, tc.code, page)
			}
			mustContain(t, page, tc.want...)
			for _, n := range tc.never {
				if strings.Contains(page, n) {
					t.Fatalf("page shows %q:\n%s", n, page)
				}
			}
		})
	}
}

// TestPrivatePartnerIsNeverNamed looks for the private partner's name
// everywhere a visitor can go: every record's page, the city's page, the
// search for it.
func TestPrivatePartnerIsNeverNamed(t *testing.T) {
	sc := startSharedCities(t)
	paths := []string{"/cities/se/malmo", "/cities/se/lund", "/search?kind=partnership", "/search?q=Hemlig", "/partners?topic=Hemlig"}
	for _, id := range []string{sc.partnership, sc.plan, sc.indicator, sc.succes, "malmo"} {
		paths = append(paths, "/records/se/malmo/"+id)
	}
	for _, p := range paths {
		code, page := sc.get(t, p)
		if code != http.StatusOK {
			t.Fatalf("GET %s: %d\n%s", p, code, page)
		}
		if strings.Contains(page, secretPartner) || strings.Contains(page, "Hemlig Partner") {
			t.Fatalf("%s names the private partner:\n%s", p, page)
		}
	}
	// The placeholder stands where the partner is: in the partners
	// table, by its role.
	_, page := sc.get(t, "/records/se/malmo/"+sc.partnership)
	mustContain(t, page, `<th scope="row"><span class="muted">Not named</span></th>`)
}

// TestEveryKindHasAPage keeps the pages in step with the record
// registry: a kind the hub holds without a page would show only its
// title.
func TestEveryKindHasAPage(t *testing.T) {
	h, err := New(nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range record.SharedKinds() {
		kp, ok := kindPages[k]
		if !ok {
			t.Errorf("kind %s has no page on the hub", k)
			continue
		}
		if !h.pages.Has(kp.page) {
			t.Errorf("kind %s: no template %s", k, kp.page)
		}
	}
}

func TestActionProgress(t *testing.T) {
	today := mustDay(t, "2026-03-10")
	for _, tc := range []struct {
		title string
		a     *hcnetv1.Action
		want  string
	}{
		{"done late is done", &hcnetv1.Action{DueDate: "2020-01-01", Status: hcnetv1.ActionStatus_ACTION_STATUS_DONE}, progressDone},
		{"cancelled", &hcnetv1.Action{DueDate: "2030-01-01", Status: hcnetv1.ActionStatus_ACTION_STATUS_CANCELLED}, progressCancelled},
		{"said delayed before its due date", &hcnetv1.Action{DueDate: "2030-01-01", Status: hcnetv1.ActionStatus_ACTION_STATUS_DELAYED}, progressDelayed},
		{"in progress, due date passed", &hcnetv1.Action{DueDate: "2026-03-09", Status: hcnetv1.ActionStatus_ACTION_STATUS_IN_PROGRESS}, progressDelayed},
		{"planned, due today", &hcnetv1.Action{DueDate: "2026-03-10", Status: hcnetv1.ActionStatus_ACTION_STATUS_PLANNED}, progressOnTime},
		{"no due date", &hcnetv1.Action{Status: hcnetv1.ActionStatus_ACTION_STATUS_PLANNED}, progressOnTime},
	} {
		t.Run(tc.title, func(t *testing.T) {
			if got := actionProgress(tc.a, today.Add(15*time.Hour)); got != tc.want {
				t.Fatalf("progress %q, want %q", got, tc.want)
			}
		})
	}
}

func mustDay(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestCityPageWithoutProfile: a city that keeps its profile to itself
// still has a page listing what it shares, under its id.
func TestCityPageWithoutProfile(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	n := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	if _, err := n.Client(t).UpdateCity(ctx, &hcnetv1.UpdateCityRequest{
		City: &hcnetv1.City{Visibility: hcnetv1.Visibility_VISIBILITY_PRIVATE}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"visibility"}},
	}); err != nil {
		t.Fatal(err)
	}
	member(t, h, n)
	plan, err := n.Client(t).CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Lunds hälsoplan")})
	if err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "the hub holds the plan", func() bool {
		st, err := h.Client(t).GetStats(ctx, &hcnetv1.GetStatsRequest{})
		return err == nil && st.GetPlans() == 1
	})
	nw := network{srv: servePages(t, h)}
	code, _, page := nw.get(t, "/cities/se/lund")
	if code != http.StatusOK {
		t.Fatalf("GET /cities/se/lund: %d\n%s", code, page)
	}
	mustContain(t, page, "<h1>lund</h1>", "has not shared its profile", `href="/records/se/lund/`+plan.GetHealthPlan().GetId()+`">Lunds hälsoplan</a>`)
	if strings.Contains(page, "<h2>Provenance</h2>") {
		t.Fatalf("a city page without a profile shows a provenance:\n%s", page)
	}
}
