package web

import (
	"context"
	"strconv"
	"time"

	"github.com/hcnet/hcnet/internal/csvio"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// planProgress is how the health plans a member city shares stand on
// the report's day: its actions done, on time, delayed and cancelled,
// judged as the plan's own page judges them (actionProgress).
type planProgress struct {
	Member *hcnetv1.Member
	// Plans counts the plans in progress read; More is set when the city
	// shares more plans than a page reads.
	Plans int
	More  bool
	progressCount
}

// inProgress tells whether a plan's actions are being carried out: an
// adopted plan, or one under review. A draft's actions have not begun
// and a closed plan's are over, so neither counts as delayed.
func inProgress(p *hcnetv1.HealthPlan) bool {
	return p.GetStatus() == hcnetv1.PlanStatus_PLAN_STATUS_ADOPTED || p.GetStatus() == hcnetv1.PlanStatus_PLAN_STATUS_IN_REVIEW
}

// plansInProgress counts the actions of every approved member's plans
// in progress on day today.
func (h *Handler) plansInProgress(ctx context.Context, reps []Reporting, today time.Time) (out []planProgress, total progressCount, err error) {
	for _, rep := range reps {
		if !rep.Approved {
			continue
		}
		m := rep.Member
		pp := planProgress{Member: m}
		l := h.linker(m.GetCountry(), m.GetCityId())
		hits, more, err := h.cityRecords(ctx, m.GetCountry(), m.GetCityId(), []string{string(record.KindHealthPlan)})
		if err != nil {
			return nil, total, err
		}
		pp.More = more
		for i, hit := range hits {
			if i == maxRead {
				pp.More = true
				break
			}
			rec, err := l.get(ctx, m.GetCountry(), m.GetCityId(), hit.GetId())
			if err != nil {
				return nil, total, err
			}
			p := rec.GetRecord().GetHealthPlan()
			if p == nil || !inProgress(p) {
				continue
			}
			pp.Plans++
			for _, a := range p.GetActions() {
				progress := actionProgress(a, today)
				pp.add(progress)
				total.add(progress)
			}
		}
		out = append(out, pp)
	}
	return out, total, nil
}

// plansCSVHeader names the columns of the report's plans table
// (/report.csv?table=plans); one row per approved member. New columns
// go last.
var plansCSVHeader = []string{"country", "city_id", "name", "plans_in_progress", "actions", "done", "on_time", "delayed", "cancelled"}

func writePlansCSV(cw *csvio.Writer, rows []planProgress) {
	cw.Write(plansCSVHeader)
	n := func(v int) string { return strconv.Itoa(v) }
	for _, p := range rows {
		m := p.Member
		cw.Write([]string{m.GetCountry(), m.GetCityId(), m.GetName(), n(p.Plans), n(p.All), n(p.Done), n(p.OnTime), n(p.Delayed), n(p.Cancelled)})
	}
}
