package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/hcnet/hcnet/internal/webui"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// fieldError is the message shown next to an input, or "".
func fieldError(page, name string) string {
	re := regexp.MustCompile(`id="` + regexp.QuoteMeta(name) + `-error"><span class="visually-hidden">Error:</span> ([^<]*)</span>`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

func TestPartnershipFormCreatesAndDashboardCounts(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	pid := s.partner(t, "Region Skåne")
	code, page := s.get(t, "/partnerships/new")
	if code != http.StatusOK {
		t.Fatalf("new partnership form: %d", code)
	}
	mustContain(t, page, `<label for="title">Title</label>`, `value="`+pid+`"`, "Region Skåne (health)")

	code, body, loc := s.post(t, "/partnerships/new", url.Values{
		"csrf": {token}, "title": {"Gröna gårdar i Rosengård"}, "visibility": {"public"}, "level": {"across_sectors"},
		"status": {"active"}, "partners": {pid}, "sectors": {"environment", "housing"}, "mechanisms": {"step_by_step"},
		"sdg_goals": {"3, 11"}, "sdg_targets": {"3.4"}, "equity_groups": {"residents of Rosengård\n\nolder people"},
		"start_date": {"2025-04-01"},
	})
	if code != http.StatusSeeOther || loc != "/#partnerships" {
		t.Fatalf("save: %d to %q\n%s", code, loc, body)
	}
	list, err := s.api.ListPartnerships(context.Background(), &hcnetv1.ListPartnershipsRequest{})
	if err != nil || len(list.GetPartnerships()) != 1 {
		t.Fatalf("stored partnerships: %v, %v", list, err)
	}
	p := list.GetPartnerships()[0]
	if p.GetTitle() != "Gröna gårdar i Rosengård" || len(p.GetSectors()) != 2 || len(p.GetSdg().GetGoals()) != 2 ||
		len(p.GetEquityGroups()) != 2 || p.GetPartners()[0].GetPartnerId() != pid {
		t.Fatalf("stored partnership differs from the form: %v", p)
	}

	_, page = s.get(t, "/")
	mustContain(t, page,
		"Partnership “Gröna gårdar i Rosengård” saved.",
		`aria-label="environment: 1 partnership"`,
		`aria-label="across sectors: 1 partnership"`,
		`aria-label="step by step: 1 partnership"`,
		`aria-label="active: 1 partnership"`,
		`aria-label="health: 0 partnerships"`,
		"/partnerships/"+p.GetId()+"/edit")

	// Edit: the form shows what is stored, and saving keeps the fields
	// it does not show (the partner's role).
	if _, err := s.api.UpdatePartnership(context.Background(), &hcnetv1.UpdatePartnershipRequest{
		Partnership: &hcnetv1.Partnership{Id: p.GetId(), Partners: []*hcnetv1.PartnershipMember{{PartnerId: pid, Role: "lead"}},
			SixPs: []hcnetv1.SixP{hcnetv1.SixP_SIX_P_PLACE}}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"partners", "six_ps"}},
	}); err != nil {
		t.Fatal(err)
	}
	_, page = s.get(t, "/partnerships/"+p.GetId()+"/edit")
	mustContain(t, page, `value="Gröna gårdar i Rosengård"`, `value="environment" checked`, `value="3, 11"`)
	form := url.Values{"csrf": {token}, "version": {regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]},
		"title": {"Gröna gårdar"}, "visibility": {"public"}, "level": {"across_sectors"}, "status": {"paused"}, "partners": {pid}}
	if code, body, _ := s.post(t, "/partnerships/"+p.GetId()+"/edit", form); code != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", code, body)
	}
	got, _ := s.api.GetPartnership(context.Background(), &hcnetv1.GetPartnershipRequest{Id: p.GetId()})
	g := got.GetPartnership()
	if g.GetTitle() != "Gröna gårdar" || g.GetStatus() != hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_PAUSED ||
		g.GetPartners()[0].GetRole() != "lead" || len(g.GetSixPs()) != 1 || len(g.GetSectors()) != 0 {
		t.Fatalf("after edit: %v", g)
	}
	// The same version again is stale: the form says so and keeps the input.
	code, body, _ = s.post(t, "/partnerships/"+p.GetId()+"/edit", form)
	if code != formStatus {
		t.Fatalf("stale edit: %d", code)
	}
	mustContain(t, body, "Someone changed this record", `value="Gröna gårdar"`)
}

