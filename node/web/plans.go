package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/chart"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func (h *Handler) plans(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	res, err := h.city.ListHealthPlans(ctx, &hcnetv1.ListHealthPlansRequest{PageSize: 1000})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if len(res.GetHealthPlans()) == 1 {
		http.Redirect(w, r, "/plans/"+res.GetHealthPlans()[0].GetId(), http.StatusSeeOther)
		return
	}
	d := listPage{
		Noun: "health plan", Plural: "health plans", New: "/plans/new",
		Lead:    "The city's health (development) plans: their goals, the indicators that measure them and the actions done step by step.",
		Columns: []string{"Title", "Period", "Status", "Goals", "Actions done", "Visibility"},
	}
	today := time.Now().Format("2006-01-02")
	for _, p := range res.GetHealthPlans() {
		pr := planProgress(p, today)
		d.Rows = append(d.Rows, listRow{Href: "/plans/" + p.GetId(), Title: p.GetTitle(), Cells: []string{
			year(p.GetPeriodStartYear()) + "–" + year(p.GetPeriodEndYear()), webui.Words(record.ShortName(p.GetStatus())),
			strconv.Itoa(len(p.GetGoals())), strconv.Itoa(pr.Done) + " of " + strconv.Itoa(pr.Total),
			webui.Words(record.ShortName(p.GetVisibility())),
		}})
	}
	h.pages.Render(w, http.StatusOK, "records", h.page(r, "/plans", "Health plans", d))
}

type goalView struct {
	Goal       *hcnetv1.Goal
	Indicators []indicatorView
}

type indicatorView struct {
	Indicator *hcnetv1.Indicator
	Chart     chart.LineChart
}

type planData struct {
	Plan    *hcnetv1.HealthPlan
	Goals   []goalView
	History history
	// Fields are the plan's own, Where where it goes.
	Fields []viewField
	Where  string
	// Progress sums the actions, each shown with where it stands.
	Progress progress
	Actions  []actionView
	Statuses []webui.Option
}

// actionView is an action on the plan's page: the goal it serves and
// where it stands (standing), with the colour of its status dot.
type actionView struct {
	Action *hcnetv1.Action
	// Step is the action's place in the plan, from 1.
	Step              int
	Goal, Partnership string
	Standing, Colour  string
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
	inds, err := h.city.ListIndicators(ctx, &hcnetv1.ListIndicatorsRequest{PlanId: plan.GetId(), PageSize: 1000})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := planData{Plan: plan, History: h.history(r, record.KindHealthPlan, plan.GetId()), Statuses: webui.EnumOptions(hcnetv1.ActionStatus(0).Descriptor())}
	if err := h.planFacts(ctx, plan, &d); err != nil {
		h.fail(w, r, err)
		return
	}
	byGoal := map[string][]indicatorView{}
	for _, ind := range inds.GetIndicators() {
		byGoal[ind.GetGoalId()] = append(byGoal[ind.GetGoalId()], indicatorView{ind, chart.Indicator(ind)})
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
		d.Goals = append(d.Goals, goalView{Goal: &hcnetv1.Goal{Title: "Indicators not tied to a goal"}, Indicators: rest})
	}
	h.pages.Render(w, http.StatusOK, "plan", h.page(r, "/plans", plan.GetTitle(), d))
}

// planFacts fills the plan's own fields and its actions with where each
// stands today.
func (h *Handler) planFacts(ctx context.Context, plan *hcnetv1.HealthPlan, d *planData) error {
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
	linked := "no"
	if phc.GetLinked() {
		linked = "yes"
	}
	d.Fields = []viewField{
		{Label: "Status", Value: webui.Words(record.ShortName(plan.GetStatus()))},
		{Label: "Period", Value: year(plan.GetPeriodStartYear()) + "–" + year(plan.GetPeriodEndYear())},
		{Label: "Adopted by", Value: a.GetBody()},
		{Label: "Date of the decision", Value: a.GetDate()},
		{Label: "Reference", Value: a.GetReference()},
		{Label: "Partnerships", Value: strings.Join(named, "; ")},
		{Label: "Linked to primary health care", Value: linked},
		{Label: "Services involved", Value: strings.Join(phc.GetServices(), "; ")},
		{Label: "How residents are engaged", Value: phc.GetEngagement()},
		{Label: "Visibility", Value: webui.Words(record.ShortName(plan.GetVisibility()))},
		{Label: "Version", Value: strconv.FormatInt(plan.GetVersion(), 10)},
	}
	for _, wh := range wheres(record.KindHealthPlan, carriedIn{}) {
		if wh.Value == record.ShortName(plan.GetVisibility()) {
			d.Where = "As a " + wh.Label + " plan it " + wh.Text + " " + planPartnerships
		}
	}
	goals := map[string]string{}
	for _, g := range plan.GetGoals() {
		goals[g.GetId()] = g.GetTitle()
	}
	today := time.Now().Format("2006-01-02")
	d.Progress = planProgress(plan, today)
	for i, act := range plan.GetActions() {
		st := standing(act, today)
		d.Actions = append(d.Actions, actionView{Action: act, Step: i + 1, Goal: goals[act.GetGoalId()], Partnership: titles[act.GetPartnershipId()], Standing: st, Colour: stepColour[st]})
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
	d := indicatorData{Indicator: ind, Chart: chart.Indicator(ind), Form: f, Kinds: webui.EnumOptions(hcnetv1.BreakdownKind(0).Descriptor()),
		History: h.history(r, record.KindIndicator, ind.GetId()), Breakdown: breakdownRows(ind)}
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
	d.Where = "As a " + webui.Words(record.ShortName(ind.GetVisibility())) + " indicator it " + sharedWhere(ind.GetVisibility())
	h.pages.Render(w, code, "indicator", h.page(r, "/indicators", ind.GetName(), d))
}

func (h *Handler) recordMeasurement(w http.ResponseWriter, r *http.Request) {
	f := webui.NewForm(r.PostForm)
	m := &hcnetv1.Measurement{
		Date:   strings.TrimSpace(f.Get("date")),
		Note:   strings.TrimSpace(f.Get("note")),
		Source: strings.TrimSpace(f.Get("source")),
	}
	// Officers in much of Europe write 12,5.
	raw := strings.ReplaceAll(strings.TrimSpace(f.Get("value")), ",", ".")
	if raw == "" {
		f.Add("value", measurementSpec.labels["value"], "is required")
	} else if v, err := strconv.ParseFloat(raw, 64); err != nil {
		f.Add("value", measurementSpec.labels["value"], "must be a number, like 12.5")
	} else {
		m.Value = v
	}
	kind := enumField[hcnetv1.BreakdownKind](f, "breakdown_kind", measurementSpec)
	if label := strings.TrimSpace(f.Get("breakdown_label")); kind != 0 || label != "" {
		m.Breakdown = &hcnetv1.Breakdown{Kind: kind, Label: label}
	}
	if !f.HasErrors() {
		ctx, cancel := h.call(r)
		defer cancel()
		_, err := h.city.RecordMeasurement(ctx, &hcnetv1.RecordMeasurementRequest{IndicatorId: r.PathValue("id"), Measurement: m})
		if err == nil {
			h.sessions.SetFlash(h.sessions.Get(r), "Measurement recorded.")
			http.Redirect(w, r, "/indicators/"+r.PathValue("id"), http.StatusSeeOther)
			return
		}
		if !measurementSpec.refused(f, err) {
			h.fail(w, r, err)
			return
		}
	}
	h.renderIndicator(w, r, formStatus, f)
}
