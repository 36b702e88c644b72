package node_test

import (
	"math"
	"slices"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
)

// TestRecordMeasurement: measurements are appended, kept in date order
// whatever order they arrive in, and may be broken down by district or
// population group.
func TestRecordMeasurement(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	ctx := callCtx(t)
	plan := createPlan(t, c, nodetest.HealthPlan("Folkhälsoplan 2024–2030"))
	ind := createIndicator(t, c, nodetest.Indicator(plan.GetId(), "g1", "Residents 75+ who often feel lonely"))

	district := &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT, Label: "Rosengård"}
	group := &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_GROUP, Label: "women 65+"}
	steps := []*hcnetv1.Measurement{
		{Date: "2025-06-30", Value: 16.2, Source: "Region Skåne health survey"},
		{Date: "2024-12-31", Value: 17.9, Source: "Region Skåne health survey", Note: "first survey after the plan"},
		{Date: "2025-06-30", Value: 24.5, Breakdown: district},
		{Date: "2025-01-15", Value: 21.0, Breakdown: group},
	}
	cur := ind
	for i, m := range steps {
		r, err := c.RecordMeasurement(ctx, &hcnetv1.RecordMeasurementRequest{IndicatorId: ind.GetId(), Measurement: m, Version: cur.GetVersion()})
		if err != nil {
			t.Fatalf("measurement %d: %v", i, err)
		}
		wantNext(t, cur, r.GetIndicator())
		if n := len(r.GetIndicator().GetMeasurements()); n != i+1 {
			t.Errorf("after measurement %d the indicator holds %d; want %d", i, n, i+1)
		}
		cur = r.GetIndicator()
	}
	want := []*hcnetv1.Measurement{steps[1], steps[3], steps[0], steps[2]}
	got := cur.GetMeasurements()
	if len(got) != len(want) {
		t.Fatalf("%d measurements; want %d", len(got), len(want))
	}
	for i := range want {
		wantSame(t, "measurement in date order", got[i], want[i])
	}
	stored, err := c.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: ind.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	wantSame(t, "stored indicator", stored.GetIndicator(), cur)

	// The other fields of the indicator are untouched.
	if cur.GetName() != ind.GetName() || cur.GetBaseline() != ind.GetBaseline() || cur.GetPlanId() != plan.GetId() {
		t.Errorf("recording changed the indicator: %v", cur)
	}

	// A measurement sent with a stale version is refused.
	_, err = c.RecordMeasurement(ctx, &hcnetv1.RecordMeasurementRequest{
		IndicatorId: ind.GetId(), Measurement: &hcnetv1.Measurement{Date: "2026-01-01", Value: 15}, Version: ind.GetVersion(),
	})
	wantCode(t, err, codes.Aborted)
}

