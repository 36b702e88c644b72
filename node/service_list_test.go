package node_test

import (
	"slices"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// listCorpus stores three partnerships that differ in every filterable
// property, and returns them as a, b, c.
func listCorpus(t *testing.T, c hcnetv1.CityServiceClient) (a, b, cc *hcnetv1.Partnership) {
	t.Helper()
	lead := createPartner(t, c, nodetest.Partner("Malmö stad, Hälsa- vård- och omsorgsförvaltningen"))

	pa := nodetest.Partnership("Promenader i Malmö", lead.GetId())
	pa.Description = "Neighbourhood walks and meeting places against loneliness among older residents."
	a = createPartnership(t, c, pa)

	pb := nodetest.Partnership("Green school yards", lead.GetId())
	pb.Visibility = hcnetv1.Visibility_VISIBILITY_PRIVATE
	pb.Description = "Pupils redesign their yards for play and shade."
	pb.HotLocalIssue = "Heat on asphalt yards"
	pb.EquityGroups = []string{"pupils of Sofielund"}
	pb.ParticipatoryPlatform = "pupil councils"
	pb.Status = hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_PLANNED
	pb.Level = hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_WITHIN_PUBLIC_SECTOR
	pb.Sectors = []hcnetv1.Sector{hcnetv1.Sector_SECTOR_EDUCATION, hcnetv1.Sector_SECTOR_URBAN_PLANNING}
	pb.Settings = []hcnetv1.Setting{hcnetv1.Setting_SETTING_SCHOOLS}
	pb.Mechanisms = []hcnetv1.Mechanism{hcnetv1.Mechanism_MECHANISM_HOLISTIC_APPROACH}
	pb.Sdg = &hcnetv1.SdgTags{Targets: []string{"3.4"}} // goal 3 only through its target
	b = createPartnership(t, c, pb)

	pc := nodetest.Partnership("Cycling to school with Copenhagen", lead.GetId())
	pc.Visibility = hcnetv1.Visibility_VISIBILITY_NETWORK
	pc.Description = "Safe routes and bike trains across the Öresund region."
	pc.HotLocalIssue = "Parents drive children to school"
	pc.EquityGroups = []string{"children in Hyllie"}
	pc.ParticipatoryPlatform = "parents' association"
	pc.Status = hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_COMPLETED
	pc.Level = hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_BETWEEN_CITIES
	pc.Sectors = []hcnetv1.Sector{hcnetv1.Sector_SECTOR_TRANSPORT}
	pc.Settings = []hcnetv1.Setting{hcnetv1.Setting_SETTING_SCHOOLS}
	pc.Mechanisms = []hcnetv1.Mechanism{hcnetv1.Mechanism_MECHANISM_BUILD_ON_MUTUAL_SUCCESS}
	pc.Sdg = &hcnetv1.SdgTags{Goals: []int32{11}, Targets: []string{"11.2"}}
	cc = createPartnership(t, c, pc)
	return a, b, cc
}

func TestListPartnershipsFilters(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	a, b, cc := listCorpus(t, c)
	A, B, C := a.GetId(), b.GetId(), cc.GetId()
	for _, tc := range []struct {
		title  string
		filter *hcnetv1.RecordFilter
		want   []string
	}{
		{title: "no filter", filter: nil, want: []string{A, B, C}},
		{title: "status active", filter: &hcnetv1.RecordFilter{Status: "active"}, want: []string{A}},
		{title: "status planned", filter: &hcnetv1.RecordFilter{Status: "planned"}, want: []string{B}},
		{title: "status in another case", filter: &hcnetv1.RecordFilter{Status: "Completed"}, want: []string{C}},
		{title: "status paused matches none", filter: &hcnetv1.RecordFilter{Status: "paused"}, want: nil},
		{title: "sector health", filter: &hcnetv1.RecordFilter{Sector: hcnetv1.Sector_SECTOR_HEALTH}, want: []string{A}},
		{title: "sector urban planning, second of a list", filter: &hcnetv1.RecordFilter{Sector: hcnetv1.Sector_SECTOR_URBAN_PLANNING}, want: []string{B}},
		{title: "sdg goal 3, directly or through target 3.4", filter: &hcnetv1.RecordFilter{SdgGoal: 3}, want: []string{A, B}},
		{title: "sdg goal 11", filter: &hcnetv1.RecordFilter{SdgGoal: 11}, want: []string{C}},
		{title: "sdg goal 1 matches none", filter: &hcnetv1.RecordFilter{SdgGoal: 1}, want: nil},
		{title: "sdg target 3.4", filter: &hcnetv1.RecordFilter{SdgTarget: "3.4"}, want: []string{A, B}},
		{title: "sdg target 11.2", filter: &hcnetv1.RecordFilter{SdgTarget: "11.2"}, want: []string{C}},
		{title: "mechanism step by step", filter: &hcnetv1.RecordFilter{Mechanism: hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP}, want: []string{A}},
		{title: "mechanism mutual success", filter: &hcnetv1.RecordFilter{Mechanism: hcnetv1.Mechanism_MECHANISM_BUILD_ON_MUTUAL_SUCCESS}, want: []string{C}},
		{title: "level between cities", filter: &hcnetv1.RecordFilter{Level: hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_BETWEEN_CITIES}, want: []string{C}},
		{title: "level within health sector matches none", filter: &hcnetv1.RecordFilter{Level: hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_WITHIN_HEALTH_SECTOR}, want: nil},
		{title: "setting schools", filter: &hcnetv1.RecordFilter{Setting: hcnetv1.Setting_SETTING_SCHOOLS}, want: []string{B, C}},
		{title: "visibility private", filter: &hcnetv1.RecordFilter{Visibility: hcnetv1.Visibility_VISIBILITY_PRIVATE}, want: []string{B}},
		{title: "visibility public", filter: &hcnetv1.RecordFilter{Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC}, want: []string{A}},
		{title: "two filters together", filter: &hcnetv1.RecordFilter{Setting: hcnetv1.Setting_SETTING_SCHOOLS, SdgGoal: 3}, want: []string{B}},
		{title: "filters that exclude each other", filter: &hcnetv1.RecordFilter{Status: "active", Sector: hcnetv1.Sector_SECTOR_EDUCATION}, want: nil},
		{title: "text without diacritics finds Malmö", filter: &hcnetv1.RecordFilter{Query: "Malmo"}, want: []string{A}},
		{title: "text with diacritics finds Malmö", filter: &hcnetv1.RecordFilter{Query: "malmö"}, want: []string{A}},
		{title: "text Oresund finds Öresund", filter: &hcnetv1.RecordFilter{Query: "oresund"}, want: []string{C}},
		{title: "text prefix", filter: &hcnetv1.RecordFilter{Query: "loneli"}, want: []string{A}},
		{title: "text in the equity groups", filter: &hcnetv1.RecordFilter{Query: "Sofielund"}, want: []string{B}},
		{title: "text needs every word", filter: &hcnetv1.RecordFilter{Query: "school copenhagen"}, want: []string{C}},
		{title: "text common to two", filter: &hcnetv1.RecordFilter{Query: "school"}, want: []string{B, C}},
		{title: "text and a facet", filter: &hcnetv1.RecordFilter{Query: "school", Visibility: hcnetv1.Visibility_VISIBILITY_PRIVATE}, want: []string{B}},
		{title: "text matching nothing", filter: &hcnetv1.RecordFilter{Query: "skateboard"}, want: nil},
		{title: "text with a quote", filter: &hcnetv1.RecordFilter{Query: `"loneli`}, want: []string{A}},
		{title: "text with FTS operators", filter: &hcnetv1.RecordFilter{Query: `walks AND (loneliness`}, want: []string{A}},
		{title: "text with FTS syntax characters", filter: &hcnetv1.RecordFilter{Query: `walks + (loneliness) -older ^ :`}, want: []string{A}},
		{title: "text with NEAR and a column filter", filter: &hcnetv1.RecordFilter{Query: `search_text: NEAR(yards`}, want: nil},
		{title: "text with a star", filter: &hcnetv1.RecordFilter{Query: `cycl*`}, want: []string{C}},
		{title: "text of punctuation only", filter: &hcnetv1.RecordFilter{Query: `"*"( - )`}, want: []string{A, B, C}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			r, err := c.ListPartnerships(callCtx(t), &hcnetv1.ListPartnershipsRequest{Filter: tc.filter})
			if err != nil {
				t.Fatalf("list: %v", err)
			}
			wantIDs(t, "partnerships", ids(r.GetPartnerships()), tc.want...)
			if int(r.GetTotalSize()) != len(tc.want) || r.GetNextPageToken() != "" {
				t.Errorf("total_size %d, next token %q; want %d and none", r.GetTotalSize(), r.GetNextPageToken(), len(tc.want))
			}
		})
	}
}

