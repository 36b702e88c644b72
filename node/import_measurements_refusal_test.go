package node_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestTooManyImportedValuesIsADeclaredRefusal: an import that would give
// an indicator more values than it may hold is refused on the first row
// naming it, in English for hcctl with the indicator's field named, and
// with the message a page says in its reader's language.
func TestTooManyImportedValuesIsADeclaredRefusal(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	plan := createPlan(t, c, nodetest.HealthPlan("Plan 2030"))
	ind := createIndicator(t, c, nodetest.Indicator(plan.GetId(), "g1", "Loneliness 75+"))
	max := 50 * record.MaxList
	rows := make([]*hcnetv1.IndicatorMeasurement, 0, max+1)
	for i := range max + 1 {
		rows = append(rows, value(ind.GetId(), "2024-12-31", float64(i), district, fmt.Sprintf("district %d", i)))
	}
	stream, err := c.ImportMeasurements(callCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&hcnetv1.ImportMeasurementsRequest{Measurements: rows}); err != nil {
		t.Fatal(err)
	}
	_, err = stream.CloseAndRecv()
	vs, _, ok := webui.Refusals(err)
	if !ok {
		t.Fatalf("not a refusal: %v", err)
	}
	i := slices.IndexFunc(vs, func(v record.Violation) bool { return v.Field == "measurements[0].indicator_id" })
	if i < 0 {
		t.Fatalf("no violation of the first row's indicator in %v", vs)
	}
	want := fmt.Sprintf("measurements: has %d elements; at most %d are allowed", max+1, max)
	if vs[i].Description != want {
		t.Errorf("the API's English %q, want %q", vs[i].Description, want)
	}
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := webui.Said(words.In("sv"), vs[i], nil), fmt.Sprintf("har %d poster; högst %d är tillåtna", max+1, max); got != want {
		t.Errorf("in Swedish %q, want %q", got, want)
	}
}
