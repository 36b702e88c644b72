package sample

import (
	"fmt"
	"testing"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestCodedIndicatorsCompare: the sample cities report coded indicators,
// at least two codes by three or more cities, valid as codes, and the
// district and group series of one code differ from city to city, so a
// hub's comparison and equity pages have something true to show.
func TestCodedIndicatorsCompare(t *testing.T) {
	const planID = "01J9Z8Y7X6W5V4T3S2R1Q0P9N8"
	cities := map[string]int{}             // code → cities reporting it
	series := map[string]map[string]bool{} // code → the cities' breakdown values, as text
	for _, s := range Cities {
		for _, def := range indicatorDefs(s) {
			ind, later := def.indicator(s, planID)
			if vs := record.Validate("indicator", ind); len(vs) > 0 {
				t.Fatalf("%s: %v", s.ID, vs)
			}
			code := ind.GetCode()
			if code == "" {
				continue
			}
			cities[code]++
			var parts string
			for _, m := range append(ind.GetMeasurements(), later...) {
				if m.GetBreakdown().GetKind() != hcnetv1.BreakdownKind_BREAKDOWN_KIND_UNSPECIFIED {
					parts += fmt.Sprintf("%s=%g;", m.GetBreakdown().GetLabel(), m.GetValue())
				}
			}
			if parts == "" {
				t.Errorf("%s: %s has no district or group series", s.ID, code)
			}
			if series[code] == nil {
				series[code] = map[string]bool{}
			}
			series[code][parts] = true
		}
	}
	shared := 0
	for code, n := range cities {
		if n >= 3 {
			shared++
		}
		if len(series[code]) != n {
			t.Errorf("%s: %d cities report it with %d different district and group series", code, n, len(series[code]))
		}
	}
	if shared < 2 {
		t.Fatalf("codes by cities reporting them: %v; want two or more reported by three or more cities", cities)
	}
}