// TestFormErrorsAreTheAPIs checks each form shows the API's own words
// next to the input they concern, keeps what was typed, and saves nothing.
func TestFormErrorsAreTheAPIs(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	pid := s.partner(t, "Region Skåne")

	// What the API says about the same bad partnership.
	_, apiErr := s.api.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: &hcnetv1.Partnership{
		Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC, Level: hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS,
		Status: hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE, Partners: []*hcnetv1.PartnershipMember{{PartnerId: pid}},
		Sdg: &hcnetv1.SdgTags{Goals: []int32{18}}, StartDate: "2025-05-01", EndDate: "2025-01-01",
	}})
	vs, _, _ := webui.Violations(apiErr)
	api := map[string]string{}
	for _, v := range vs {
		api[v.GetField()] = v.GetDescription()
	}
	if api["partnership.title"] == "" || api["partnership.sdg.goals[0]"] == "" || len(api) < 3 {
		t.Fatalf("API violations: %v", api)
	}

	ind := s.indicator(t)
	for _, tc := range []struct {
		title, path string
		form        url.Values
		// want maps an input to its expected message ("" = any message).
		want map[string]string
		kept []string
	}{
		{
			title: "partnership", path: "/partnerships/new",
			form: url.Values{"title": {""}, "visibility": {"public"}, "level": {"across_sectors"}, "status": {"active"},
				"partners": {pid}, "sdg_goals": {"18"}, "start_date": {"2025-05-01"}, "end_date": {"2025-01-01"}, "hot_local_issue": {"Heat in summer"}},
			want: map[string]string{"title": api["partnership.title"], "sdg_goals": api["partnership.sdg.goals[0]"]},
			kept: []string{"Heat in summer", `value="18"`},
		},
		{
			title: "partnership without level", path: "/partnerships/new",
			form: url.Values{"title": {"Walks"}, "visibility": {"public"}, "status": {"active"}, "partners": {pid}},
			// The API's message, its choices named as the form's options
			// name them rather than by the API's names.
			want: map[string]string{"level": "is required (one of: within health sector, within public sector, between cities, across sectors)"},
		},
		{
			// Only what cannot be sent at all is checked before the API.
			title: "partnership with words for goals", path: "/partnerships/new",
			form: url.Values{"title": {"Walks"}, "visibility": {"public"}, "level": {"across_sectors"}, "status": {"active"}, "partners": {pid}, "sdg_goals": {"three"}},
			want: map[string]string{"sdg_goals": `must be goal numbers from 1 to 17, separated by commas ("three" is not a number)`},
		},
		{
			title: "measurement", path: "/indicators/" + ind,
			form: url.Values{"date": {"2025-13-01"}, "value": {"12,5"}, "breakdown_kind": {"district"}},
			want: map[string]string{"date": "", "breakdown_label": "is required"},
			kept: []string{`value="12,5"`},
		},
		{
			title: "measurement value", path: "/indicators/" + ind,
			form: url.Values{"date": {"2025-03-01"}, "value": {"twelve"}},
			want: map[string]string{"value": "must be a number, like 12.5"},
		},
		{
			title: "practice", path: "/practices/new",
			form: url.Values{"language": {"en"}, "title": {""}, "visibility": {"network"}, "status": {"ongoing"}, "summary": {"Walks for older residents"}},
			want: map[string]string{"title": "is required"},
			kept: []string{"Walks for older residents"},
		},
		{
			title: "practice language", path: "/practices/new",
			form: url.Values{"language": {"not a language"}, "title": {"Walks"}, "visibility": {"network"}, "status": {"ongoing"}},
			want: map[string]string{"language": ""},
		},
	} {
		t.Run(tc.title, func(t *testing.T) {
			tc.form.Set("csrf", token)
			code, page, _ := s.post(t, tc.path, tc.form)
			if code != formStatus {
				t.Fatalf("bad form: %d, want %d\n%s", code, formStatus, page)
			}
			mustContain(t, page, `class="error-summary"`)
			for input, want := range tc.want {
				got := fieldError(page, input)
				if got == "" || (want != "" && got != want) {
					t.Errorf("next to %s: %q, want %q", input, got, want)
				}
				mustContain(t, page, `href="#`+input+`"`)
			}
			mustContain(t, page, tc.kept...)
		})
	}
	ps, _ := s.api.ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{})
	pr, _ := s.api.ListPractices(ctx, &hcnetv1.ListPracticesRequest{})
	got, _ := s.api.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: ind})
	if ps.GetTotalSize()+pr.GetTotalSize() != 0 || len(got.GetIndicator().GetMeasurements()) != 0 {
		t.Fatal("a refused form wrote something")
	}
}

// indicator stores a plan with one goal and an indicator, returning the
// indicator's id.
func (s *site) indicator(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	plan, err := s.api.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Malmö health plan 2024–2030")})
	if err != nil {
		t.Fatal(err)
	}
	ind := nodetest.Indicator(plan.GetHealthPlan().GetId(), plan.GetHealthPlan().GetGoals()[0].GetId(), "Daily smokers")
	ind.Measurements = nil
	res, err := s.api.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: ind})
	if err != nil {
		t.Fatal(err)
	}
	return res.GetIndicator().GetId()
}
