package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

var partnershipSpec = formSpec{
	prefix: "partnership",
	labels: map[string]string{
		"title": "Title", "description": "Description", "visibility": "Visibility", "level": "Level",
		"status": "Status", "partners": "Partners", "sectors": "Sectors", "settings": "Settings",
		"hot_local_issue": "Hot local issue", "mechanisms": "Key mechanisms", "sdg_goals": "SDG goals",
		"sdg_targets": "SDG targets", "equity_groups": "Groups reached", "start_date": "Start date", "end_date": "End date",
		"six_ps": "The 6 Ps", "phc_linked": "Link to primary health care",
		"phc_services": "Primary health care and local services", "phc_engagement": "How residents take part in decisions",
		"participatory_platform": "Participatory platform", "funding_sources": "Funding sources", "decision_makers": "Decision makers",
	},
	paths: map[string]string{"sdg.goals": "sdg_goals", "sdg.targets": "sdg_targets", "sdg": "sdg_goals",
		"primary_health_care": "phc_linked", "primary_health_care.engagement": "phc_engagement", "primary_health_care.services": "phc_services"},
	rows: map[string]string{"funding_sources[]": "funding_sources",
		"decision_makers[]": "decision_makers", "primary_health_care.services[]": "phc_services"},
}

// The lists the form edits as rows. Partners are not among them: every
// partner on the node is a checkbox with its role beside it.
var (
	fundingRows     = rowGroup{"funding_sources"}
	decisionRows    = rowGroup{"decision_makers"}
	phcServicesRows = rowGroup{"phc_services"}
)

// partnershipMask is what the form has always edited: saving replaces it.
var partnershipMask = []string{"title", "description", "visibility", "level", "status", "partners", "sectors", "settings",
	"hot_local_issue", "mechanisms", "sdg", "equity_groups", "start_date", "end_date"}

// partnershipLater are the fields the form edits besides, each with the
// input that carries it. They are replaced only when a post carries that
// input (the form always does), so a post from a page opened before the
// form had them, or from a script that knows only the earlier fields,
// leaves them as they are. So does a post without a ticked partner's
// role input (role_ID) for that partner's role.
var partnershipLater = []struct{ field, input string }{
	{"six_ps", "six_ps"}, {"primary_health_care", "phc_linked"}, {"participatory_platform", "participatory_platform"},
	{"funding_sources", "funding_sources"}, {"decision_makers", "decision_makers"},
}

type partnershipFormData struct {
	Form     *webui.Form
	ID       string
	Version  int64
	Partners []webui.Option
	// Wheres say where the record goes with each visibility.
	Wheres                        []where
	Levels, Statuses              []webui.Option
	Sectors, Settings, Mechanisms []webui.Option
	SixPs                         []webui.Option
	// PHCLinked is the one checkbox saying the work is linked to
	// primary health care.
	PHCLinked []webui.Option
	// Members are the node's partners, each ticked or not, with its role.
	Members []member
	// The lists edited as rows.
	Funding, DecisionMakers, PHCServices rowsField
	// History is the record's, on the edit page.
	History *history
}

func (h *Handler) partnershipForm(w http.ResponseWriter, r *http.Request) {
	h.openForm(w, r, formKind{
		defaults: url.Values{"visibility": {"network"}, "status": {"active"}},
		load: func(ctx context.Context, id string) (url.Values, int64, error) {
			res, err := h.city.GetPartnership(ctx, &hcnetv1.GetPartnershipRequest{Id: id})
			return partnershipValues(res.GetPartnership()), res.GetPartnership().GetVersion(), err
		},
		render: h.renderPartnershipForm,
	})
}

