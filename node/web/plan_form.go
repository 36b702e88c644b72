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

// The health plan's own fields: its form and its deletion. Goals and
// actions live inside the plan but have forms of their own
// (plan_steps.go), so this form leaves them as they are.

var planSpec = formSpec{
	prefix: "health_plan",
	labels: map[string]string{
		"title": "Title", "description": "Description", "status": "Status", "visibility": "Visibility",
		"period_start_year": "First year", "period_end_year": "Last year",
		"adoption_body": "Decided by", "adoption_date": "Date of the decision", "adoption_reference": "Reference",
		"partnership_ids": "Partnerships", "phc_linked": "Primary health care",
		"phc_services": "Services involved", "phc_engagement": "How residents are engaged",
	},
	paths: map[string]string{
		"adoption.body": "adoption_body", "adoption.date": "adoption_date", "adoption.reference": "adoption_reference",
		"adoption": "adoption_date", "primary_health_care.services": "phc_services",
		"primary_health_care.engagement": "phc_engagement", "primary_health_care": "phc_linked",
	},
}

// planMask is every field the plan's form shows: saving it replaces them
// all, and never the goals and actions, which their own forms change.
var planMask = []string{"title", "description", "status", "period_start_year", "period_end_year", "adoption",
	"partnership_ids", "primary_health_care", "visibility"}

// planPartnerships says that partnerships a plan names go with it only as
// far as they may travel themselves (record's plan share).
const planPartnerships = "Partnerships the plan names go with it only where they may travel themselves."

// planDeletion is how the pages delete a plan: the node refuses while an
// indicator measures it, and the page lists those indicators.
func (h *Handler) planDeletion() deletion {
	return deletion{
		kind: record.KindHealthPlan, noun: "health plan", list: "/plans",
		load: func(ctx context.Context, tr *i18n.Translator, id string) (string, int64, hcnetv1.Visibility, error) {
			res, err := h.city.GetHealthPlan(ctx, &hcnetv1.GetHealthPlanRequest{Id: id})
			p := res.GetHealthPlan()
			return titleIn(tr, record.KindHealthPlan, p), p.GetVersion(), p.GetVisibility(), err
		},
		remove: func(ctx context.Context, id string, version int64) error {
			_, err := h.city.DeleteHealthPlan(ctx, &hcnetv1.DeleteHealthPlanRequest{Id: id, Version: version})
			return err
		},
		namedBy: func(ctx context.Context, tr *i18n.Translator, id string) ([]link, error) {
			return h.indicatorsOf(ctx, tr, id, "")
		},
	}
}

// indicatorsOf lists the indicators that measure the plan, or only its
// goal goalID when that is given, named in tr's language.
func (h *Handler) indicatorsOf(ctx context.Context, tr *i18n.Translator, planID, goalID string) ([]link, error) {
	inds, err := planIndicators(ctx, h.city, planID)
	if err != nil {
		return nil, err
	}
	var out []link
	for _, ind := range inds {
		if goalID == "" || ind.GetGoalId() == goalID {
			out = append(out, link{Href: "/indicators/" + ind.GetId(), Text: tr.T("Indicator “{{.Name}}”", "Name", titleIn(tr, record.KindIndicator, ind))})
		}
	}
	return out, nil
}

type planFormData struct {
	Form                   *webui.Form
	ID                     string
	Version                int64
	Wheres                 []where
	Carried                string
	Statuses, Partnerships []webui.Option
}

func (h *Handler) planForm(w http.ResponseWriter, r *http.Request) {
	h.openForm(w, r, formKind{
		defaults: url.Values{"visibility": {"network"}, "status": {"draft"}},
		load: func(ctx context.Context, id string) (url.Values, int64, error) {
			res, err := h.city.GetHealthPlan(ctx, &hcnetv1.GetHealthPlanRequest{Id: id})
			return planValues(res.GetHealthPlan()), res.GetHealthPlan().GetVersion(), err
		},
		render: h.renderPlanForm,
	})
}

func (h *Handler) renderPlanForm(w http.ResponseWriter, r *http.Request, code int, f *webui.Form, id string, version int64) {
	tr := h.tr(r)
	ctx, cancel := h.call(r)
	defer cancel()
	ps, err := allPartnerships(ctx, h.city)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := planFormData{
		Form: f, ID: id, Version: version, Carried: tr.T(planPartnerships),
		Wheres:   wheres(record.KindHealthPlan, carriedIn{}),
		Statuses: webui.EnumOptions(hcnetv1.PlanStatus(0).Descriptor()),
	}
	for _, p := range ps {
		d.Partnerships = append(d.Partnerships, webui.Option{Value: p.GetId(), Label: p.GetTitle()})
	}
	title := tr.T("New health plan")
	if id != "" {
		title = tr.T("Edit the health plan")
	}
	h.pages.Render(w, code, "plan_form", h.page(r, "/plans", title, d))
}