// TestListOtherKindsFilters checks the filters each other kind supports.
func TestListOtherKindsFilters(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	ctx := callCtx(t)

	health := createPartner(t, c, nodetest.Partner("Malmö stad, Hälsa- vård- och omsorgsförvaltningen"))
	uniP := nodetest.Partner("Malmö universitet")
	uniP.Kind, uniP.Sector = hcnetv1.PartnerKind_PARTNER_KIND_ACADEMIA, hcnetv1.Sector_SECTOR_EDUCATION
	uni := createPartner(t, c, uniP)

	plan := createPlan(t, c, nodetest.HealthPlan("Folkhälsoplan 2024–2030"))
	draftP := nodetest.HealthPlan("Klimatanpassningsplan")
	draftP.Status, draftP.Adoption = hcnetv1.PlanStatus_PLAN_STATUS_DRAFT, nil
	draftP.Goals = draftP.Goals[:1]
	draftP.Goals[0].Sdg = &hcnetv1.SdgTags{Goals: []int32{13}}
	draft := createPlan(t, c, draftP)

	ongoing := createPractice(t, c, nodetest.Practice("Walking groups for older residents"))
	doneP := nodetest.Practice("Homework help in libraries")
	doneP.Status = hcnetv1.PracticeStatus_PRACTICE_STATUS_COMPLETED
	doneP.Texts = map[string]*hcnetv1.PracticeText{"sv": {Title: "Läxhjälp på biblioteket", Summary: "Studenter hjälper skolbarn."}}
	doneP.Problem = "Pupils without help at home"
	doneP.Settings = []hcnetv1.Setting{hcnetv1.Setting_SETTING_SCHOOLS}
	doneP.Mechanisms = []hcnetv1.Mechanism{hcnetv1.Mechanism_MECHANISM_INVOLVE_DECISION_MAKERS}
	doneP.Sdg = &hcnetv1.SdgTags{Goals: []int32{4}}
	done := createPractice(t, c, doneP)

	success := createSuccess(t, c, nodetest.Success("Shared walking success", ""))
	endorsement := createEndorsement(t, c, nodetest.Endorsement("01JD8Z6Q2V3K5M7N9P1R3T5W7X"))

	for _, tc := range []struct {
		title string
		list  func() ([]string, error)
		want  []string
	}{
		{"partners by sector", func() ([]string, error) {
			r, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{Filter: &hcnetv1.RecordFilter{Sector: hcnetv1.Sector_SECTOR_EDUCATION}})
			return ids(r.GetPartners()), err
		}, []string{uni.GetId()}},
		{"partners by text", func() ([]string, error) {
			r, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{Filter: &hcnetv1.RecordFilter{Query: "omsorgsforvaltningen"}})
			return ids(r.GetPartners()), err
		}, []string{health.GetId()}},
		{"plans by status", func() ([]string, error) {
			r, err := c.ListHealthPlans(ctx, &hcnetv1.ListHealthPlansRequest{Filter: &hcnetv1.RecordFilter{Status: "adopted"}})
			return ids(r.GetHealthPlans()), err
		}, []string{plan.GetId()}},
		{"plans by the sdg of a goal's target", func() ([]string, error) {
			r, err := c.ListHealthPlans(ctx, &hcnetv1.ListHealthPlansRequest{Filter: &hcnetv1.RecordFilter{SdgGoal: 11}})
			return ids(r.GetHealthPlans()), err
		}, []string{plan.GetId()}},
		{"plans by sdg goal 13", func() ([]string, error) {
			r, err := c.ListHealthPlans(ctx, &hcnetv1.ListHealthPlansRequest{Filter: &hcnetv1.RecordFilter{SdgGoal: 13}})
			return ids(r.GetHealthPlans()), err
		}, []string{draft.GetId()}},
		{"practices by status", func() ([]string, error) {
			r, err := c.ListPractices(ctx, &hcnetv1.ListPracticesRequest{Filter: &hcnetv1.RecordFilter{Status: "ongoing"}})
			return ids(r.GetPractices()), err
		}, []string{ongoing.GetId()}},
		{"practices by setting", func() ([]string, error) {
			r, err := c.ListPractices(ctx, &hcnetv1.ListPracticesRequest{Filter: &hcnetv1.RecordFilter{Setting: hcnetv1.Setting_SETTING_SCHOOLS}})
			return ids(r.GetPractices()), err
		}, []string{done.GetId()}},
		{"practices by mechanism", func() ([]string, error) {
			r, err := c.ListPractices(ctx, &hcnetv1.ListPracticesRequest{Filter: &hcnetv1.RecordFilter{Mechanism: hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP}})
			return ids(r.GetPractices()), err
		}, []string{ongoing.GetId()}},
		{"practices by text of another language", func() ([]string, error) {
			r, err := c.ListPractices(ctx, &hcnetv1.ListPracticesRequest{Filter: &hcnetv1.RecordFilter{Query: "aldre"}})
			return ids(r.GetPractices()), err
		}, []string{ongoing.GetId()}},
		{"successes by sdg goal", func() ([]string, error) {
			r, err := c.ListSuccesses(ctx, &hcnetv1.ListSuccessesRequest{Filter: &hcnetv1.RecordFilter{SdgGoal: 11}})
			return ids(r.GetSuccesses()), err
		}, []string{success.GetId()}},
		{"endorsements by text", func() ([]string, error) {
			r, err := c.ListEndorsements(ctx, &hcnetv1.ListEndorsementsRequest{Filter: &hcnetv1.RecordFilter{Query: "copenhagen"}})
			return ids(r.GetEndorsements()), err
		}, []string{endorsement.GetId()}},
		{"endorsements by visibility", func() ([]string, error) {
			r, err := c.ListEndorsements(ctx, &hcnetv1.ListEndorsementsRequest{Filter: &hcnetv1.RecordFilter{Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC}})
			return ids(r.GetEndorsements()), err
		}, nil},
	} {
		t.Run(tc.title, func(t *testing.T) {
			got, err := tc.list()
			if err != nil {
				t.Fatalf("list: %v", err)
			}
			wantIDs(t, tc.title, got, tc.want...)
		})
	}
}

