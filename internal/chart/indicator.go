package chart

import (
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Indicator plots an indicator the same way wherever it is shown (the
// city's own pages, a hub's): the baseline → target line, the whole
// city's measurements and one series per group or district, so gaps show.
func Indicator(ind *hcnetv1.Indicator) LineChart {
	c := LineChart{
		ID: "indicator-" + ind.GetId(), Title: ind.GetName(), Unit: ind.GetUnit(),
		Desc: "Measured values of " + ind.GetName() + " in " + ind.GetUnit() + " over time, against the line from baseline to target" +
			direction(ind.GetDirection()) + ", for the whole city and broken down by group or district.",
	}
	var ref []Point
	if t, ok := day(ind.GetBaselineDate()); ok {
		ref = append(ref, Point{X: t, Y: ind.GetBaseline(), Note: "baseline"})
	}
	if t, ok := day(ind.GetTargetDate()); ok {
		ref = append(ref, Point{X: t, Y: ind.GetTarget(), Note: "target"})
	}
	if len(ref) > 0 {
		c.Series = append(c.Series, Series{Name: "Baseline → target", Reference: true, Points: ref})
	}
	whole := Series{Name: "Whole city", Emphasis: true}
	var parts []Series
	index := map[string]int{}
	for _, m := range ind.GetMeasurements() {
		t, ok := day(m.GetDate())
		if !ok {
			continue
		}
		p := Point{X: t, Y: m.GetValue(), Note: m.GetSource()}
		b := m.GetBreakdown()
		if b == nil || b.GetLabel() == "" {
			whole.Points = append(whole.Points, p)
			continue
		}
		name := BreakdownName(b)
		i, ok := index[name]
		if !ok {
			i = len(parts)
			index[name] = i
			parts = append(parts, Series{Name: name})
		}
		parts[i].Points = append(parts[i].Points, p)
	}
	if len(whole.Points) > 0 {
		c.Series = append(c.Series, whole)
	}
	c.Series = append(c.Series, parts...)
	return c
}

// BreakdownName is how a series of a group or district is called:
// "District: Rosengård", "Group: women 65+"; "Whole city" without one.
func BreakdownName(b *hcnetv1.Breakdown) string {
	if b.GetLabel() == "" {
		return "Whole city"
	}
	kind := record.ShortName(b.GetKind())
	if kind == "" {
		return b.GetLabel()
	}
	return strings.ToUpper(kind[:1]) + kind[1:] + ": " + b.GetLabel()
}

func direction(d hcnetv1.IndicatorDirection) string {
	switch d {
	case hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_INCREASE:
		return " (higher is better)"
	case hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_DECREASE:
		return " (lower is better)"
	}
	return ""
}

func day(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil
}
