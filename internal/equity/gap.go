package equity

import (
	"math"
	"sort"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Standing is how a district or group stands against what it is
// compared with. The words go on every page with the colour.
type Standing string

// Standings against the whole city.
const (
	// Worse: beyond the threshold on the side the indicator calls worse.
	Worse Standing = "worse"
	// Near: within the threshold, on either side.
	Near Standing = "near"
	// Better: beyond the threshold on the better side.
	Better Standing = "better"
	// Differs: beyond the threshold, for an indicator that says neither
	// higher nor lower is better.
	Differs Standing = "differs"
	// Unmeasured: nothing to compare with (no whole-city value of the
	// date or before it, no target).
	Unmeasured Standing = "unmeasured"
)

// Standings against the target.
const (
	// Reached: at the target or past it.
	Reached Standing = "reached"
	// Close: short of the target by no more than the threshold.
	Close Standing = "close"
	// Far: short of the target by more than the threshold.
	Far Standing = "far"
)

// DefaultThreshold is the relative gap beyond which a district or group
// is marked: a tenth of the value it is compared with.
const DefaultThreshold = 0.10

// Gap is one district's or group's latest value of an indicator,
// compared with the city as a whole and with the city's target.
type Gap struct {
	Breakdown *hcnetv1.Breakdown
	// M is the series' newest measurement.
	M *hcnetv1.Measurement
	// City is the whole city's measurement it is compared with: of the
	// same date, else the nearest earlier one (SameDate false); nil when
	// the city has none of that date or before.
	City     *hcnetv1.Measurement
	SameDate bool
	// ToCity is the gap to the city relative to the city's value, signed
	// as the values go (+0.34: a third higher); Behind is the same signed
	// so that positive is worse, by the indicator's direction (equal to
	// ToCity when the indicator has none).
	ToCity, Behind float64
	Against        Standing
	// ToTarget is the gap to the target relative to the target, signed
	// as the values go, and Target how far that is.
	ToTarget float64
	Target   Standing
}

// Beyond tells whether the gap to the city is beyond the threshold.
func (g Gap) Beyond() bool { return g.Against == Worse || g.Against == Better || g.Against == Differs }

// Gaps compares the newest value of each district and group series of
// ind with the whole city's value of the same date (else the nearest
// earlier one) and with the target; a relative gap larger than threshold
// (0.1 is a tenth) is beyond it. Districts come first, then groups, each
// by label.
func Gaps(ind *hcnetv1.Indicator, threshold float64) []Gap {
	type key struct {
		kind  hcnetv1.BreakdownKind
		label string
	}
	newest := map[key]*hcnetv1.Measurement{}
	var keys []key
	var whole []*hcnetv1.Measurement
	for _, m := range ind.GetMeasurements() {
		b := m.GetBreakdown()
		if b.GetLabel() == "" {
			whole = append(whole, m)
			continue
		}
		k := key{b.GetKind(), b.GetLabel()}
		old, ok := newest[k]
		if !ok {
			keys = append(keys, k)
		}
		if !ok || m.GetDate() >= old.GetDate() {
			newest[k] = m
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		return Less(newest[keys[i]].GetBreakdown(), newest[keys[j]].GetBreakdown())
	})
	dir := ind.GetDirection()
	out := make([]Gap, 0, len(keys))
	for _, k := range keys {
		m := newest[k]
		g := Gap{Breakdown: m.GetBreakdown(), M: m, Against: Unmeasured}
		g.City = cityValue(whole, m.GetDate())
		if g.City != nil {
			g.SameDate = g.City.GetDate() == m.GetDate()
			g.ToCity = relative(m.GetValue(), g.City.GetValue())
			g.Behind = g.ToCity
			if dir == hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_INCREASE {
				g.Behind = -g.ToCity
			}
			g.Against = against(g.Behind, threshold, dir)
		}
		g.ToTarget = relative(m.GetValue(), ind.GetTarget())
		g.Target = toTarget(g.ToTarget, threshold, dir)
		out = append(out, g)
	}
	return out
}

// Less orders districts and groups as pages list them: districts
// first, then groups, each by label.
func Less(a, b *hcnetv1.Breakdown) bool {
	if a.GetKind() != b.GetKind() {
		return rank(a.GetKind()) < rank(b.GetKind())
	}
	return a.GetLabel() < b.GetLabel()
}

// rank puts districts before groups, and anything else last.
func rank(k hcnetv1.BreakdownKind) int {
	switch k {
	case hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT:
		return 0
	case hcnetv1.BreakdownKind_BREAKDOWN_KIND_GROUP:
		return 1
	}
	return 2
}

// cityValue is the whole city's measurement of date, else the newest
// before it; nil without one. Dates are ISO 8601, so they order as text.
func cityValue(whole []*hcnetv1.Measurement, date string) *hcnetv1.Measurement {
	var best *hcnetv1.Measurement
	for _, m := range whole {
		if m.GetDate() <= date && (best == nil || m.GetDate() > best.GetDate()) {
			best = m
		}
	}
	return best
}

// relative is v's gap to ref as a share of ref. A ref of zero (a target
// of no cases at all) has no share: the gap is then measured against v
// itself, so any value above zero is wholly (100 %) away from it.
func relative(v, ref float64) float64 {
	switch {
	case v == ref:
		return 0
	case ref != 0:
		return (v - ref) / math.Abs(ref)
	default:
		return (v - ref) / math.Abs(v)
	}
}

func against(behind, threshold float64, dir hcnetv1.IndicatorDirection) Standing {
	switch {
	case math.Abs(behind) <= threshold:
		return Near
	case dir == hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_UNSPECIFIED:
		return Differs
	case behind > 0:
		return Worse
	}
	return Better
}

// toTarget says how far a value is from the target; without a direction
// a target can only be reached exactly or be near.
func toTarget(gap, threshold float64, dir hcnetv1.IndicatorDirection) Standing {
	short := gap // decrease: above the target is short of it
	switch dir {
	case hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_INCREASE:
		short = -gap
	case hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_UNSPECIFIED:
		short = math.Abs(gap)
	}
	switch {
	case short <= 0:
		return Reached
	case short <= threshold:
		return Close
	}
	return Far
}