// TestListRejectsFilters: a filter a kind has no field for, or a bad
// value, is InvalidArgument naming the filter field.
func TestListRejectsFilters(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	ctx := callCtx(t)
	for _, tc := range []struct {
		title  string
		call   func() error
		fields []string
	}{
		{"level on practices", func() error {
			_, err := c.ListPractices(ctx, &hcnetv1.ListPracticesRequest{Filter: &hcnetv1.RecordFilter{Level: hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS}})
			return err
		}, []string{"filter.level"}},
		{"status on partners", func() error {
			_, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{Filter: &hcnetv1.RecordFilter{Status: "active"}})
			return err
		}, []string{"filter.status"}},
		{"sdg goal and setting on endorsements", func() error {
			_, err := c.ListEndorsements(ctx, &hcnetv1.ListEndorsementsRequest{Filter: &hcnetv1.RecordFilter{SdgGoal: 3, Setting: hcnetv1.Setting_SETTING_SCHOOLS}})
			return err
		}, []string{"filter.sdg_goal", "filter.setting"}},
		{"mechanism on indicators", func() error {
			_, err := c.ListIndicators(ctx, &hcnetv1.ListIndicatorsRequest{Filter: &hcnetv1.RecordFilter{Mechanism: hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP}})
			return err
		}, []string{"filter.mechanism"}},
		{"sector on successes", func() error {
			_, err := c.ListSuccesses(ctx, &hcnetv1.ListSuccessesRequest{Filter: &hcnetv1.RecordFilter{Sector: hcnetv1.Sector_SECTOR_HEALTH}})
			return err
		}, []string{"filter.sector"}},
		{"a status partnerships do not have", func() error {
			_, err := c.ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{Filter: &hcnetv1.RecordFilter{Status: "adopted"}})
			return err
		}, []string{"filter.status"}},
		{"unknown level number", func() error {
			_, err := c.ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{Filter: &hcnetv1.RecordFilter{Level: 99}})
			return err
		}, []string{"filter.level"}},
		{"sdg goal 18", func() error {
			_, err := c.ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{Filter: &hcnetv1.RecordFilter{SdgGoal: 18}})
			return err
		}, []string{"filter.sdg_goal"}},
		{"malformed sdg target", func() error {
			_, err := c.ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{Filter: &hcnetv1.RecordFilter{SdgTarget: "three.4"}})
			return err
		}, []string{"filter.sdg_target"}},
		{"unknown visibility", func() error {
			_, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{Filter: &hcnetv1.RecordFilter{Visibility: 7}})
			return err
		}, []string{"filter.visibility"}},
		{"page size over the maximum", func() error {
			_, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{PageSize: 1001})
			return err
		}, []string{"page_size"}},
		{"negative page size", func() error {
			_, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{PageSize: -1})
			return err
		}, []string{"page_size"}},
		{"malformed plan id", func() error {
			_, err := c.ListIndicators(ctx, &hcnetv1.ListIndicatorsRequest{PlanId: "plan-2024"})
			return err
		}, []string{"plan_id"}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			wantBadFields(t, tc.call(), tc.fields...)
		})
	}
}

