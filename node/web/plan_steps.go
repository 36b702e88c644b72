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
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// A plan's goals and actions are parts of the plan record, but an
// officer adds, edits and removes them one at a time, each with a form
// of its own. Every save sends the whole list back at the version the
// form was opened at, so a change someone made meanwhile is refused, not
// overwritten; a goal or action keeps its id through edits, since
// indicators and actions point at it.

// step is a goal or an action, for the forms and pages both share.
type step struct {
	// noun is "goal" or "action"; field is the plan's list ("goals").
	noun, field string
	// add, edit and remove are the English titles of its form and of its
	// removal page (Title the goal's or action's); saved, removed and
	// refused what its pages say, whole sentences each, since a noun
	// slotted into one sentence would not agree in every language.
	add, edit, remove, removed, refused string
	labels                              map[string]string
	// inputs maps a field of the step to its input, where they differ.
	inputs map[string]string
}

var goalStep = step{
	noun: "goal", field: "goals",
	add: "Add a goal", edit: "Edit the goal", remove: "Remove the goal “{{.Title}}”",
	removed: "The goal “{{.Title}}” was removed from the plan.",
	refused: "Nothing was removed: other records still point at this goal.",
	labels:  map[string]string{"title": "Title", "description": "Description", "sdg_goals": "SDG goals", "sdg_targets": "SDG targets"},
	inputs:  map[string]string{"sdg.goals": "sdg_goals", "sdg.targets": "sdg_targets", "sdg": "sdg_goals"},
}

var actionStep = step{
	noun: "action", field: "actions",
	add: "Add an action", edit: "Edit the action", remove: "Remove the action “{{.Title}}”",
	removed: "The action “{{.Title}}” was removed from the plan.",
	refused: "Nothing was removed: other records still point at this action.",
	labels:  map[string]string{"title": "Title", "goal_id": "Goal", "due_date": "Due date", "status": "Status", "partnership_id": "Partnership"},
}

// spec says where the node's violations for the step at index i go: a
// problem of another goal or action shows at the top of the form.
func (s step) spec(i int) formSpec {
	at := s.field + "[" + strconv.Itoa(i) + "]"
	fs := formSpec{prefix: "health_plan", labels: map[string]string{}, paths: map[string]string{}}
	for in, label := range s.labels {
		fs.labels[in] = label
		fs.paths[at+"."+in] = in
	}
	for field, in := range s.inputs {
		fs.paths[at+"."+field] = in
	}
	return fs
}

// save sends the plan's goals or actions as changed, at the version the
// form was opened at.
func (h *Handler) saveSteps(ctx context.Context, p *hcnetv1.HealthPlan, field string, version int64) (*hcnetv1.HealthPlan, error) {
	in := &hcnetv1.HealthPlan{Id: p.GetId(), Version: version, Goals: p.GetGoals(), Actions: p.GetActions()}
	res, err := h.city.UpdateHealthPlan(ctx, &hcnetv1.UpdateHealthPlanRequest{HealthPlan: in, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{field}}})
	return res.GetHealthPlan(), err
}

// loadStep reads the plan of the request and the index of the goal or
// action its path names: -1 for a new one; NotFound when the plan has no
// such goal or action.
func (h *Handler) loadStep(ctx context.Context, r *http.Request, s step) (*hcnetv1.HealthPlan, int, error) {
	res, err := h.city.GetHealthPlan(ctx, &hcnetv1.GetHealthPlanRequest{Id: r.PathValue("id")})
	if err != nil {
		return nil, 0, err
	}
	p := res.GetHealthPlan()
	id := r.PathValue(s.noun)
	if id == "" {
		return p, -1, nil
	}
	ids := idsOf(p.GetGoals())
	if s.noun == "action" {
		ids = idsOf(p.GetActions())
	}
	for i, have := range ids {
		if have == id {
			return p, i, nil
		}
	}
	return nil, 0, status.Errorf(codes.NotFound, "the plan has no %s %q", s.noun, id)
}

// idsOf are the goals' or actions' ids, in order.
func idsOf[T interface{ GetId() string }](steps []T) []string {
	var out []string
	for _, s := range steps {
		out = append(out, s.GetId())
	}
	return out
}

// stepAt is the goal or action at index i of list and i, or, for a new
// one (i < 0), fresh appended to the list and its index.
func stepAt[T any](list *[]T, i int, fresh T) (T, int) {
	if i < 0 {
		*list = append(*list, fresh)
		return fresh, len(*list) - 1
	}
	return (*list)[i], i
}

type stepFormData struct {
	Form    *webui.Form
	Plan    *hcnetv1.HealthPlan
	Action  string
	Version int64
	// The action form's choices.
	Goals, Statuses, Partnerships []webui.Option
}

func (h *Handler) goalForm(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	p, i, err := h.loadStep(ctx, r, goalStep)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := url.Values{}
	if i >= 0 {
		g := p.GetGoals()[i]
		v.Set("title", g.GetTitle())
		v.Set("description", g.GetDescription())
		sdgValues(v, g.GetSdg())
	}
	h.renderStepForm(w, r, http.StatusOK, goalStep, webui.NewForm(v), p, p.GetVersion())
}