func (h *Handler) renderPartnershipForm(w http.ResponseWriter, r *http.Request, code int, f *webui.Form, id string, version int64) {
	ctx, cancel := h.call(r)
	defer cancel()
	partners, err := allPartners(ctx, h.city)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	tr := h.tr(r)
	d := partnershipFormData{
		Form: f, ID: id, Version: version, Wheres: wheres(record.KindPartnership, carriedIn{}),
		Levels:     webui.EnumOptions(hcnetv1.PartnershipLevel(0).Descriptor()),
		Statuses:   webui.EnumOptions(hcnetv1.PartnershipStatus(0).Descriptor()),
		Sectors:    webui.EnumOptions(hcnetv1.Sector(0).Descriptor()),
		Settings:   webui.EnumOptions(hcnetv1.Setting(0).Descriptor()),
		Mechanisms: webui.EnumOptions(hcnetv1.Mechanism(0).Descriptor()),
		SixPs:      webui.EnumOptions(hcnetv1.SixP(0).Descriptor()),
		PHCLinked:  []webui.Option{{Value: "yes", Label: tr.T("The partnership is linked to primary health care")}},
	}
	for _, p := range partners {
		d.Partners = append(d.Partners, webui.Option{Value: p.GetId(), Label: p.GetOrganisation() + " (" + termOf(tr, p.GetSector()) + ")"})
	}
	for _, o := range d.Partners {
		d.Members = append(d.Members, member{ID: o.Value, Label: o.Label, Ticked: f.Has("partners", o.Value),
			Role: f.Get(roleInput(o.Value)), RoleInput: roleInput(o.Value)})
	}
	d.Funding = rowsField{Name: "funding_sources", Label: tr.T("Funding sources"), Add: tr.T("Add another funding source"),
		Hint: tr.T("One source a row: the city's public health budget, a regional grant, an EU programme…"),
		Rows: rows(f, fundingRows, []string{tr.T("Funding source")}, nil)}
	d.DecisionMakers = rowsField{Name: "decision_makers", Label: tr.T("Decision makers involved"), Add: tr.T("Add another decision maker"),
		Hint: tr.T("Decision makers of the community who take part: the city council, a school board…"),
		Rows: rows(f, decisionRows, []string{tr.T("Decision maker")}, nil)}
	d.PHCServices = rowsField{Name: "phc_services", Label: tr.T("Primary health care and local services involved"), Add: tr.T("Add another service"),
		Rows: rows(f, phcServicesRows, []string{tr.T("Service")}, nil)}
	relabel(tr, f, partnershipSpec, func(in string) string {
		if strings.HasPrefix(in, "role_") {
			return tr.T("Role")
		}
		return ""
	})
	title := tr.T("New partnership")
	if id != "" {
		title = tr.T("Edit partnership")
		hist := h.history(r, record.KindPartnership, id)
		d.History = &hist
	}
	h.pages.Render(w, code, "partnership_form", h.page(r, "/", title, d))
}

func (h *Handler) savePartnership(w http.ResponseWriter, r *http.Request) {
	f, id, version := postedForm(r)
	if rowsPressed(f, fundingRows, decisionRows, phcServicesRows) {
		h.renderPartnershipForm(w, r, http.StatusOK, f, id, version)
		return
	}
	p := &hcnetv1.Partnership{Id: id, Version: version}
	ctx, cancel := h.call(r)
	defer cancel()
	// A ticked partner whose role the post does not carry keeps its role.
	roles := map[string]string{}
	if id != "" {
		cur, err := h.city.GetPartnership(ctx, &hcnetv1.GetPartnershipRequest{Id: id})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, m := range cur.GetPartnership().GetPartners() {
			roles[m.GetPartnerId()] = m.GetRole()
		}
	}
	tr := h.tr(r)
	readMembers(tr, f, p, roles)
	readPartnership(tr, f, p)
	saveForm(h, w, r, formSave[*hcnetv1.Partnership]{
		f: f, id: id, version: version,
		create: func(ctx context.Context) (*hcnetv1.Partnership, error) {
			res, err := h.city.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: p})
			return res.GetPartnership(), err
		},
		update: func(ctx context.Context) (*hcnetv1.Partnership, error) {
			mask := slices.Clone(partnershipMask)
			for _, l := range partnershipLater {
				if f.Values.Has(l.input) {
					mask = append(mask, l.field)
				}
			}
			res, err := h.city.UpdatePartnership(ctx, &hcnetv1.UpdatePartnershipRequest{Partnership: p, UpdateMask: &fieldmaskpb.FieldMask{Paths: mask}})
			return res.GetPartnership(), err
		},
		saved: func(saved *hcnetv1.Partnership, created bool) (string, string) {
			// A new partnership is shown among the others; an edited one
			// on its own page, where the change can be checked.
			to := "/partnerships/" + saved.GetId()
			if created {
				to = "/#partnerships"
			}
			return tr.T("Partnership “{{.Title}}” saved.", "Title", saved.GetTitle()), to
		},
		refused: func(f *webui.Form, err error) bool { return partnershipRefused(tr, f, p, err) },
		render:  h.renderPartnershipForm,
	})
}

