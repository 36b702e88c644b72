package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/chart"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func (h *Handler) plans(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	plans, err := allPlans(ctx, h.city)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if len(plans) == 1 {
		http.Redirect(w, r, "/plans/"+plans[0].GetId(), http.StatusSeeOther)
		return
	}
	tr := h.tr(r)
	d := listPage{
		Noun: tr.T("health plan"), Plural: tr.T("health plans"), New: "/plans/new", AddLabel: tr.T("Add a health plan"),
		Lead:    tr.T("The city's health (development) plans: their goals, the indicators that measure them and the actions done step by step."),
		Columns: []string{tr.T("Title"), tr.T("Period"), tr.T("Status"), tr.T("Goals"), tr.T("Actions done"), tr.T("Visibility")},
	}
	today := time.Now().Format("2006-01-02")
	for _, p := range plans {
		pr := planProgress(p, today)
		d.Rows = append(d.Rows, listRow{Href: "/plans/" + p.GetId(), Title: p.GetTitle(), Cells: []string{
			year(p.GetPeriodStartYear()) + "–" + year(p.GetPeriodEndYear()), termOf(tr, p.GetStatus()),
			strconv.Itoa(len(p.GetGoals())), tr.T("{{.Done}} of {{.Total}}", "Done", pr.Done, "Total", pr.Total),
			termOf(tr, p.GetVisibility()),
		}})
	}
	h.pages.Render(w, http.StatusOK, "records", h.page(r, "/plans", tr.T("Health plans"), d))
}

type goalView struct {
	Goal       *hcnetv1.Goal
	Indicators []indicatorView
}

type indicatorView struct {
	Indicator *hcnetv1.Indicator
	Chart     chart.LineChart
	// BaselineDate and TargetDate are written in the reader's language.
	BaselineDate, TargetDate string
}

type planData struct {
	Plan    *hcnetv1.HealthPlan
	Texts   *recordTexts
	Goals   []goalView
	History history
	// Fields are the plan's own, Where where it goes.
	Fields []viewField
	Where  string
	// Progress sums the actions, each shown with where it stands.
	Progress progress
	Actions  []actionView
	Statuses []webui.Option
	// AdoptedOn is the date of the decision in the reader's language.
	AdoptedOn string
}

// actionView is an action on the plan's page: the goal it serves and
// where it stands (standing), with the colour of its status dot.
type actionView struct {
	Action *hcnetv1.Action
	// Step is the action's place in the plan, from 1.
	Step int
	// Due is its due date in the reader's language.
	Goal, Partnership, Due string
	// Standing is where it stands in words, Colour its status colour;
	// Status is its status's short name, the select's value.
	Standing, Colour, Status string
}

// plan shows a health plan goal by goal, each with its indicators' charts.
func (h *Handler) plan(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	res, err := h.city.GetHealthPlan(ctx, &hcnetv1.GetHealthPlanRequest{Id: r.PathValue("id")})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	plan := res.GetHealthPlan()
	tr := h.tr(r)
	inds, err := planIndicators(ctx, h.city, plan.GetId())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := planData{Plan: plan, History: h.history(r, record.KindHealthPlan, plan.GetId()), Statuses: webui.EnumOptions(hcnetv1.ActionStatus(0).Descriptor())}
	if err := h.planFacts(ctx, tr, plan, &d); err != nil {
		h.fail(w, r, err)
		return
	}
	byGoal := map[string][]indicatorView{}
	for _, ind := range inds {
		byGoal[ind.GetGoalId()] = append(byGoal[ind.GetGoalId()], indicatorView{Indicator: ind, Chart: chart.IndicatorIn(tr, ind),
			BaselineDate: dayOf(tr, ind.GetBaselineDate()), TargetDate: dayOf(tr, ind.GetTargetDate())})
	}
	for _, g := range plan.GetGoals() {
		d.Goals = append(d.Goals, goalView{Goal: g, Indicators: byGoal[g.GetId()]})
		delete(byGoal, g.GetId())
	}
	var rest []indicatorView
	for _, v := range byGoal {
		rest = append(rest, v...)
	}
	if len(rest) > 0 {
		d.Goals = append(d.Goals, goalView{Goal: &hcnetv1.Goal{Title: tr.T("Indicators not tied to a goal")}, Indicators: rest})
	}
	d.Texts = textsOf(tr, record.KindHealthPlan, plan)
	h.pages.Render(w, http.StatusOK, "plan", h.page(r, "/plans", plan.GetTitle(), d))
}