// TestListPaging walks five partners two at a time.
func TestListPaging(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	ctx := callCtx(t)
	var created []string
	for _, org := range []string{"Malmö stad", "Region Skåne", "Malmö universitet", "Röda Korset", "IFK Malmö"} {
		created = append(created, createPartner(t, c, nodetest.Partner(org)).GetId())
	}
	newestFirst := slices.Clone(created)
	slices.Reverse(newestFirst)

	var walked []string
	token := ""
	pages := 0
	for {
		r, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{PageSize: 2, PageToken: token})
		if err != nil {
			t.Fatalf("page %d: %v", pages+1, err)
		}
		pages++
		if r.GetTotalSize() != 5 {
			t.Errorf("page %d: total_size %d; want 5", pages, r.GetTotalSize())
		}
		if n := len(r.GetPartners()); n == 0 || n > 2 {
			t.Errorf("page %d holds %d partners; want 1 or 2", pages, n)
		}
		walked = append(walked, ids(r.GetPartners())...)
		token = r.GetNextPageToken()
		if token == "" || pages > 5 {
			break
		}
	}
	if pages != 3 {
		t.Errorf("walked %d pages; want 3", pages)
	}
	if !slices.Equal(walked, newestFirst) {
		t.Errorf("walked %v; want every partner once, newest first: %v", walked, newestFirst)
	}

	// A full page that happens to be the last one has no next token.
	r, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{PageSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.GetPartners()) != 5 || r.GetNextPageToken() != "" {
		t.Errorf("page of 5: %d partners, next token %q; want 5 and none", len(r.GetPartners()), r.GetNextPageToken())
	}
}

