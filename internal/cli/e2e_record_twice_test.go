package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestRecordSameDateTwice: indicator record refuses a second value for a
// date and district, naming the field, its flag and what to do, and
// writes nothing; --replace puts the new value in the first one's place.
func TestRecordSameDateTwice(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	ctx := context.Background()
	plan, err := c.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Plan 2030")})
	if err != nil {
		t.Fatal(err)
	}
	ind, err := c.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: nodetest.Indicator(plan.GetHealthPlan().GetId(), "g1", "Dagligrökare")})
	if err != nil {
		t.Fatal(err)
	}
	id := ind.GetIndicator().GetId()
	ok(t, n, "indicator", "record", id, "--date", "2025-03-01", "--value", "33,2", "--district", "Rosengård")
	before := dbHash(t, n)
	stderr := fails(t, n, "indicator", "record", id, "--date", "2025-03-01", "--value", "33,2", "--district", "Rosengård")
	want := `measurement.date: already has a value for district "Rosengård"; replace it or choose another date (--date)`
	if !strings.Contains(stderr, want) {
		t.Fatalf("stderr lacks %q:\n%s", want, stderr)
	}
	if dbHash(t, n) != before {
		t.Fatal("a refused value changed the database")
	}
	ok(t, n, "indicator", "record", id, "--date", "2025-03-01", "--value", "31,9", "--district", "Rosengård", "--replace")
	got, err := c.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	if ms := got.GetIndicator().GetMeasurements(); len(ms) != 1 || ms[0].GetValue() != 31.9 {
		t.Fatalf("after --replace: %v; want the one value 31.9", ms)
	}
}