func (h *Handler) savePlan(w http.ResponseWriter, r *http.Request) {
	f, id, version := postedForm(r)
	p := &hcnetv1.HealthPlan{Id: id, Version: version}
	tr := h.tr(r)
	spec := specIn(planSpec, tr)
	readPlan(tr, f, p, spec)
	saveForm(h, w, r, formSave[*hcnetv1.HealthPlan]{
		f: f, id: id, version: version,
		create: func(ctx context.Context) (*hcnetv1.HealthPlan, error) {
			res, err := h.city.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: p})
			return res.GetHealthPlan(), err
		},
		update: func(ctx context.Context) (*hcnetv1.HealthPlan, error) {
			res, err := h.city.UpdateHealthPlan(ctx, &hcnetv1.UpdateHealthPlanRequest{HealthPlan: p, UpdateMask: &fieldmaskpb.FieldMask{Paths: planMask}})
			return res.GetHealthPlan(), err
		},
		saved: func(saved *hcnetv1.HealthPlan, created bool) (string, string) {
			msg := tr.T("Health plan “{{.Title}}” saved.", "Title", saved.GetTitle())
			if created {
				msg += " " + tr.T("Add its goals and actions below.")
			}
			return msg, "/plans/" + saved.GetId()
		},
		refused: spec.refused,
		render:  h.renderPlanForm,
	})
}

// readPlan copies the form into p; only what cannot be sent (a word where
// a year goes, a value outside the vocabulary) is checked here, and said
// in tr's language with spec's labels.
func readPlan(tr *i18n.Translator, f *webui.Form, p *hcnetv1.HealthPlan, spec formSpec) {
	p.Title = strings.TrimSpace(f.Get("title"))
	p.Description = strings.TrimSpace(f.Get("description"))
	p.Status = enumField[hcnetv1.PlanStatus](f, "status", spec)
	p.Visibility = enumField[hcnetv1.Visibility](f, "visibility", spec)
	p.PeriodStartYear = yearField(tr, f, "period_start_year", spec)
	p.PeriodEndYear = yearField(tr, f, "period_end_year", spec)
	a := &hcnetv1.AdoptionDecision{
		Body:      strings.TrimSpace(f.Get("adoption_body")),
		Date:      strings.TrimSpace(f.Get("adoption_date")),
		Reference: strings.TrimSpace(f.Get("adoption_reference")),
	}
	if a.Body != "" || a.Date != "" || a.Reference != "" {
		p.Adoption = a
	}
	p.PartnershipIds = f.Values["partnership_ids"]
	phc := &hcnetv1.PrimaryHealthCareLink{
		Linked:     f.Has("phc_linked", "yes"),
		Services:   webui.Lines(f.Get("phc_services")),
		Engagement: strings.TrimSpace(f.Get("phc_engagement")),
	}
	if phc.Linked || len(phc.Services) > 0 || phc.Engagement != "" {
		p.PrimaryHealthCare = phc
	}
}

// yearField reads a year; empty is 0, which the node judges.
func yearField(tr *i18n.Translator, f *webui.Form, name string, s formSpec) int32 {
	raw := strings.TrimSpace(f.Get(name))
	if raw == "" {
		return 0
	}
	y, err := strconv.ParseInt(raw, 10, 32)
	if err != nil {
		f.Add(name, s.labels[name], tr.T("must be a year, like 2030"))
	}
	return int32(y)
}

// planValues fills the form from a stored plan.
func planValues(p *hcnetv1.HealthPlan) url.Values {
	a, phc := p.GetAdoption(), p.GetPrimaryHealthCare()
	v := url.Values{
		"title": {p.GetTitle()}, "description": {p.GetDescription()}, "status": {record.ShortName(p.GetStatus())},
		"visibility":        {record.ShortName(p.GetVisibility())},
		"period_start_year": {year(p.GetPeriodStartYear())}, "period_end_year": {year(p.GetPeriodEndYear())},
		"adoption_body": {a.GetBody()}, "adoption_date": {a.GetDate()}, "adoption_reference": {a.GetReference()},
		"partnership_ids": p.GetPartnershipIds(),
		"phc_services":    {strings.Join(phc.GetServices(), "\n")}, "phc_engagement": {phc.GetEngagement()},
	}
	if phc.GetLinked() {
		v.Set("phc_linked", "yes")
	}
	return v
}