// TestListPageTokens: a token only continues the list it came from.
func TestListPageTokens(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	ctx := callCtx(t)
	for _, org := range []string{"Malmö stad", "Region Skåne", "Malmö universitet"} {
		createPartner(t, c, nodetest.Partner(org))
	}
	health := &hcnetv1.RecordFilter{Sector: hcnetv1.Sector_SECTOR_HEALTH}
	first, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{PageSize: 1, Filter: health})
	if err != nil {
		t.Fatal(err)
	}
	token := first.GetNextPageToken()
	if token == "" {
		t.Fatal("first page of three has no next token")
	}
	// The same filter, sent again as a new message, continues.
	if _, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{PageSize: 1, PageToken: token, Filter: &hcnetv1.RecordFilter{Sector: hcnetv1.Sector_SECTOR_HEALTH}}); err != nil {
		t.Errorf("same filter with its token: %v", err)
	}
	for _, tc := range []struct {
		title string
		call  func() error
	}{
		{"another filter", func() error {
			_, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{PageSize: 1, PageToken: token, Filter: &hcnetv1.RecordFilter{Query: "malmo"}})
			return err
		}},
		{"no filter", func() error {
			_, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{PageSize: 1, PageToken: token})
			return err
		}},
		{"another kind", func() error {
			_, err := c.ListPractices(ctx, &hcnetv1.ListPracticesRequest{PageSize: 1, PageToken: token, Filter: health})
			return err
		}},
		{"garbage", func() error {
			_, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{PageToken: "not a token!", Filter: health})
			return err
		}},
		{"base64 of something else", func() error {
			_, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{PageToken: "aGVsbG8", Filter: health})
			return err
		}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			wantBadFields(t, tc.call(), "page_token")
		})
	}
}