// planFacts fills the plan's own fields and its actions with where each
// stands today.
func (h *Handler) planFacts(ctx context.Context, tr *i18n.Translator, plan *hcnetv1.HealthPlan, d *planData) error {
	ps, err := allPartnerships(ctx, h.city)
	if err != nil {
		return err
	}
	titles := map[string]string{}
	for _, p := range ps {
		titles[p.GetId()] = p.GetTitle()
	}
	var named []string
	for _, id := range plan.GetPartnershipIds() {
		named = append(named, titles[id])
	}
	a, phc := plan.GetAdoption(), plan.GetPrimaryHealthCare()
	linked := tr.T("no")
	if phc.GetLinked() {
		linked = tr.T("yes")
	}
	d.Fields = []viewField{
		{Label: tr.T("Status"), Value: termOf(tr, plan.GetStatus())},
		{Label: tr.T("Period"), Value: year(plan.GetPeriodStartYear()) + "–" + year(plan.GetPeriodEndYear())},
		{Label: tr.T("Adopted by"), Value: a.GetBody()},
		{Label: tr.T("Date of the decision"), Value: dayOf(tr, a.GetDate())},
		{Label: tr.T("Reference"), Value: a.GetReference()},
		{Label: tr.T("Partnerships"), Value: strings.Join(named, "; ")},
		{Label: tr.T("Linked to primary health care"), Value: linked},
		{Label: tr.T("Services involved"), Value: strings.Join(phc.GetServices(), "; ")},
		{Label: tr.T("How residents are engaged"), Value: phc.GetEngagement()},
		{Label: tr.T("Visibility"), Value: termOf(tr, plan.GetVisibility())},
		{Label: tr.T("Version"), Value: strconv.FormatInt(plan.GetVersion(), 10)},
	}
	if s := whereSentence(tr, record.KindHealthPlan, plan.GetVisibility()); s != "" {
		d.Where = s + " " + tr.T(planPartnerships)
	}
	goals := map[string]string{}
	for _, g := range plan.GetGoals() {
		goals[g.GetId()] = g.GetTitle()
	}
	today := time.Now().Format("2006-01-02")
	d.Progress = planProgress(plan, today)
	d.AdoptedOn = dayOf(tr, a.GetDate())
	for i, act := range plan.GetActions() {
		st := standing(act, today)
		d.Actions = append(d.Actions, actionView{Action: act, Step: i + 1, Goal: goals[act.GetGoalId()], Partnership: titles[act.GetPartnershipId()], Due: dayOf(tr, act.GetDueDate()),
			Standing: tr.T(st), Colour: stepColour[st], Status: record.ShortName(act.GetStatus())})
	}
	return nil
}

var measurementSpec = formSpec{
	prefix: "measurement",
	labels: map[string]string{
		"date": "Date", "value": "Value", "breakdown_kind": "Broken down by", "breakdown_label": "Group or district",
		"note": "Note", "source": "Source",
	},
	paths: map[string]string{"breakdown.kind": "breakdown_kind", "breakdown.label": "breakdown_label", "breakdown": "breakdown_label"},
}

type indicatorData struct {
	Indicator *hcnetv1.Indicator
	Texts     *recordTexts
	Chart     chart.LineChart
	Form      *webui.Form
	Kinds     []webui.Option
	History   history
	// Plan and Goal name what the indicator measures; Where says where
	// it goes with its visibility.
	Plan, Goal, Where string
	Breakdown         []breakdownRow
	// Labels are the districts and groups measured so far, offered as
	// the officer types so one district is not spelt two ways.
	Labels []string
	// Measurements are the indicator's, with their dates, and the
	// baseline's and target's, in the reader's language.
	Measurements             []measurementRow
	BaselineDate, TargetDate string
	// Taken is the stored value the form's date and breakdown already
	// have, which the officer may tick to replace; nil otherwise.
	Taken *measurementRow
}

