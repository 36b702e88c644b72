package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// What is indicator-specific about the indicator pages: the list of every
// indicator of every plan, the form, and which practices name one. The
// indicator's own page, with its measurements, is in plans.go.

var indicatorSpec = formSpec{
	prefix: "indicator",
	labels: map[string]string{
		"plan_id": "Health plan", "goal_id": "Goal", "name": "Name", "description": "Description", "unit": "Unit",
		"direction": "Direction", "baseline": "Baseline", "baseline_date": "Baseline date", "target": "Target",
		"target_date": "Target date", "code": "Code", "sdg_goals": "SDG goals", "sdg_targets": "SDG targets", "visibility": "Visibility",
	},
	paths: map[string]string{"sdg.goals": "sdg_goals", "sdg.targets": "sdg_targets", "sdg": "sdg_goals"},
}

// indicatorMask is every field the form shows. Measurements are not in
// it: they are recorded one by one on the indicator's page, and saving
// the form keeps them.
var indicatorMask = []string{"plan_id", "goal_id", "name", "description", "unit", "direction", "baseline", "baseline_date",
	"target", "target_date", "code", "sdg", "visibility"}

// indicatorDeletion is how the pages delete an indicator: the node
// refuses while a practice names it among its results.
func (h *Handler) indicatorDeletion() deletion {
	return deletion{
		kind: record.KindIndicator, noun: "indicator", list: "/indicators",
		load: func(ctx context.Context, tr *i18n.Translator, id string) (string, int64, hcnetv1.Visibility, error) {
			res, err := h.city.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: id})
			i := res.GetIndicator()
			return titleIn(tr, record.KindIndicator, i), i.GetVersion(), i.GetVisibility(), err
		},
		remove: func(ctx context.Context, id string, version int64) error {
			_, err := h.city.DeleteIndicator(ctx, &hcnetv1.DeleteIndicatorRequest{Id: id, Version: version})
			return err
		},
		namedBy: h.practicesNaming,
	}
}

// practicesNaming lists the practices whose results name the indicator,
// in tr's language.
func (h *Handler) practicesNaming(ctx context.Context, tr *i18n.Translator, id string) ([]link, error) {
	ps, err := allPractices(ctx, h.city)
	if err != nil {
		return nil, err
	}
	var out []link
	for _, p := range ps {
		for _, ind := range p.GetIndicatorIds() {
			if ind == id {
				out = append(out, link{Href: "/practices/" + p.GetId() + "/edit", Text: tr.T("Practice “{{.Title}}”", "Title", titleIn(tr, record.KindPractice, p))})
				break
			}
		}
	}
	return out, nil
}

// goalTitle is how a page names a plan's goal; a goal the plan no longer
// has shows its id.
func goalTitle(plan *hcnetv1.HealthPlan, goalID string) string {
	for _, g := range plan.GetGoals() {
		if g.GetId() == goalID {
			return g.GetTitle()
		}
	}
	return goalID
}

// number shows a measured number as typed, without trailing zeros.
func number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func (h *Handler) indicators(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	inds, err := allIndicators(ctx, h.city)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	plans, err := allPlans(ctx, h.city)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	byID := map[string]*hcnetv1.HealthPlan{}
	for _, p := range plans {
		byID[p.GetId()] = p
	}
	tr := h.tr(r)
	d := listPage{
		Noun: tr.T("indicator"), Plural: tr.T("indicators"), New: "/indicators/new", AddLabel: tr.T("Add an indicator"),
		Download: "/spreadsheets/measurements.csv", Upload: "/spreadsheets/measurements/upload",
		Lead:    tr.T("Every indicator of the city's health plans, with its baseline, target and latest value for the whole city."),
		Columns: []string{tr.T("Indicator"), tr.T("Plan"), tr.T("Goal"), tr.T("Baseline → target"), tr.T("Latest"), tr.T("Visibility")},
	}
	for _, i := range inds {
		plan := byID[i.GetPlanId()]
		d.Rows = append(d.Rows, listRow{Href: "/indicators/" + i.GetId(), Title: i.GetName(), Cells: []string{
			plan.GetTitle(), goalTitle(plan, i.GetGoalId()),
			tr.Number(i.GetBaseline()) + " → " + tr.Number(i.GetTarget()) + " " + i.GetUnit(),
			latestWhole(tr, i),
			termOf(tr, i.GetVisibility()),
		}})
	}
	h.pages.Render(w, http.StatusOK, "records", h.page(r, "/indicators", tr.T("Indicators"), d))
}

