package store

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func indicator(id, plan string, dir hcnetv1.IndicatorDirection, baseline, target float64, ms ...*hcnetv1.Measurement) *hcnetv1.SharedRecord {
	return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Indicator{Indicator: &hcnetv1.Indicator{
		Id: id, PlanId: plan, Name: "Indicator " + id, Unit: "%", Direction: dir, Baseline: baseline, Target: target, Measurements: ms}}}
}

func measured(date string, v float64) *hcnetv1.Measurement {
	return &hcnetv1.Measurement{Date: date, Value: v}
}

func district(date string, v float64) *hcnetv1.Measurement {
	return &hcnetv1.Measurement{Date: date, Value: v, Breakdown: &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT, Label: "Rosengård"}}
}

func statsFixture(t testing.TB) *fixture {
	t.Helper()
	f := searchFixture(t)
	f.put("fi/turku", "partnership", "ps-meals", partnership("Meals", hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_WITHIN_PUBLIC_SECTOR,
		hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE, hcnetv1.Sector_SECTOR_EDUCATION, hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP))
	f.put("fi/turku", "partnership", "ps-old", partnership("Old", hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS,
		hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ENDED, hcnetv1.Sector_SECTOR_EDUCATION))
	plan := func(status hcnetv1.PlanStatus) *hcnetv1.SharedRecord {
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_HealthPlan{HealthPlan: &hcnetv1.HealthPlan{Title: "Plan", Status: status}}}
	}
	f.put("se/malmo", "plan", "plan-m", plan(hcnetv1.PlanStatus_PLAN_STATUS_ADOPTED))
	f.put("fi/turku", "plan", "plan-t", plan(hcnetv1.PlanStatus_PLAN_STATUS_DRAFT))
	inc, dec := hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_INCREASE, hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_DECREASE
	// Increasing 20 → 40, latest whole-city value 30: halfway; the later
	// district value must not count.
	f.put("se/malmo", "indicator", "i-up", indicator("i-up", "plan-m", inc, 20, 40, measured("2024-01-01", 25), measured("2025-01-01", 30), district("2025-06-01", 10)))
	// Decreasing 30 → 10, latest 25: a quarter of the way.
	f.put("se/malmo", "indicator", "i-down", indicator("i-down", "plan-m", dec, 30, 10, measured("2025-01-01", 25)))
	// Not measured yet: listed, not in the mean.
	f.put("fi/turku", "indicator", "i-none", indicator("i-none", "plan-t", inc, 1, 2))
	success := &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Success{Success: &hcnetv1.Success{Title: "Roofs done", Sdg: &hcnetv1.SdgTags{Targets: []string{"13.1"}}}}}
	f.put("se/malmo", "success", "s-roofs", success)
	return f
}

func TestStats(t *testing.T) {
	f := statsFixture(t)
	for _, tc := range []struct {
		title, country, city string
		want                 string
		progress             map[string]float64
		mean                 float64
	}{
		{
			title: "network",
			want: "cities=3 partnerships=3 plans=2 adopted=1 indicators=3 practices=5 successes=1 " +
				"level[across_sectors=2 within_public_sector=1] sector[education=2 environment=1] mechanism[step_by_step=1] status[active=2 ended=1] " +
				"practices_sdg[2=1 3=5 11=1 13=1] successes_sdg[13=1]",
			progress: map[string]float64{"i-up": 0.5, "i-down": 0.25, "i-none": 0},
			mean:     0.375,
		},
		{
			title: "one city", country: "fi", city: "turku",
			want: "cities=1 partnerships=2 plans=1 adopted=0 indicators=1 practices=2 successes=0 " +
				"level[across_sectors=1 within_public_sector=1] sector[education=2] mechanism[step_by_step=1] status[active=1 ended=1] " +
				"practices_sdg[2=1 3=2 11=1] successes_sdg[]",
			progress: map[string]float64{"i-none": 0},
		},
		{
			title: "a city without records", country: "no", city: "bergen",
			want: "cities=0 partnerships=0 plans=0 adopted=0 indicators=0 practices=0 successes=0 " +
				"level[] sector[] mechanism[] status[] practices_sdg[] successes_sdg[]",
			progress: map[string]float64{},
		},
	} {
		t.Run(tc.title, func(t *testing.T) {
			svc := f.store
			s, err := svc.Stats(context.Background(), tc.country, tc.city)
			if err != nil {
				t.Fatal(err)
			}
			if got := statsLine(s); got != tc.want {
				t.Errorf("stats\n got %s\nwant %s", got, tc.want)
			}
			if len(s.GetIndicatorsProgress()) != len(tc.progress) {
				t.Errorf("%d indicators, want %d", len(s.GetIndicatorsProgress()), len(tc.progress))
			}
			for _, ip := range s.GetIndicatorsProgress() {
				if want, ok := tc.progress[ip.GetIndicatorId()]; !ok || math.Abs(ip.GetProgress()-want) > 1e-9 {
					t.Errorf("%s: progress %v, want %v", ip.GetIndicatorId(), ip.GetProgress(), want)
				}
			}
			if math.Abs(s.GetMeanProgress()-tc.mean) > 1e-9 {
				t.Errorf("mean progress %v, want %v", s.GetMeanProgress(), tc.mean)
			}
		})
	}
}