func (h *Handler) saveGoal(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	p, i, err := h.loadStep(ctx, r, goalStep)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, _, version := postedForm(r)
	g, i := stepAt(&p.Goals, i, &hcnetv1.Goal{})
	tr := h.tr(r)
	spec := specIn(goalStep.spec(i), tr)
	g.Title = strings.TrimSpace(f.Get("title"))
	g.Description = strings.TrimSpace(f.Get("description"))
	g.Sdg = sdgField(tr, f, spec)
	h.saveStep(w, r, f, goalStep, spec, p, version, func(saved *hcnetv1.HealthPlan) string {
		return tr.T("Goal “{{.Title}}” saved.", "Title", saved.GetGoals()[i].GetTitle())
	})
}

func (h *Handler) actionForm(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	p, i, err := h.loadStep(ctx, r, actionStep)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// A goal on the plan's page links here with ?goal=, so the action
	// starts under that goal.
	v := url.Values{"status": {"planned"}, "goal_id": {r.URL.Query().Get("goal")}}
	if i >= 0 {
		v = actionValues(p.GetActions()[i])
	}
	h.renderStepForm(w, r, http.StatusOK, actionStep, webui.NewForm(v), p, p.GetVersion())
}

func actionValues(a *hcnetv1.Action) url.Values {
	return url.Values{
		"title": {a.GetTitle()}, "goal_id": {a.GetGoalId()}, "due_date": {a.GetDueDate()},
		"status": {record.ShortName(a.GetStatus())}, "partnership_id": {a.GetPartnershipId()},
	}
}

func (h *Handler) saveAction(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	p, i, err := h.loadStep(ctx, r, actionStep)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f, _, version := postedForm(r)
	a, i := stepAt(&p.Actions, i, &hcnetv1.Action{})
	tr := h.tr(r)
	spec := specIn(actionStep.spec(i), tr)
	a.Title = strings.TrimSpace(f.Get("title"))
	a.GoalId = f.Get("goal_id")
	a.DueDate = strings.TrimSpace(f.Get("due_date"))
	a.Status = enumField[hcnetv1.ActionStatus](f, "status", spec)
	a.PartnershipId = f.Get("partnership_id")
	h.saveStep(w, r, f, actionStep, spec, p, version, func(saved *hcnetv1.HealthPlan) string {
		return tr.T("Action “{{.Title}}” saved.", "Title", saved.GetActions()[i].GetTitle())
	})
}

// actionStatus changes one action's status from the plan's page. A
// refusal shows the action's own form with the problem next to its
// status, so the officer sees what they asked for and why it failed.
func (h *Handler) actionStatus(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	p, i, err := h.loadStep(ctx, r, actionStep)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if i < 0 {
		h.fail(w, r, status.Error(codes.NotFound, "no action named"))
		return
	}
	a := p.GetActions()[i]
	v := actionValues(a)
	v.Set("status", r.PostFormValue("status"))
	f := webui.NewForm(v)
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	tr := h.tr(r)
	spec := specIn(actionStep.spec(i), tr)
	a.Status = enumField[hcnetv1.ActionStatus](f, "status", spec)
	h.saveStep(w, r, f, actionStep, spec, p, version, func(saved *hcnetv1.HealthPlan) string {
		a := saved.GetActions()[i]
		return tr.T("Action “{{.Title}}” is now {{.Status}}.", "Title", a.GetTitle(), "Status", termOf(tr, a.GetStatus()))
	})
}

// saveStep saves the plan with its goal or action changed, saying what
// was done (said), or shows the form again with the problems next to
// their fields, nothing saved.
func (h *Handler) saveStep(w http.ResponseWriter, r *http.Request, f *webui.Form, s step, spec formSpec, p *hcnetv1.HealthPlan, version int64, said func(*hcnetv1.HealthPlan) string) {
	if !f.HasErrors() {
		ctx, cancel := h.call(r)
		defer cancel()
		saved, err := h.saveSteps(ctx, p, s.field, version)
		if err == nil {
			h.sessions.SetFlash(h.sessions.Get(r), said(saved))
			http.Redirect(w, r, "/plans/"+p.GetId()+"#"+s.field, http.StatusSeeOther)
			return
		}
		if !spec.refused(f, err) {
			h.fail(w, r, err)
			return
		}
	}
	h.renderStepForm(w, r, formStatus, s, f, p, version)
}