// member is a partner of the node as the form shows it: ticked when it
// takes part, with the role it plays.
type member struct {
	ID, Label, Role, RoleInput string
	Ticked                     bool
}

// roleInput is the input of a partner's role.
func roleInput(partnerID string) string { return "role_" + partnerID }

// readMembers reads the ticked partners with their roles; kept are the
// roles stored, for a post that carries none. A role typed for a
// partner left unticked would be lost, so it is refused.
func readMembers(tr *i18n.Translator, f *webui.Form, p *hcnetv1.Partnership, kept map[string]string) {
	for _, pid := range f.Values["partners"] {
		role, ok := kept[pid], f.Values.Has(roleInput(pid))
		if ok {
			role = strings.TrimSpace(f.Get(roleInput(pid)))
		}
		p.Partners = append(p.Partners, &hcnetv1.PartnershipMember{PartnerId: pid, Role: role})
	}
	for name := range f.Values {
		pid, ok := strings.CutPrefix(name, "role_")
		if ok && strings.TrimSpace(f.Get(name)) != "" && !f.Has("partners", pid) {
			f.Add(name, tr.T("Role"), tr.T("tick the partner too, or clear its role: only partners that take part have a role"))
		}
	}
}

// partnershipRefused is formSpec.refused with a partner's violations
// ("partners[1].role") put next to that partner's inputs, said in tr's
// language.
func partnershipRefused(tr *i18n.Translator, f *webui.Form, p *hcnetv1.Partnership, err error) bool {
	spec := specIn(partnershipSpec, tr)
	vs, _, ok := webui.Refusals(err)
	if !ok || len(vs) == 0 {
		return spec.refused(f, err)
	}
	for _, v := range vs {
		path := strings.TrimPrefix(v.Field, "partnership.")
		var i int
		var rest string
		if n, _ := fmt.Sscanf(path, "partners[%d]%s", &i, &rest); n >= 1 && i >= 0 && i < len(p.GetPartners()) {
			in, label := "partners", partnershipSpec.labels["partners"]
			if rest == ".role" {
				in, label = roleInput(p.GetPartners()[i].GetPartnerId()), "Role"
			}
			f.Add(in, label, spec.said(v))
			continue
		}
		if in := spec.input(path); in != "" {
			f.Add(in, spec.label(in), spec.said(v))
		} else {
			f.Add("", "", v.Field+": "+spec.said(v))
		}
	}
	return true
}

// readPartnership copies the form into p. Only what the API cannot be
// sent (a word where a number goes, a value outside the vocabulary) is
// checked here; everything else is the API's to judge.
func readPartnership(tr *i18n.Translator, f *webui.Form, p *hcnetv1.Partnership) {
	p.Title = strings.TrimSpace(f.Get("title"))
	p.Description = strings.TrimSpace(f.Get("description"))
	p.HotLocalIssue = strings.TrimSpace(f.Get("hot_local_issue"))
	p.StartDate = strings.TrimSpace(f.Get("start_date"))
	p.EndDate = strings.TrimSpace(f.Get("end_date"))
	p.EquityGroups = webui.Lines(f.Get("equity_groups"))
	p.Visibility = enumIn[hcnetv1.Visibility](tr, f, "visibility")
	p.Level = enumIn[hcnetv1.PartnershipLevel](tr, f, "level")
	p.Status = enumIn[hcnetv1.PartnershipStatus](tr, f, "status")
	p.Sectors = enumsIn[hcnetv1.Sector](tr, f, "sectors")
	p.Settings = enumsIn[hcnetv1.Setting](tr, f, "settings")
	p.Mechanisms = enumsIn[hcnetv1.Mechanism](tr, f, "mechanisms")
	p.Sdg = sdgIn(tr, f)
	p.SixPs = enumsIn[hcnetv1.SixP](tr, f, "six_ps")
	p.ParticipatoryPlatform = strings.TrimSpace(f.Get("participatory_platform"))
	for _, g := range []rowGroup{fundingRows, decisionRows, phcServicesRows} {
		g.compact(f)
	}
	p.FundingSources = rowValues(f, "funding_sources")
	p.DecisionMakers = rowValues(f, "decision_makers")
	phc := &hcnetv1.PrimaryHealthCareLink{
		Linked:     f.Has("phc_linked", "yes"),
		Services:   rowValues(f, "phc_services"),
		Engagement: strings.TrimSpace(f.Get("phc_engagement")),
	}
	if phc.Linked || len(phc.Services) > 0 || phc.Engagement != "" {
		p.PrimaryHealthCare = phc
	}
}

