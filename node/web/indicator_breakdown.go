package web

import (
	"math"
	"sort"

	"github.com/hcnet/hcnet/internal/chart"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// The breakdown table puts each district's and group's latest value next
// to the whole city's on the same date and to the target, in the manner
// of an equity matrix: the gaps an officer is asked about show without
// reading the chart.

// breakdownRow is one part of the city: its latest value and its gaps.
type breakdownRow struct {
	// Kind is "district" or "group"; Label names the part, and Name
	// says both in the reader's language in the words the chart's
	// legend uses ("District: Rosengård").
	Kind, Name, Label string
	Count             int
	Date, Value       string
	// City is the gap to the whole city on the same date ("" when the
	// city was not measured that day); Target the gap to the target.
	City, Target string
	// Worse says the part is behind the whole city, by the direction.
	Worse bool
}

// breakdownRows lists the districts and groups measured, districts
// first, each by name, its dates and numbers written in tr's language.
func breakdownRows(tr *i18n.Translator, ind *hcnetv1.Indicator) []breakdownRow {
	whole := map[string]float64{}
	type part struct {
		kind  hcnetv1.BreakdownKind
		label string
	}
	latest := map[part]*hcnetv1.Measurement{}
	count := map[part]int{}
	for _, m := range ind.GetMeasurements() {
		b := m.GetBreakdown()
		if b.GetLabel() == "" {
			whole[m.GetDate()] = m.GetValue()
			continue
		}
		p := part{b.GetKind(), b.GetLabel()}
		count[p]++
		if cur := latest[p]; cur == nil || m.GetDate() >= cur.GetDate() {
			latest[p] = m
		}
	}
	var out []breakdownRow
	for p, m := range latest {
		row := breakdownRow{
			Kind: record.ShortName(p.kind), Label: p.label, Count: count[p],
			Name: chart.BreakdownNameIn(tr, &hcnetv1.Breakdown{Kind: p.kind, Label: p.label}),
			Date: dayOf(tr, m.GetDate()), Value: tr.Number(m.GetValue()),
			Target: gap(tr, m.GetValue()-ind.GetTarget()),
		}
		if c, ok := whole[m.GetDate()]; ok {
			row.City = gap(tr, m.GetValue()-c)
			row.Worse = behind(ind.GetDirection(), m.GetValue(), c)
		}
		out = append(out, row)
	}
	// Districts before groups, then by name.
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Label < out[j].Label
	})
	return out
}

// gap is a signed difference, "+2.5" or "-1" ("+2,5" in Swedish),
// rounded so that the binary arithmetic's tails (2.4000000000000004) do
// not show.
func gap(tr *i18n.Translator, d float64) string {
	d = math.Round(d*1e6) / 1e6
	if d > 0 {
		return "+" + tr.Number(d)
	}
	if d == 0 {
		return tr.Number(0)
	}
	return tr.Number(d)
}

// behind says whether value is worse than the city's, by the direction;
// an indicator without one is never called behind.
func behind(d hcnetv1.IndicatorDirection, value, city float64) bool {
	switch d {
	case hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_DECREASE:
		return value > city
	case hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_INCREASE:
		return value < city
	}
	return false
}
