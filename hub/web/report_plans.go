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

// plansInProgress counts the actions of every approved member city's
// plans in progress on day today. A member network's cities count each
// on their own, the network not at all: it shares no plan of its own.
func (h *Handler) plansInProgress(ctx context.Context, reps []Reporting, today time.Time) (out []planProgress, total progressCount, err error) {
	for _, rep := range reps {
		if !rep.Approved {
			continue
		}
		cities := []*hcnetv1.Member{rep.Member}
		if rep.Member.GetHub() {
			cities = nil
			for _, c := range rep.Cities {
				// A city the coordinator approved directly is a member
				// of its own, counted once as such.
				if c.Approved && c.Vouch.GetOverriddenBy() == hcnetv1.MemberStatus_MEMBER_STATUS_UNSPECIFIED {
					cities = append(cities, c.Member)
				}
			}
		}
		for _, m := range cities {
			pp, err := h.planProgressOf(ctx, m, today, &total)
			if err != nil {
				return nil, total, err
			}
			out = append(out, pp)
		}
	}
	return out, total, nil
}

// planProgressOf counts the actions of city m's plans in progress on
// day today, adding them to total too.
func (h *Handler) planProgressOf(ctx context.Context, m *hcnetv1.Member, today time.Time, total *progressCount) (planProgress, error) {
	pp := planProgress{Member: m}
	l := h.linker(m.GetCountry(), m.GetCityId())
	hits, more, err := h.cityRecords(ctx, m.GetCountry(), m.GetCityId(), []string{string(record.KindHealthPlan)})
	if err != nil {
		return pp, err
	}
	recs, cut, err := l.readHits(ctx, hits)
	if err != nil {
		return pp, err
	}
	pp.More = more || cut
	for _, rec := range recs {
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
	return pp, nil
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
