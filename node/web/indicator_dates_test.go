package web

import (
	"context"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestIndicatorBaselineAndTargetWithoutDates: an indicator's page and its
// plan's page name the baseline and the target with the dates the city
// gave and leave out the brackets of a date it did not give, since
// "baseline 31.5 () → target 50 ()" reads as something missing; in every
// language.
func TestIndicatorBaselineAndTargetWithoutDates(t *testing.T) {
	s := startSite(t)
	s.signIn(t)
	ctx := context.Background()
	plan := s.planTitled(t, "Malmö health plan 2024–2030")
	cases := []struct {
		title, name, baselineDate, targetDate string
		// want is on the indicator's page, wantPlan on the plan's.
		want, wantPlan string
	}{
		{"both dates", "Lonely residents 75+", "2023-12-31", "2030-12-31",
			"baseline 18.5 (2023-12-31) → target 12 (2030-12-31)", "baseline 18.5 (2023-12-31) → target 12 % (2030-12-31)"},
		{"a target date only", "Residents who walk weekly", "", "2030-12-31",
			"baseline 18.5 → target 12 (2030-12-31)", "baseline 18.5 → target 12 % (2030-12-31)"},
		{"a baseline date only", "Pupils who cycle to school", "2023-12-31", "",
			"baseline 18.5 (2023-12-31) → target 12 · lower is better", "baseline 18.5 (2023-12-31) → target 12 %<"},
		{"no dates", "Adults who smoke", "", "",
			"baseline 18.5 → target 12 · lower is better", "baseline 18.5 → target 12 %<"},
	}
	var paths []string
	for _, c := range cases {
		ind := nodetest.Indicator(plan, "g1", c.name)
		ind.BaselineDate, ind.TargetDate = c.baselineDate, c.targetDate
		made, err := s.api.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: ind})
		if err != nil {
			t.Fatalf("%s: %v", c.title, err)
		}
		path := "/indicators/" + made.GetIndicator().GetId()
		paths = append(paths, path)
		_, page := s.get(t, path)
		mustContain(t, page, c.want)
		if strings.Contains(page, "()") {
			t.Errorf("%s: the indicator's page has empty brackets", c.title)
		}
	}
	_, page := s.get(t, "/plans/"+plan)
	for _, c := range cases {
		mustContain(t, page, c.wantPlan)
	}
	if strings.Contains(page, "()") {
		t.Error("the plan's page has empty brackets")
	}
	inEveryLanguage(t, s, append(paths, "/plans/"+plan)...)
	for _, lang := range []string{"sv", "ru"} {
		for _, p := range append(paths, "/plans/"+plan) {
			if _, page := s.getIn(t, lang, p); strings.Contains(page, "()") {
				t.Errorf("%s %s: empty brackets", lang, p)
			}
		}
	}
}