// latestWhole is the latest value for the whole city, with its date, in
// tr's language.
func latestWhole(tr *i18n.Translator, i *hcnetv1.Indicator) string {
	var last *hcnetv1.Measurement
	for _, m := range i.GetMeasurements() {
		if m.GetBreakdown().GetLabel() == "" && (last == nil || m.GetDate() >= last.GetDate()) {
			last = m
		}
	}
	if last == nil {
		return tr.T("none yet")
	}
	return tr.Number(last.GetValue()) + " " + i.GetUnit() + " (" + dayOf(tr, last.GetDate()) + ")"
}

// planGoals are a plan's goals as the goal select offers them: each
// option's value is "plan/goal", since goal ids repeat across plans.
type planGoals struct {
	Title string
	Goals []webui.Option
}

type indicatorFormData struct {
	Form              *webui.Form
	ID                string
	Version           int64
	Wheres            []where
	Plans, Directions []webui.Option
	Goals             []planGoals
	History           *history
}

func (h *Handler) indicatorForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	defaults := url.Values{"visibility": {"network"}, "plan_id": {q.Get("plan")}}
	// A plan's page links here from each goal, so the form opens with
	// the goal chosen as the goal select names it: plan/goal.
	if q.Get("plan") != "" && q.Get("goal") != "" {
		defaults.Set("goal_id", q.Get("plan")+"/"+q.Get("goal"))
	}
	h.openForm(w, r, formKind{
		defaults: defaults,
		load: func(ctx context.Context, id string) (url.Values, int64, error) {
			res, err := h.city.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: id})
			return indicatorValues(res.GetIndicator()), res.GetIndicator().GetVersion(), err
		},
		render: h.renderIndicatorForm,
	})
}

func (h *Handler) renderIndicatorForm(w http.ResponseWriter, r *http.Request, code int, f *webui.Form, id string, version int64) {
	ctx, cancel := h.call(r)
	defer cancel()
	plans, err := allPlans(ctx, h.city)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := indicatorFormData{
		Form: f, ID: id, Version: version,
		Wheres:     wheres(record.KindIndicator, carriedIn{}),
		Directions: webui.EnumOptions(hcnetv1.IndicatorDirection(0).Descriptor()),
	}
	for _, p := range plans {
		d.Plans = append(d.Plans, webui.Option{Value: p.GetId(), Label: p.GetTitle()})
		pg := planGoals{Title: p.GetTitle()}
		for _, g := range p.GetGoals() {
			pg.Goals = append(pg.Goals, webui.Option{Value: p.GetId() + "/" + g.GetId(), Label: g.GetTitle()})
		}
		d.Goals = append(d.Goals, pg)
	}
	tr := h.tr(r)
	title := tr.T("New indicator")
	if id != "" {
		title = tr.T("Edit indicator")
		hist := h.history(r, record.KindIndicator, id)
		d.History = &hist
	}
	h.pages.Render(w, code, "indicator_form", h.page(r, "/indicators", title, d))
}

