package node_test

import (
	"testing"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/status"
)

// TestRecordMeasurementOncePerDateAndBreakdown: an indicator holds one
// value per date and breakdown. A second for the whole city, or for the
// same district, is refused with a violation of measurement.date that
// the pages can translate, and nothing is written; the same date for
// another district or group is another series and is added; replace
// puts the new value in the old one's place.
func TestRecordMeasurementOncePerDateAndBreakdown(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	ctx := callCtx(t)
	plan := createPlan(t, c, nodetest.HealthPlan("Plan 2030"))
	ind := createIndicator(t, c, nodetest.Indicator(plan.GetId(), "g1", "Daily smokers"))
	add := func(v float64, kind hcnetv1.BreakdownKind, label string, replace bool) (*hcnetv1.Indicator, error) {
		t.Helper()
		row := value(ind.GetId(), "2025-03-01", v, kind, label)
		res, err := c.RecordMeasurement(ctx, &hcnetv1.RecordMeasurementRequest{IndicatorId: ind.GetId(), Measurement: row.GetMeasurement(), Replace: replace})
		return res.GetIndicator(), err
	}

	first, err := add(33.2, 0, "", false)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		title string
		kind  hcnetv1.BreakdownKind
		label string
		want  string
		msg   record.Msg
	}{
		{title: "the whole city twice", msg: record.MsgMeasuredCity, want: "already has a value for the whole city; replace it or choose another date"},
		{title: "a district twice", kind: district, label: "Rosengård", msg: record.MsgMeasuredDistrict, want: `already has a value for district "Rosengård"; replace it or choose another date`},
		{title: "a group twice", kind: group, label: "women 65+", msg: record.MsgMeasuredGroup, want: `already has a value for group "women 65+"; replace it or choose another date`},
	} {
		t.Run(tc.title, func(t *testing.T) {
			if tc.kind != 0 {
				if _, err := add(40, tc.kind, tc.label, false); err != nil {
					t.Fatalf("the first value of the series: %v", err)
				}
			}
			before := getIndicator(t, c, ind.GetId())
			_, err := add(33.2, tc.kind, tc.label, false)
			wantBadFields(t, err, "measurement.date")
			st, _ := status.FromError(err)
			vs := errs.FromDetails(st.Details())
			if len(vs) != 1 || vs[0].Description != tc.want || vs[0].Message.ID != tc.msg.ID() {
				t.Fatalf("violations %+v; want one saying %q with a declared message", vs, tc.want)
			}
			after := getIndicator(t, c, ind.GetId())
			if after.GetVersion() != before.GetVersion() || len(after.GetMeasurements()) != len(before.GetMeasurements()) {
				t.Fatalf("a refused value was written: version %d → %d, %d → %d values",
					before.GetVersion(), after.GetVersion(), len(before.GetMeasurements()), len(after.GetMeasurements()))
			}
		})
	}
	if got := len(getIndicator(t, c, ind.GetId()).GetMeasurements()); got != 3 {
		t.Fatalf("%d values; want the city's, Rosengård's and the group's", got)
	}

	replaced, err := add(31.9, 0, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(replaced.GetMeasurements()) != 3 || replaced.GetVersion() != first.GetVersion()+3 {
		t.Fatalf("replace added a value or skipped a version: %d values at version %d", len(replaced.GetMeasurements()), replaced.GetVersion())
	}
	for _, m := range replaced.GetMeasurements() {
		if m.GetBreakdown() == nil && m.GetValue() != 31.9 {
			t.Fatalf("the city's value is %v; replace should have made it 31.9", m.GetValue())
		}
	}
	// Replace with nothing to replace simply records the value.
	if got, err := add(12, district, "Limhamn", true); err != nil || len(got.GetMeasurements()) != 4 {
		t.Fatalf("replace of a new series: %v, %v", got, err)
	}
}

// TestMeasurementsStoredTwiceStillLoad: an indicator that already holds
// two values for one date and breakdown, as nodes stored before the
// check, is read and edited as before; replace changes the first of the
// two and a new date is still added.
func TestMeasurementsStoredTwiceStillLoad(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	ctx := callCtx(t)
	plan := createPlan(t, c, nodetest.HealthPlan("Plan 2030"))
	in := nodetest.Indicator(plan.GetId(), "g1", "Daily smokers")
	in.Measurements = []*hcnetv1.Measurement{{Date: "2025-03-01", Value: 33.2}, {Date: "2025-03-01", Value: 33.2}}
	ind := createIndicator(t, c, in)
	if got := getIndicator(t, c, ind.GetId()); len(got.GetMeasurements()) != 2 {
		t.Fatalf("stored twice, read %d", len(got.GetMeasurements()))
	}
	edit := getIndicator(t, c, ind.GetId())
	edit.Unit = "% of adults"
	if _, err := c.UpdateIndicator(ctx, &hcnetv1.UpdateIndicatorRequest{Indicator: edit, UpdateMask: mask("unit")}); err != nil {
		t.Fatalf("edit an indicator holding a value twice: %v", err)
	}
	res, err := c.RecordMeasurement(ctx, &hcnetv1.RecordMeasurementRequest{IndicatorId: ind.GetId(), Replace: true,
		Measurement: &hcnetv1.Measurement{Date: "2025-03-01", Value: 30}})
	if err != nil {
		t.Fatal(err)
	}
	ms := res.GetIndicator().GetMeasurements()
	if len(ms) != 2 || ms[0].GetValue()+ms[1].GetValue() != 63.2 {
		t.Fatalf("replace over a value stored twice: %v; want 30 and 33.2", ms)
	}
	if _, err := c.RecordMeasurement(ctx, &hcnetv1.RecordMeasurementRequest{IndicatorId: ind.GetId(),
		Measurement: &hcnetv1.Measurement{Date: "2025-04-01", Value: 29}}); err != nil {
		t.Fatalf("a new date beside a value stored twice: %v", err)
	}
}
