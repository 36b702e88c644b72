package web

import (
	"context"
	"sort"

	"github.com/hcnet/hcnet/internal/chart"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// indicatorView is an indicator with its measurements over time, for
// the whole city and each district and group, as a chart and a table.
type indicatorView struct {
	I     *hcnetv1.Indicator
	Chart chart.LineChart
	// Plan is the plan the indicator measures, Goal the goal's title.
	Plan *Link
	Goal string
	// Series are the latest values of each series, the whole city first.
	Series []seriesLatest
	Rows   []measurementRow
	// Equity is the indicator's row in its city's equity matrix, when it
	// has district or group values.
	Equity string
}

// seriesLatest is the newest value of one series.
type seriesLatest struct {
	Name string
	M    *hcnetv1.Measurement
}

// measurementRow is one measurement as the table shows it.
type measurementRow struct {
	For string
	M   *hcnetv1.Measurement
}

func buildIndicator(ctx context.Context, l *linker, _ *hcnetv1.GetRecordResponse, ind *hcnetv1.Indicator) (any, error) {
	v := &indicatorView{I: ind, Chart: chart.IndicatorIn(l.tr, ind)}
	var err error
	if v.Plan, err = l.link(ctx, ind.GetPlanId()); err != nil {
		return nil, err
	}
	if v.Plan != nil && v.Plan.Href != "" {
		plan, err := l.get(ctx, l.country, l.city, ind.GetPlanId())
		if err != nil {
			return nil, err
		}
		for _, g := range plan.GetRecord().GetHealthPlan().GetGoals() {
			if g.GetId() == ind.GetGoalId() && g.GetId() != "" {
				v.Goal = g.GetTitle()
			}
		}
	}
	if hasBreakdown(ind) {
		v.Equity = matrixLink(l.country, l.city, ind.GetId())
	}
	seen := map[string]bool{}
	for _, m := range ind.GetMeasurements() {
		// The series is found by its English name, and shown in the
		// reader's language.
		name, shown := chart.BreakdownName(m.GetBreakdown()), chart.BreakdownNameIn(l.tr, m.GetBreakdown())
		v.Rows = append(v.Rows, measurementRow{For: shown, M: m})
		if !seen[name] {
			seen[name] = true
			key := name
			if m.GetBreakdown().GetLabel() == "" {
				key = ""
			}
			v.Series = append(v.Series, seriesLatest{Name: shown, M: latest(ind, key)})
		}
	}
	// The whole city first, then the districts and groups by name; the
	// table by date, then in the same order.
	sort.SliceStable(v.Series, func(i, j int) bool { return seriesBefore(v.Series[i].M, v.Series[j].M) })
	sort.SliceStable(v.Rows, func(i, j int) bool {
		if v.Rows[i].M.GetDate() != v.Rows[j].M.GetDate() {
			return v.Rows[i].M.GetDate() < v.Rows[j].M.GetDate()
		}
		return seriesBefore(v.Rows[i].M, v.Rows[j].M)
	})
	return v, nil
}

// seriesBefore orders the series of measurements a and b: the whole
// city, then districts and groups by name.
func seriesBefore(a, b *hcnetv1.Measurement) bool {
	wa, wb := a.GetBreakdown().GetLabel() == "", b.GetBreakdown().GetLabel() == ""
	if wa != wb {
		return wa
	}
	return chart.BreakdownName(a.GetBreakdown()) < chart.BreakdownName(b.GetBreakdown())
}