func TestRecordMeasurementRejects(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	plan := createPlan(t, c, nodetest.HealthPlan("Folkhälsoplan 2024–2030"))
	ind := createIndicator(t, c, nodetest.Indicator(plan.GetId(), "g1", "Residents 75+ who often feel lonely"))
	for _, tc := range []struct {
		title  string
		req    *hcnetv1.RecordMeasurementRequest
		fields []string
	}{
		{
			title:  "date not in calendar form",
			req:    &hcnetv1.RecordMeasurementRequest{IndicatorId: ind.GetId(), Measurement: &hcnetv1.Measurement{Date: "30/06/2025", Value: 16}},
			fields: []string{"measurement.date"},
		},
		{
			title:  "month 13",
			req:    &hcnetv1.RecordMeasurementRequest{IndicatorId: ind.GetId(), Measurement: &hcnetv1.Measurement{Date: "2025-13-01", Value: 16}},
			fields: []string{"measurement.date"},
		},
		{
			title:  "no date",
			req:    &hcnetv1.RecordMeasurementRequest{IndicatorId: ind.GetId(), Measurement: &hcnetv1.Measurement{Value: 16}},
			fields: []string{"measurement.date"},
		},
		{
			title:  "NaN",
			req:    &hcnetv1.RecordMeasurementRequest{IndicatorId: ind.GetId(), Measurement: &hcnetv1.Measurement{Date: "2025-06-30", Value: math.NaN()}},
			fields: []string{"measurement.value"},
		},
		{
			title:  "infinity and a bad date together",
			req:    &hcnetv1.RecordMeasurementRequest{IndicatorId: ind.GetId(), Measurement: &hcnetv1.Measurement{Date: "2025-02-30", Value: math.Inf(-1)}},
			fields: []string{"measurement.date", "measurement.value"},
		},
		{
			title: "breakdown without kind or label",
			req: &hcnetv1.RecordMeasurementRequest{IndicatorId: ind.GetId(), Measurement: &hcnetv1.Measurement{
				Date: "2025-06-30", Value: 16, Breakdown: &hcnetv1.Breakdown{},
			}},
			fields: []string{"measurement.breakdown.kind", "measurement.breakdown.label"},
		},
		{
			title:  "no indicator id",
			req:    &hcnetv1.RecordMeasurementRequest{Measurement: &hcnetv1.Measurement{Date: "2025-06-30", Value: 16}},
			fields: []string{"indicator_id"},
		},
		{
			title:  "no measurement",
			req:    &hcnetv1.RecordMeasurementRequest{IndicatorId: ind.GetId()},
			fields: []string{"measurement"},
		},
	} {
		t.Run(tc.title, func(t *testing.T) {
			_, err := c.RecordMeasurement(callCtx(t), tc.req)
			wantBadFields(t, err, tc.fields...)
		})
	}
	r, err := c.GetIndicator(callCtx(t), &hcnetv1.GetIndicatorRequest{Id: ind.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	wantSame(t, "indicator after refused measurements", r.GetIndicator(), ind)
}

// TestIndicatorBelongsToPlan: an indicator's plan must exist and be a
// plan, and its goal must be one of that plan's goals.
func TestIndicatorBelongsToPlan(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	ctx := callCtx(t)
	plan := createPlan(t, c, nodetest.HealthPlan("Folkhälsoplan 2024–2030"))
	partner := createPartner(t, c, nodetest.Partner("Malmö stad"))
	ind := createIndicator(t, c, nodetest.Indicator(plan.GetId(), "g2", "Children walking to school"))

	for _, tc := range []struct {
		title  string
		call   func() error
		fields []string
	}{
		{"create with a goal the plan lacks", func() error {
			_, err := c.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: nodetest.Indicator(plan.GetId(), "g9", "Trees planted")})
			return err
		}, []string{"indicator.goal_id"}},
		{"update to a goal the plan lacks", func() error {
			edit := clone(ind)
			edit.GoalId = "g3"
			_, err := c.UpdateIndicator(ctx, &hcnetv1.UpdateIndicatorRequest{Indicator: edit, UpdateMask: mask("goal_id")})
			return err
		}, []string{"indicator.goal_id"}},
		{"plan that does not exist", func() error {
			_, err := c.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: nodetest.Indicator("01JD8Z6Q2V3K5M7N9P1R3T5W7X", "g1", "Trees planted")})
			return err
		}, []string{"indicator.plan_id"}},
		{"plan id of a partner", func() error {
			_, err := c.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: nodetest.Indicator(partner.GetId(), "g1", "Trees planted")})
			return err
		}, []string{"indicator.plan_id"}},
		{"plan update that drops a goal an indicator measures", func() error {
			edit := clone(plan)
			edit.Goals = slices.DeleteFunc(edit.Goals, func(g *hcnetv1.Goal) bool { return g.GetId() == "g2" })
			_, err := c.UpdateHealthPlan(ctx, &hcnetv1.UpdateHealthPlanRequest{HealthPlan: edit, UpdateMask: mask("goals")})
			return err
		}, []string{"health_plan.goals"}},
		{"no plan, no name, no unit", func() error {
			i := nodetest.Indicator("", "", "")
			i.Unit = ""
			_, err := c.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: i})
			return err
		}, []string{"indicator.plan_id", "indicator.name", "indicator.unit"}},
		{"target date before baseline date, NaN target", func() error {
			i := nodetest.Indicator(plan.GetId(), "g1", "Trees planted")
			i.TargetDate, i.Target = "2020-01-01", math.NaN()
			_, err := c.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: i})
			return err
		}, []string{"indicator.target_date", "indicator.target"}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			wantBadFields(t, tc.call(), tc.fields...)
		})
	}

	// Without a goal the indicator measures the plan as a whole.
	whole := createIndicator(t, c, nodetest.Indicator(plan.GetId(), "", "Life expectancy gap between districts"))
	wantNew(t, whole)
	got, err := c.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: ind.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	wantSame(t, "indicator after refused update", got.GetIndicator(), ind)
}