// TestListIndicatorsOfPlan: plan_id keeps the indicators of one plan.
func TestListIndicatorsOfPlan(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	ctx := callCtx(t)
	p1 := createPlan(t, c, nodetest.HealthPlan("Folkhälsoplan 2024–2030"))
	p2 := createPlan(t, c, nodetest.HealthPlan("Trafikplan 2025–2035"))
	i1 := createIndicator(t, c, nodetest.Indicator(p1.GetId(), "g1", "Lonely residents 75+"))
	i2 := createIndicator(t, c, nodetest.Indicator(p1.GetId(), "g2", "Children walking to school"))
	i3 := createIndicator(t, c, nodetest.Indicator(p2.GetId(), "g2", "Children cycling to school"))
	for _, tc := range []struct {
		title  string
		planID string
		filter *hcnetv1.RecordFilter
		want   []string
	}{
		{title: "first plan", planID: p1.GetId(), want: []string{i1.GetId(), i2.GetId()}},
		{title: "second plan", planID: p2.GetId(), want: []string{i3.GetId()}},
		{title: "all plans", want: []string{i1.GetId(), i2.GetId(), i3.GetId()}},
		{title: "a plan with a text filter", planID: p1.GetId(), filter: &hcnetv1.RecordFilter{Query: "school"}, want: []string{i2.GetId()}},
		{title: "a plan that does not exist", planID: "01JD8Z6Q2V3K5M7N9P1R3T5W7X", want: nil},
	} {
		t.Run(tc.title, func(t *testing.T) {
			r, err := c.ListIndicators(ctx, &hcnetv1.ListIndicatorsRequest{PlanId: tc.planID, Filter: tc.filter})
			if err != nil {
				t.Fatal(err)
			}
			wantIDs(t, "indicators", ids(r.GetIndicators()), tc.want...)
			if int(r.GetTotalSize()) != len(tc.want) {
				t.Errorf("total_size %d; want %d", r.GetTotalSize(), len(tc.want))
			}
		})
	}
	// A page token of one plan does not continue another plan's list.
	r, err := c.ListIndicators(ctx, &hcnetv1.ListIndicatorsRequest{PlanId: p1.GetId(), PageSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListIndicators(ctx, &hcnetv1.ListIndicatorsRequest{PlanId: p2.GetId(), PageSize: 1, PageToken: r.GetNextPageToken()})
	wantBadFields(t, err, "page_token")
}
