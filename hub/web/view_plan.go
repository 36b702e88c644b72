package web

import (
	"context"
	"time"

	"github.com/hcnet/hcnet/internal/chart"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// planView is a health plan goal by goal, each with the indicators that
// measure it and the actions that serve it, and how the actions stand.
type planView struct {
	P     *hcnetv1.HealthPlan
	Goals []planGoal
	// Progress counts the actions done, on time, delayed and cancelled.
	Progress     progressCount
	Partnerships []Link
}

// planGoal is a goal with its indicators and actions. The last goal of
// a plan may be a made-up one holding what names no goal of the plan.
type planGoal struct {
	Goal *hcnetv1.Goal
	// Other is set on the made-up goal, whose title the page writes.
	Other      bool
	Indicators []planIndicator
	Actions    []planAction
}

// planIndicator is an indicator of the plan with its latest value for
// the whole city.
type planIndicator struct {
	Link
	I *hcnetv1.Indicator
	// Latest is the newest whole-city measurement, nil without one.
	Latest *hcnetv1.Measurement
}

// planAction is an action with where it stands today.
type planAction struct {
	A           *hcnetv1.Action
	Progress    string
	Light       string
	Partnership *Link
}

type progressCount struct{ Done, OnTime, Delayed, Cancelled, All int }

// The progress of an action, as a coordinator reads a plan.
const (
	progressDone      = "done"
	progressOnTime    = "on time"
	progressDelayed   = "delayed"
	progressCancelled = "cancelled"
)

// actionProgress is where an action stands on day today: done and
// cancelled as the city says; delayed when the city says so or its due
// date has passed; else on time.
func actionProgress(a *hcnetv1.Action, today time.Time) string {
	switch a.GetStatus() {
	case hcnetv1.ActionStatus_ACTION_STATUS_DONE:
		return progressDone
	case hcnetv1.ActionStatus_ACTION_STATUS_CANCELLED:
		return progressCancelled
	case hcnetv1.ActionStatus_ACTION_STATUS_DELAYED:
		return progressDelayed
	}
	if due, err := time.Parse("2006-01-02", a.GetDueDate()); err == nil && due.Before(today.Truncate(24*time.Hour)) {
		return progressDelayed
	}
	return progressOnTime
}

// lights colour each progress the way the members page colours
// reporting; the words always go with the colour.
var lights = map[string]string{progressDone: "green", progressOnTime: "green", progressDelayed: "red", progressCancelled: "grey"}

func (c *progressCount) add(p string) {
	c.All++
	switch p {
	case progressDone:
		c.Done++
	case progressOnTime:
		c.OnTime++
	case progressDelayed:
		c.Delayed++
	case progressCancelled:
		c.Cancelled++
	}
}

func buildPlan(ctx context.Context, l *linker, _ *hcnetv1.GetRecordResponse, p *hcnetv1.HealthPlan) (any, error) {
	v := &planView{P: p}
	var err error
	if v.Partnerships, err = l.links(ctx, p.GetPartnershipIds()); err != nil {
		return nil, err
	}
	inds, err := l.indicatorsOf(ctx, p.GetId())
	if err != nil {
		return nil, err
	}
	goals := map[string]int{}
	for _, g := range p.GetGoals() {
		goals[g.GetId()] = len(v.Goals)
		v.Goals = append(v.Goals, planGoal{Goal: g})
	}
	// What names no goal of the plan goes under one of its own.
	other := func() *planGoal {
		if _, ok := goals[""]; !ok {
			goals[""] = len(v.Goals)
			v.Goals = append(v.Goals, planGoal{Goal: &hcnetv1.Goal{Title: "Not tied to a goal"}, Other: true})
		}
		return &v.Goals[goals[""]]
	}
	goal := func(id string) *planGoal {
		if i, ok := goals[id]; ok && id != "" {
			return &v.Goals[i]
		}
		return other()
	}
	for _, pi := range inds {
		g := goal(pi.I.GetGoalId())
		g.Indicators = append(g.Indicators, pi)
	}
	today := l.h.opts.Now()
	for _, a := range p.GetActions() {
		pa := planAction{A: a, Progress: actionProgress(a, today)}
		pa.Light = lights[pa.Progress]
		if pa.Partnership, err = l.link(ctx, a.GetPartnershipId()); err != nil {
			return nil, err
		}
		v.Progress.add(pa.Progress)
		g := goal(a.GetGoalId())
		g.Actions = append(g.Actions, pa)
	}
	return v, nil
}

// indicatorsOf are the indicators the page's city shares for its plan
// planID. An indicator names its plan, not the other way round: the
// hub's search lists the city's indicators (the newest maxRead), and
// those of other plans are left out.
func (l *linker) indicatorsOf(ctx context.Context, planID string) ([]planIndicator, error) {
	hits, _, err := l.h.cityRecords(ctx, l.country, l.city, []string{string(record.KindIndicator)})
	if err != nil {
		return nil, err
	}
	recs, _, err := l.readHits(ctx, hits)
	if err != nil {
		return nil, err
	}
	var out []planIndicator
	for i, rec := range recs {
		hit := hits[i]
		ind := rec.GetRecord().GetIndicator()
		if ind == nil || ind.GetPlanId() != planID {
			continue
		}
		out = append(out, planIndicator{
			Link: Link{Href: recordHref(l.country, l.city, hit.GetId()), Text: ind.GetName()},
			I:    ind, Latest: latest(ind, ""),
		})
	}
	return out, nil
}

// latest is an indicator's newest measurement for the series named as
// chart.BreakdownName names it ("" for the whole city), nil without one.
func latest(ind *hcnetv1.Indicator, series string) *hcnetv1.Measurement {
	var out *hcnetv1.Measurement
	for _, m := range ind.GetMeasurements() {
		name := ""
		if m.GetBreakdown().GetLabel() != "" {
			name = chart.BreakdownName(m.GetBreakdown())
		}
		if name == series && (out == nil || m.GetDate() >= out.GetDate()) {
			out = m
		}
	}
	return out
}
