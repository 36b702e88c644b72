package chart

import (
	"time"

	"github.com/hcnet/hcnet/internal/i18n"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Indicator plots an indicator the same way wherever it is shown (the
// city's own pages, a hub's): the baseline → target line, the whole
// city's measurements and one series per group or district, so gaps show.
func Indicator(ind *hcnetv1.Indicator) LineChart { return IndicatorIn(nil, ind) }

// IndicatorIn is Indicator with its words in tr's language (nil: English).
func IndicatorIn(tr *i18n.Translator, ind *hcnetv1.Indicator) LineChart {
	w := words(tr)
	desc := "Measured values of {{.Name}} in {{.Unit}} over time, against the line from baseline to target, for the whole city and broken down by group or district."
	switch ind.GetDirection() {
	case hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_INCREASE:
		desc = "Measured values of {{.Name}} in {{.Unit}} over time, against the line from baseline to target (higher is better), for the whole city and broken down by group or district."
	case hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_DECREASE:
		desc = "Measured values of {{.Name}} in {{.Unit}} over time, against the line from baseline to target (lower is better), for the whole city and broken down by group or district."
	}
	c := LineChart{
		ID: "indicator-" + ind.GetId(), Title: ind.GetName(), Unit: ind.GetUnit(), Tr: tr,
		Desc: w.T(desc, "Name", ind.GetName(), "Unit", ind.GetUnit()),
	}
	var ref []Point
	if t, ok := day(ind.GetBaselineDate()); ok {
		ref = append(ref, Point{X: t, Y: ind.GetBaseline(), Note: w.T("baseline")})
	}
	if t, ok := day(ind.GetTargetDate()); ok {
		ref = append(ref, Point{X: t, Y: ind.GetTarget(), Note: w.T("target")})
	}
	if len(ref) > 0 {
		c.Series = append(c.Series, Series{Name: w.T("Baseline → target"), Reference: true, Points: ref})
	}
	whole := Series{Name: w.T("Whole city"), Emphasis: true}
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
		name := BreakdownNameIn(tr, b)
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
func BreakdownName(b *hcnetv1.Breakdown) string { return BreakdownNameIn(nil, b) }

// BreakdownNameIn is BreakdownName in tr's language (nil: English).
func BreakdownNameIn(tr *i18n.Translator, b *hcnetv1.Breakdown) string {
	w := words(tr)
	if b.GetLabel() == "" {
		return w.T("Whole city")
	}
	switch b.GetKind() {
	case hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT:
		return w.T("District: {{.Label}}", "Label", b.GetLabel())
	case hcnetv1.BreakdownKind_BREAKDOWN_KIND_GROUP:
		return w.T("Group: {{.Label}}", "Label", b.GetLabel())
	}
	return b.GetLabel()
}

func day(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil
}
