package cli

import (
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		title, in string
		want      float64
		err       string
	}{
		{title: "point", in: "21.5", want: 21.5},
		{title: "decimal comma", in: "21,5", want: 21.5},
		{title: "negative with comma", in: "-0,125", want: -0.125},
		{title: "zero whole part, three decimals", in: "0,125", want: 0.125},
		{title: "whole", in: "31", want: 31},
		{title: "thousands or decimals", in: "1,234", err: "could be 1234 or 1.234"},
		{title: "both marks", in: "1,234.5", err: "without thousands separators"},
		{title: "two commas", in: "1,234,567", err: "without thousands separators"},
		{title: "text", in: "many", err: "not a number"},
		{title: "not a number", in: "NaN", err: "not a number"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			got, err := parseDecimal(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

// TestValueWithDecimalComma records a value typed as an officer in
// Sweden types it, and sets a baseline the same way.
func TestValueWithDecimalComma(t *testing.T) {
	n := nodetest.Start(t)
	plan := decode(t, ok(t, n, "plan", "add", "-o", "json", "--title", "Folkhälsoplan", "--status", "draft",
		"--period-start-year", "2024", "--period-end-year", "2030", "--goal", "g1:Mindre ensamhet", "--visibility", "private"), &hcnetv1.CreateHealthPlanResponse{}).GetHealthPlan()
	ind := decode(t, ok(t, n, "indicator", "add", "-o", "json", "--plan-id", plan.GetId(), "--goal-id", "g1", "--name", "Ofta ensamma",
		"--unit", "%", "--baseline", "24,5", "--baseline-date", "2023-12-31", "--visibility", "private"), &hcnetv1.CreateIndicatorResponse{}).GetIndicator()
	if ind.GetBaseline() != 24.5 {
		t.Fatalf("baseline = %v, want 24.5", ind.GetBaseline())
	}
	out := ok(t, n, "indicator", "record", ind.GetId(), "--date", "2024-12-31", "--value", "21,5", "-o", "json")
	ms := decode(t, out, &hcnetv1.RecordMeasurementResponse{}).GetIndicator().GetMeasurements()
	if len(ms) != 1 || ms[0].GetValue() != 21.5 {
		t.Fatalf("measurements = %v, want one of 21.5", ms)
	}
	stderr := fails(t, n, "indicator", "record", ind.GetId(), "--date", "2024-12-31", "--value", "1,234")
	if !strings.Contains(stderr, "--value") || !strings.Contains(stderr, "could be 1234 or 1.234") || strings.Contains(stderr, "strconv") {
		t.Fatalf("an ambiguous value: %q", stderr)
	}
}