func (h *Handler) saveIndicator(w http.ResponseWriter, r *http.Request) {
	f, id, version := postedForm(r)
	ind := &hcnetv1.Indicator{Id: id, Version: version}
	tr := h.tr(r)
	spec := specIn(indicatorSpec, tr)
	readIndicator(tr, f, ind, spec)
	saveForm(h, w, r, formSave[*hcnetv1.Indicator]{
		f: f, id: id, version: version,
		create: func(ctx context.Context) (*hcnetv1.Indicator, error) {
			res, err := h.city.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: ind})
			return res.GetIndicator(), err
		},
		update: func(ctx context.Context) (*hcnetv1.Indicator, error) {
			res, err := h.city.UpdateIndicator(ctx, &hcnetv1.UpdateIndicatorRequest{Indicator: ind, UpdateMask: &fieldmaskpb.FieldMask{Paths: indicatorMask}})
			return res.GetIndicator(), err
		},
		saved: func(saved *hcnetv1.Indicator, _ bool) (string, string) {
			return tr.T("Indicator “{{.Name}}” saved.", "Name", saved.GetName()), "/indicators/" + saved.GetId()
		},
		refused: spec.refused,
		render:  h.renderIndicatorForm,
	})
}

// readIndicator copies the form into ind. Numbers are read here, since a
// word cannot be sent where a number goes; the rest is the API's to judge.
// Problems are said in tr's language, with spec's labels.
func readIndicator(tr *i18n.Translator, f *webui.Form, ind *hcnetv1.Indicator, spec formSpec) {
	ind.PlanId = strings.TrimSpace(f.Get("plan_id"))
	if g := f.Get("goal_id"); g != "" {
		plan, goal, _ := strings.Cut(g, "/")
		if plan != ind.PlanId {
			f.Add("goal_id", spec.labels["goal_id"], tr.T("is a goal of another plan: choose one of the plan chosen above, or none"))
		}
		ind.GoalId = goal
	}
	ind.Name = strings.TrimSpace(f.Get("name"))
	ind.Description = strings.TrimSpace(f.Get("description"))
	ind.Unit = strings.TrimSpace(f.Get("unit"))
	ind.BaselineDate = strings.TrimSpace(f.Get("baseline_date"))
	ind.TargetDate = strings.TrimSpace(f.Get("target_date"))
	ind.Code = strings.TrimSpace(f.Get("code"))
	ind.Baseline = numberField(tr, f, "baseline", spec)
	ind.Target = numberField(tr, f, "target", spec)
	if f.Get("direction") != "" {
		ind.Direction = enumField[hcnetv1.IndicatorDirection](f, "direction", spec)
	}
	ind.Visibility = enumField[hcnetv1.Visibility](f, "visibility", spec)
	ind.Sdg = sdgField(tr, f, spec)
}

// numberField reads a required number; officers in much of Europe
// write 12,5.
func numberField(tr *i18n.Translator, f *webui.Form, name string, s formSpec) float64 {
	raw := strings.ReplaceAll(strings.TrimSpace(f.Get(name)), ",", ".")
	if raw == "" {
		// The example is written as the form accepts it, with the
		// language's decimal mark; a spreadsheet's cells, which take a
		// dot, say the same with 12.5.
		f.Add(name, s.labels[name], tr.T("is required: a number, like {{.Example}}", "Example", tr.Number(12.5)))
		return 0
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		f.Add(name, s.labels[name], tr.T("must be a number, like 12.5"))
	}
	return v
}

// indicatorValues fills the form from a stored indicator.
func indicatorValues(i *hcnetv1.Indicator) url.Values {
	v := url.Values{
		"plan_id": {i.GetPlanId()}, "name": {i.GetName()}, "description": {i.GetDescription()}, "unit": {i.GetUnit()},
		"baseline": {number(i.GetBaseline())}, "baseline_date": {i.GetBaselineDate()},
		"target": {number(i.GetTarget())}, "target_date": {i.GetTargetDate()}, "code": {i.GetCode()},
		"visibility": {record.ShortName(i.GetVisibility())},
	}
	if i.GetGoalId() != "" {
		v.Set("goal_id", i.GetPlanId()+"/"+i.GetGoalId())
	}
	if i.GetDirection() != 0 {
		v.Set("direction", record.ShortName(i.GetDirection()))
	}
	sdgValues(v, i.GetSdg())
	return v
}
