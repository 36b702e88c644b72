package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

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
	},
	paths: map[string]string{"sdg.goals": "sdg_goals", "sdg.targets": "sdg_targets", "sdg": "sdg_goals"},
}

// partnershipMask is what the form edits; fields it does not show (6 Ps,
// primary health care, funding) are left as they are.
var partnershipMask = []string{"title", "description", "visibility", "level", "status", "partners", "sectors", "settings",
	"hot_local_issue", "mechanisms", "sdg", "equity_groups", "start_date", "end_date"}

type partnershipFormData struct {
	Form                           *webui.Form
	ID                             string
	Version                        int64
	Partners                       []webui.Option
	Visibilities, Levels, Statuses []webui.Option
	Sectors, Settings, Mechanisms  []webui.Option
	// History is the record's, on the edit page.
	History *history
}

func (h *Handler) partnershipForm(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ctx, cancel := h.call(r)
	defer cancel()
	f := webui.NewForm(url.Values{"visibility": {"network"}, "status": {"active"}})
	var version int64
	if id != "" {
		res, err := h.city.GetPartnership(ctx, &hcnetv1.GetPartnershipRequest{Id: id})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		f = webui.NewForm(partnershipValues(res.GetPartnership()))
		version = res.GetPartnership().GetVersion()
	}
	h.renderPartnershipForm(w, r, http.StatusOK, f, id, version)
}

func (h *Handler) renderPartnershipForm(w http.ResponseWriter, r *http.Request, code int, f *webui.Form, id string, version int64) {
	ctx, cancel := h.call(r)
	defer cancel()
	partners, err := allPartners(ctx, h.city)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := partnershipFormData{
		Form: f, ID: id, Version: version,
		Visibilities: webui.EnumOptions(hcnetv1.Visibility(0).Descriptor()),
		Levels:       webui.EnumOptions(hcnetv1.PartnershipLevel(0).Descriptor()),
		Statuses:     webui.EnumOptions(hcnetv1.PartnershipStatus(0).Descriptor()),
		Sectors:      webui.EnumOptions(hcnetv1.Sector(0).Descriptor()),
		Settings:     webui.EnumOptions(hcnetv1.Setting(0).Descriptor()),
		Mechanisms:   webui.EnumOptions(hcnetv1.Mechanism(0).Descriptor()),
	}
	for _, p := range partners {
		d.Partners = append(d.Partners, webui.Option{Value: p.GetId(), Label: p.GetOrganisation() + " (" + webui.Words(record.ShortName(p.GetSector())) + ")"})
	}
	title := "New partnership"
	if id != "" {
		title = "Edit partnership"
		hist := h.history(r, record.KindPartnership, id)
		d.History = &hist
	}
	h.pages.Render(w, code, "partnership_form", h.page(r, "/", title, d))
}

func (h *Handler) savePartnership(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	f := webui.NewForm(r.PostForm)
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	p := &hcnetv1.Partnership{Id: id, Version: version}
	ctx, cancel := h.call(r)
	defer cancel()
	if id != "" {
		// Keep the roles partners already have.
		cur, err := h.city.GetPartnership(ctx, &hcnetv1.GetPartnershipRequest{Id: id})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		roles := map[string]string{}
		for _, m := range cur.GetPartnership().GetPartners() {
			roles[m.GetPartnerId()] = m.GetRole()
		}
		for _, pid := range f.Values["partners"] {
			p.Partners = append(p.Partners, &hcnetv1.PartnershipMember{PartnerId: pid, Role: roles[pid]})
		}
	} else {
		for _, pid := range f.Values["partners"] {
			p.Partners = append(p.Partners, &hcnetv1.PartnershipMember{PartnerId: pid})
		}
	}
	readPartnership(f, p)
	if !f.HasErrors() {
		var err error
		var saved *hcnetv1.Partnership
		if id == "" {
			var res *hcnetv1.CreatePartnershipResponse
			if res, err = h.city.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: p}); err == nil {
				saved = res.GetPartnership()
			}
		} else {
			var res *hcnetv1.UpdatePartnershipResponse
			if res, err = h.city.UpdatePartnership(ctx, &hcnetv1.UpdatePartnershipRequest{Partnership: p, UpdateMask: &fieldmaskpb.FieldMask{Paths: partnershipMask}}); err == nil {
				saved = res.GetPartnership()
			}
		}
		if err == nil {
			h.sessions.SetFlash(h.sessions.Get(r), "Partnership “"+saved.GetTitle()+"” saved.")
			http.Redirect(w, r, "/#partnerships", http.StatusSeeOther)
			return
		}
		if !partnershipSpec.refused(f, err) {
			h.fail(w, r, err)
			return
		}
	}
	h.renderPartnershipForm(w, r, formStatus, f, id, version)
}

// readPartnership copies the form into p. Only what the API cannot be
// sent (a word where a number goes, a value outside the vocabulary) is
// checked here; everything else is the API's to judge.
func readPartnership(f *webui.Form, p *hcnetv1.Partnership) {
	p.Title = strings.TrimSpace(f.Get("title"))
	p.Description = strings.TrimSpace(f.Get("description"))
	p.HotLocalIssue = strings.TrimSpace(f.Get("hot_local_issue"))
	p.StartDate = strings.TrimSpace(f.Get("start_date"))
	p.EndDate = strings.TrimSpace(f.Get("end_date"))
	p.EquityGroups = webui.Lines(f.Get("equity_groups"))
	p.Visibility = enumField[hcnetv1.Visibility](f, "visibility", partnershipSpec)
	p.Level = enumField[hcnetv1.PartnershipLevel](f, "level", partnershipSpec)
	p.Status = enumField[hcnetv1.PartnershipStatus](f, "status", partnershipSpec)
	p.Sectors = enumsField[hcnetv1.Sector](f, "sectors", partnershipSpec)
	p.Settings = enumsField[hcnetv1.Setting](f, "settings", partnershipSpec)
	p.Mechanisms = enumsField[hcnetv1.Mechanism](f, "mechanisms", partnershipSpec)
	p.Sdg = sdgField(f, partnershipSpec)
}

func enumField[E record.Enum](f *webui.Form, name string, s formSpec) E {
	e, err := record.ParseEnum[E](f.Get(name))
	if err != nil {
		f.Add(name, s.labels[name], err.Error())
	}
	return e
}

func enumsField[E record.Enum](f *webui.Form, name string, s formSpec) []E {
	es, err := record.ParseEnums[E](f.Values[name])
	if err != nil {
		f.Add(name, s.labels[name], err.Error())
	}
	return es
}

// sdgField reads goals ("3, 11") and targets ("3.4, 11.7").
func sdgField(f *webui.Form, s formSpec) *hcnetv1.SdgTags {
	t := &hcnetv1.SdgTags{Targets: webui.List(f.Get("sdg_targets"))}
	for _, g := range webui.List(f.Get("sdg_goals")) {
		n, err := strconv.Atoi(g)
		if err != nil {
			f.Add("sdg_goals", s.labels["sdg_goals"], "must be goal numbers from 1 to 17, separated by commas ("+strconv.Quote(g)+" is not a number)")
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
	}
	sdgValues(v, p.GetSdg())
	return v
}