// statsLine renders the counts of a response on one line.
func statsLine(s *hcnetv1.GetStatsResponse) string {
	counts := func(cs []*hcnetv1.FacetCount) string {
		parts := make([]string, len(cs))
		for i, c := range cs {
			parts[i] = fmt.Sprintf("%s=%d", c.GetValue(), c.GetCount())
		}
		return "[" + strings.Join(parts, " ") + "]"
	}
	line := fmt.Sprintf("cities=%d partnerships=%d plans=%d adopted=%d indicators=%d practices=%d successes=%d",
		s.GetCities(), s.GetPartnerships(), s.GetPlans(), s.GetAdoptedPlans(), s.GetIndicators(), s.GetPractices(), s.GetSuccesses())
	for _, b := range s.GetPartnershipsBy() {
		line += " " + b.GetName() + counts(b.GetCounts())
	}
	return line + " practices_sdg" + counts(s.GetPracticesBySdg()) + " successes_sdg" + counts(s.GetSuccessesBySdg())
}

func TestProgressOf(t *testing.T) {
	inc, dec := hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_INCREASE, hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_DECREASE
	for _, tc := range []struct {
		title    string
		ind      *hcnetv1.SharedRecord
		progress float64
		measured bool
		latest   string
	}{
		{title: "at the baseline", ind: indicator("a", "p", inc, 10, 20, measured("2025-01-01", 10)), progress: 0, measured: true, latest: "2025-01-01"},
		{title: "at the target", ind: indicator("a", "p", inc, 10, 20, measured("2025-01-01", 20)), progress: 1, measured: true, latest: "2025-01-01"},
		{title: "decreasing, at the target", ind: indicator("a", "p", dec, 20, 5, measured("2025-01-01", 5)), progress: 1, measured: true, latest: "2025-01-01"},
		{title: "decreasing, worse than the baseline", ind: indicator("a", "p", dec, 20, 10, measured("2025-01-01", 25)), progress: -0.5, measured: true, latest: "2025-01-01"},
		{title: "the latest date wins over list order", ind: indicator("a", "p", inc, 0, 10, measured("2025-01-01", 5), measured("2024-01-01", 1)), progress: 0.5, measured: true, latest: "2025-01-01"},
		{title: "breakdowns only", ind: indicator("a", "p", inc, 0, 10, district("2025-01-01", 5)), progress: 0, measured: false},
		{title: "target equals baseline, kept", ind: indicator("a", "p", dec, 5, 5, measured("2025-01-01", 4)), progress: 1, measured: true, latest: "2025-01-01"},
		{title: "target equals baseline, missed", ind: indicator("a", "p", dec, 5, 5, measured("2025-01-01", 6)), progress: 0, measured: true, latest: "2025-01-01"},
	} {
		t.Run(tc.title, func(t *testing.T) {
			ip, ok := progressOf(tc.ind.GetIndicator())
			if ok != tc.measured || math.Abs(ip.GetProgress()-tc.progress) > 1e-9 || ip.GetLatestDate() != tc.latest {
				t.Errorf("progress %v measured %v latest %q, want %v %v %q", ip.GetProgress(), ok, ip.GetLatestDate(), tc.progress, tc.measured, tc.latest)
			}
		})
	}
}

func TestStatsRefuses(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct{ title, country, city, field string }{
		{title: "city without country", city: "malmo", field: "country"},
		{title: "country without city", country: "se", field: "city_id"},
		{title: "bad city id", country: "se", city: "Malmö", field: "city_id"},
	} {
		t.Run(tc.title, func(t *testing.T) {
			_, err := f.store.Stats(context.Background(), tc.country, tc.city)
			wantInvalid(t, err, tc.field, "")
		})
	}
}
