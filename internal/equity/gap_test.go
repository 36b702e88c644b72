package equity

import (
	"math"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func district(label string) *hcnetv1.Breakdown {
	return &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT, Label: label}
}

func group(label string) *hcnetv1.Breakdown {
	return &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_GROUP, Label: label}
}

func TestGaps(t *testing.T) {
	const (
		decrease = hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_DECREASE
		increase = hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_INCREASE
		none     = hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_UNSPECIFIED
	)
	type want struct {
		label    string
		against  Standing
		target   Standing
		sameDate bool
		toCity   float64
	}
	for _, c := range []struct {
		title string
		dir   hcnetv1.IndicatorDirection
		ms    []*hcnetv1.Measurement
		want  []want
	}{
		{"lower is better: higher is worse", decrease, []*hcnetv1.Measurement{
			{Date: "2025-12-31", Value: 20},
			{Date: "2025-12-31", Value: 26, Breakdown: district("Rosengård")},   // +30 %
			{Date: "2025-12-31", Value: 21, Breakdown: district("Limhamn")},     // +5 %
			{Date: "2025-12-31", Value: 15, Breakdown: group("born in Sweden")}, // −25 %
			{Date: "2024-12-31", Value: 99, Breakdown: district("Limhamn")},     // older, not the newest
		}, []want{
			{"Limhamn", Near, Far, true, 0.05},
			{"Rosengård", Worse, Far, true, 0.30},
			{"born in Sweden", Better, Reached, true, -0.25},
		}},
		{"higher is better: lower is worse", increase, []*hcnetv1.Measurement{
			{Date: "2025-12-31", Value: 20},
			{Date: "2025-12-31", Value: 26, Breakdown: district("Rosengård")},
			{Date: "2025-12-31", Value: 15, Breakdown: district("Västra")},
		}, []want{
			{"Rosengård", Better, Reached, true, 0.30},
			{"Västra", Worse, Close, true, -0.25},
		}},
		{"no direction: a gap only differs", none, []*hcnetv1.Measurement{
			{Date: "2025-12-31", Value: 20},
			{Date: "2025-12-31", Value: 26, Breakdown: district("Rosengård")},
		}, []want{{"Rosengård", Differs, Far, true, 0.30}}},
		{"the nearest earlier whole-city value, never a later one", decrease, []*hcnetv1.Measurement{
			{Date: "2023-12-31", Value: 10},
			{Date: "2024-12-31", Value: 20},
			{Date: "2026-12-31", Value: 40},
			{Date: "2025-12-31", Value: 21, Breakdown: district("Rosengård")},
			{Date: "2022-12-31", Value: 21, Breakdown: district("Husie")},
		}, []want{
			{"Husie", Unmeasured, Far, false, 0},
			{"Rosengård", Near, Far, false, 0.05},
		}},
	} {
		t.Run(c.title, func(t *testing.T) {
			ind := &hcnetv1.Indicator{Direction: c.dir, Target: 16, Measurements: c.ms}
			gs := Gaps(ind, DefaultThreshold)
			if len(gs) != len(c.want) {
				t.Fatalf("%d gaps, want %d: %+v", len(gs), len(c.want), gs)
			}
			for i, w := range c.want {
				g := gs[i]
				if g.Breakdown.GetLabel() != w.label || g.Against != w.against || g.Target != w.target || g.SameDate != w.sameDate || math.Abs(g.ToCity-w.toCity) > 1e-9 {
					t.Errorf("gap %d: %s against %s target %s same date %v to city %.3f; want %+v",
						i, g.Breakdown.GetLabel(), g.Against, g.Target, g.SameDate, g.ToCity, w)
				}
				if g.Beyond() != (w.against == Worse || w.against == Better || w.against == Differs) {
					t.Errorf("gap %d: Beyond = %v for %s", i, g.Beyond(), g.Against)
				}
			}
		})
	}
}

// TestGapsThreshold: a gap exactly at the threshold is within it, one
// past it beyond, and the threshold is the caller's.
func TestGapsThreshold(t *testing.T) {
	ind := &hcnetv1.Indicator{Direction: hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_DECREASE, Target: 100, Measurements: []*hcnetv1.Measurement{
		{Date: "2025-01-01", Value: 100},
		{Date: "2025-01-01", Value: 125, Breakdown: district("A")},
		{Date: "2025-01-01", Value: 126, Breakdown: district("B")},
	}}
	gs := Gaps(ind, 0.25)
	if gs[0].Against != Near || gs[1].Against != Worse {
		t.Fatalf("at 25 %%: A %s, B %s", gs[0].Against, gs[1].Against)
	}
	if gs[0].Target != Close || gs[1].Target != Far {
		t.Fatalf("to the target at 25 %%: A %s, B %s", gs[0].Target, gs[1].Target)
	}
	if gs := Gaps(ind, 0.5); gs[1].Against != Near {
		t.Fatalf("at 50 %%: B %s", gs[1].Against)
	}
}

// TestGapsZeroTarget: a target of zero is far for any value above it.
func TestGapsZeroTarget(t *testing.T) {
	ind := &hcnetv1.Indicator{Direction: hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_DECREASE, Measurements: []*hcnetv1.Measurement{
		{Date: "2025-01-01", Value: 0, Breakdown: district("A")},
		{Date: "2025-01-01", Value: 3, Breakdown: district("B")},
	}}
	gs := Gaps(ind, DefaultThreshold)
	if gs[0].Target != Reached || gs[1].Target != Far || gs[1].ToTarget != 1 {
		t.Fatalf("zero target: A %s, B %s (%v)", gs[0].Target, gs[1].Target, gs[1].ToTarget)
	}
}

func TestAims(t *testing.T) {
	for _, c := range []struct {
		group, label string
		want         bool
	}{
		{"residents of Rosengård", "Rosengård", true},
		{"residents of Rosengard", "ROSENGÅRD", true},
		{"Women 65+", "women 65+", true},
		{"women 65+ living alone", "Women 65", true},
		{"older women", "men", false},
		{"residents of Rosengårdsstaden", "Rosengård", false},
		{"born abroad", "born in Sweden", false},
		{"anyone", "", false},
	} {
		if got := Aims(c.group, c.label); got != c.want {
			t.Errorf("Aims(%q, %q) = %v, want %v", c.group, c.label, got, c.want)
		}
	}
	if Key("  Rosengård ") != Key("rosengard") {
		t.Errorf("Key folds case and diacritics: %q, %q", Key("  Rosengård "), Key("rosengard"))
	}
}