// measurementRow is a measurement as the indicator's page lists it.
type measurementRow struct {
	Measurement *hcnetv1.Measurement
	// Date is in the reader's language; For names the whole city or the
	// district or group as the chart's legend does.
	Date, For string
}

func (h *Handler) indicator(w http.ResponseWriter, r *http.Request) {
	h.renderIndicator(w, r, http.StatusOK, webui.NewForm(url.Values{"date": {time.Now().Format("2006-01-02")}}))
}

func (h *Handler) renderIndicator(w http.ResponseWriter, r *http.Request, code int, f *webui.Form) {
	ctx, cancel := h.call(r)
	defer cancel()
	res, err := h.city.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: r.PathValue("id")})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ind := res.GetIndicator()
	tr := h.tr(r)
	d := indicatorData{Indicator: ind, Chart: chart.IndicatorIn(tr, ind), Form: f, Kinds: webui.EnumOptions(hcnetv1.BreakdownKind(0).Descriptor()),
		History: h.history(r, record.KindIndicator, ind.GetId()), Breakdown: breakdownRows(tr, ind)}
	d.BaselineDate, d.TargetDate = dayOf(tr, ind.GetBaselineDate()), dayOf(tr, ind.GetTargetDate())
	for _, m := range ind.GetMeasurements() {
		d.Measurements = append(d.Measurements, measurementRow{Measurement: m, Date: dayOf(tr, m.GetDate()), For: chart.BreakdownNameIn(tr, m.GetBreakdown())})
	}
	d.Taken = takenBy(tr, ind, f)
	seen := map[string]bool{}
	for _, b := range d.Breakdown {
		if !seen[b.Label] {
			seen[b.Label] = true
			d.Labels = append(d.Labels, b.Label)
		}
	}
	if plan, err := h.city.GetHealthPlan(ctx, &hcnetv1.GetHealthPlanRequest{Id: ind.GetPlanId()}); err == nil {
		d.Plan, d.Goal = plan.GetHealthPlan().GetTitle(), goalTitle(plan.GetHealthPlan(), ind.GetGoalId())
	}
	d.Where = whereSentence(tr, record.KindIndicator, ind.GetVisibility())
	d.Texts = textsOf(tr, record.KindIndicator, ind)
	h.pages.Render(w, code, "indicator", h.page(r, "/indicators", ind.GetName(), d))
}

func (h *Handler) recordMeasurement(w http.ResponseWriter, r *http.Request) {
	f := webui.NewForm(r.PostForm)
	tr := h.tr(r)
	spec := specIn(measurementSpec, tr)
	m := &hcnetv1.Measurement{
		Date:   strings.TrimSpace(f.Get("date")),
		Note:   strings.TrimSpace(f.Get("note")),
		Source: strings.TrimSpace(f.Get("source")),
	}
	// Officers in much of Europe write 12,5.
	raw := strings.ReplaceAll(strings.TrimSpace(f.Get("value")), ",", ".")
	if raw == "" {
		f.Add("value", spec.labels["value"], tr.T("is required"))
	} else if v, err := strconv.ParseFloat(raw, 64); err != nil {
		f.Add("value", spec.labels["value"], tr.T("must be a number, like 12.5"))
	} else {
		m.Value = v
	}
	kind := enumField[hcnetv1.BreakdownKind](f, "breakdown_kind", spec)
	if label := strings.TrimSpace(f.Get("breakdown_label")); kind != 0 || label != "" {
		m.Breakdown = &hcnetv1.Breakdown{Kind: kind, Label: label}
	}
	if !f.HasErrors() {
		ctx, cancel := h.call(r)
		defer cancel()
		_, err := h.city.RecordMeasurement(ctx, &hcnetv1.RecordMeasurementRequest{IndicatorId: r.PathValue("id"), Measurement: m,
			Replace: f.Get("replace") == "yes"})
		if err == nil {
			h.sessions.SetFlash(h.sessions.Get(r), tr.T("Measurement recorded."))
			http.Redirect(w, r, "/indicators/"+r.PathValue("id"), http.StatusSeeOther)
			return
		}
		if !spec.refused(f, err) {
			h.fail(w, r, err)
			return
		}
	}
	h.renderIndicator(w, r, formStatus, f)
}