func (h *Handler) renderStepForm(w http.ResponseWriter, r *http.Request, code int, s step, f *webui.Form, p *hcnetv1.HealthPlan, version int64) {
	id := r.PathValue(s.noun)
	tr := h.tr(r)
	d := stepFormData{Form: f, Plan: p, Version: version, Action: "/plans/" + p.GetId() + "/" + s.field + "/new"}
	title := tr.T(s.add)
	if id != "" {
		d.Action = "/plans/" + p.GetId() + "/" + s.field + "/" + id + "/edit"
		title = tr.T(s.edit)
	}
	if s.noun == "action" {
		ctx, cancel := h.call(r)
		defer cancel()
		ps, err := allPartnerships(ctx, h.city)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, pp := range ps {
			d.Partnerships = append(d.Partnerships, webui.Option{Value: pp.GetId(), Label: pp.GetTitle()})
		}
		for _, g := range p.GetGoals() {
			if g.GetId() != "" {
				d.Goals = append(d.Goals, webui.Option{Value: g.GetId(), Label: g.GetTitle()})
			}
		}
		d.Statuses = webui.EnumOptions(hcnetv1.ActionStatus(0).Descriptor())
	}
	h.pages.Render(w, code, s.noun+"_form", h.page(r, "/plans", title, d))
}

// confirmRemoveStep shows what removing a goal or action does, or which
// records must stop pointing at the goal first.
func (h *Handler) confirmRemoveStep(s step) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h.renderRemoveStep(w, r, s, http.StatusOK, "")
	}
}

func (h *Handler) renderRemoveStep(w http.ResponseWriter, r *http.Request, s step, code int, problem string) {
	ctx, cancel := h.call(r)
	defer cancel()
	p, i, err := h.loadStep(ctx, r, s)
	if err == nil && i < 0 {
		err = status.Error(codes.NotFound, "no "+s.noun+" named")
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	id := r.PathValue(s.noun)
	tr := h.tr(r)
	title := stepTitle(p, s, i)
	d := deleteData{
		Noun: s.noun, Title: title, Version: p.GetVersion(), Problem: problem,
		Action: "/plans/" + p.GetId() + "/" + s.field + "/" + id + "/delete", Cancel: "/plans/" + p.GetId(),
		Gone: stepGone(tr, p),
	}
	if s.noun == "goal" {
		if d.NamedBy, err = h.namingGoal(ctx, tr, p, id); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.pages.Render(w, code, "delete", h.page(r, "/plans", tr.T(s.remove, "Title", title), d))
}

// stepTitle is the title of the plan's goal or action at index i.
func stepTitle(p *hcnetv1.HealthPlan, s step, i int) string {
	if s.noun == "goal" {
		return p.GetGoals()[i].GetTitle()
	}
	return p.GetActions()[i].GetTitle()
}

// namingGoal lists what points at a goal: the indicators measuring it,
// which the node refuses to leave without a goal, and the plan's actions
// serving it, which would point at nothing.
func (h *Handler) namingGoal(ctx context.Context, tr *i18n.Translator, p *hcnetv1.HealthPlan, goalID string) ([]link, error) {
	out, err := h.indicatorsOf(ctx, tr, p.GetId(), goalID)
	if err != nil {
		return nil, err
	}
	for _, a := range p.GetActions() {
		if a.GetGoalId() == goalID {
			out = append(out, link{Href: "/plans/" + p.GetId() + "/actions/" + a.GetId() + "/edit", Text: tr.T("Action “{{.Title}}”", "Title", a.GetTitle())})
		}
	}
	return out, nil
}

// stepGone says where removing a part of the plan is seen beyond the node.
func stepGone(tr *i18n.Translator, p *hcnetv1.HealthPlan) string {
	if p.GetVisibility() == hcnetv1.Visibility_VISIBILITY_PRIVATE {
		return tr.T("The plan is private, so nothing leaves this node.")
	}
	return tr.T("The plan's next version goes without it the way the plan went, so the hubs that have the plan drop it too.")
}

// removeStep removes a goal or action at the version the confirmation
// showed; a refusal brings the confirmation back saying why.
func (h *Handler) removeStep(s step) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := h.call(r)
		defer cancel()
		p, i, err := h.loadStep(ctx, r, s)
		if err == nil && i < 0 {
			err = status.Error(codes.NotFound, "no "+s.noun+" named")
		}
		if err != nil {
			h.fail(w, r, err)
			return
		}
		version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
		tr := h.tr(r)
		title := stepTitle(p, s, i)
		if s.noun == "goal" {
			p.Goals = append(p.Goals[:i], p.Goals[i+1:]...)
		} else {
			p.Actions = append(p.Actions[:i], p.Actions[i+1:]...)
		}
		_, err = h.saveSteps(ctx, p, s.field, version)
		if _, _, invalid := webui.Violations(err); invalid {
			h.renderRemoveStep(w, r, s, http.StatusConflict, tr.T(s.refused))
			return
		}
		switch status.Code(err) {
		case codes.OK:
			h.sessions.SetFlash(h.sessions.Get(r), tr.T(s.removed, "Title", title))
			http.Redirect(w, r, "/plans/"+p.GetId(), http.StatusSeeOther)
		case codes.Aborted:
			h.renderRemoveStep(w, r, s, http.StatusConflict, tr.T("Nothing was removed: someone changed the plan since you opened this page. Check it below, then confirm again."))
		default:
			h.fail(w, r, err)
		}
	}
}