func enumField[E record.Enum](f *webui.Form, name string, s formSpec) E {
	e, err := record.ParseEnum[E](f.Get(name))
	if err != nil {
		f.Add(name, s.labels[name], err.Error())
	}
	return e
}

// sdgField reads goals ("3, 11") and targets ("3.4, 11.7"), saying what
// is wrong in tr's language next to spec's label.
func sdgField(tr *i18n.Translator, f *webui.Form, s formSpec) *hcnetv1.SdgTags {
	t := &hcnetv1.SdgTags{Targets: webui.List(f.Get("sdg_targets"))}
	for _, g := range webui.List(f.Get("sdg_goals")) {
		n, err := strconv.Atoi(g)
		if err != nil {
			f.Add("sdg_goals", s.labels["sdg_goals"], tr.T("must be goal numbers from 1 to 17, separated by commas ({{.Value}} is not a number)", "Value", strconv.Quote(g)))
			continue
		}
		t.Goals = append(t.Goals, int32(n))
	}
	if len(t.Goals) == 0 && len(t.Targets) == 0 {
		return nil
	}
	return t
}

func sdgValues(v url.Values, t *hcnetv1.SdgTags) {
	var goals []string
	for _, g := range t.GetGoals() {
		goals = append(goals, strconv.Itoa(int(g)))
	}
	v.Set("sdg_goals", strings.Join(goals, ", "))
	v.Set("sdg_targets", strings.Join(t.GetTargets(), ", "))
}

// partnershipValues fills the form from a stored partnership.
func partnershipValues(p *hcnetv1.Partnership) url.Values {
	v := url.Values{
		"title": {p.GetTitle()}, "description": {p.GetDescription()}, "hot_local_issue": {p.GetHotLocalIssue()},
		"start_date": {p.GetStartDate()}, "end_date": {p.GetEndDate()},
		"equity_groups": {strings.Join(p.GetEquityGroups(), "\n")},
		"visibility":    {record.ShortName(p.GetVisibility())}, "level": {record.ShortName(p.GetLevel())},
		"status":     {record.ShortName(p.GetStatus())},
		"sectors":    record.ShortNamesOf(p.GetSectors()),
		"settings":   record.ShortNamesOf(p.GetSettings()),
		"mechanisms": record.ShortNamesOf(p.GetMechanisms()),
	}
	for _, m := range p.GetPartners() {
		v.Add("partners", m.GetPartnerId())
		v.Set(roleInput(m.GetPartnerId()), m.GetRole())
	}
	sdgValues(v, p.GetSdg())
	v["six_ps"] = record.ShortNamesOf(p.GetSixPs())
	v.Set("participatory_platform", p.GetParticipatoryPlatform())
	v["funding_sources"] = p.GetFundingSources()
	v["decision_makers"] = p.GetDecisionMakers()
	phc := p.GetPrimaryHealthCare()
	if phc.GetLinked() {
		v.Set("phc_linked", "yes")
	}
	v["phc_services"] = phc.GetServices()
	v.Set("phc_engagement", phc.GetEngagement())
	return v
}
