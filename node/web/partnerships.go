package web

import (
	"context"
	"net/http"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// The partnership pages besides its form (partnership_form.go): the
// list, a partnership's own page with every field and its history, and
// the delete, which the node refuses while a plan, practice or success
// names the partnership.

func (h *Handler) partnershipDeletion() deletion {
	return deletion{
		kind: record.KindPartnership, noun: "partnership", list: "/partnerships",
		load: func(ctx context.Context, tr *i18n.Translator, id string) (string, int64, hcnetv1.Visibility, error) {
			res, err := h.city.GetPartnership(ctx, &hcnetv1.GetPartnershipRequest{Id: id})
			p := res.GetPartnership()
			return titleIn(tr, record.KindPartnership, p), p.GetVersion(), p.GetVisibility(), err
		},
		remove: func(ctx context.Context, id string, version int64) error {
			_, err := h.city.DeletePartnership(ctx, &hcnetv1.DeletePartnershipRequest{Id: id, Version: version})
			return err
		},
		namedBy: h.recordsNamingIn,
	}
}

func (h *Handler) partnerships(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	ps, err := allPartnerships(ctx, h.city)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	tr := h.tr(r)
	d := listPage{
		Noun: tr.T("partnership"), Plural: tr.T("partnerships"), New: "/partnerships/new", AddLabel: tr.T("Add a partnership"),
		Download: "/spreadsheets/partnerships.csv", Upload: "/spreadsheets/partnerships/upload",
		Lead:    tr.T("The city's partnerships for health. The dashboard counts them by sector, level, mechanism and status."),
		Columns: []string{tr.T("Title"), tr.T("Level"), tr.T("Status"), tr.T("Partners"), tr.T("Visibility")},
	}
	for _, p := range ps {
		d.Rows = append(d.Rows, listRow{Href: "/partnerships/" + p.GetId(), Title: p.GetTitle(), Cells: []string{
			termOf(tr, p.GetLevel()), termOf(tr, p.GetStatus()),
			tr.Number(len(p.GetPartners())), termOf(tr, p.GetVisibility()),
		}})
	}
	h.pages.Render(w, http.StatusOK, "records", h.page(r, "/", tr.T("Partnerships"), d))
}

func (h *Handler) partnership(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	res, err := h.city.GetPartnership(ctx, &hcnetv1.GetPartnershipRequest{Id: r.PathValue("id")})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := res.GetPartnership()
	partners, err := allPartners(ctx, h.city)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	names := map[string]string{}
	for _, pa := range partners {
		names[pa.GetId()] = pa.GetOrganisation()
	}
	var members []link
	for _, m := range p.GetPartners() {
		text := names[m.GetPartnerId()]
		if m.GetRole() != "" {
			text += " — " + m.GetRole()
		}
		members = append(members, link{Href: "/partners/" + m.GetPartnerId(), Text: text})
	}
	tr := h.tr(r)
	phc := p.GetPrimaryHealthCare()
	linked := tr.T("no")
	if phc.GetLinked() {
		linked = tr.T("yes")
	}
	d := viewPage{
		Noun: tr.T("partnership"), Title: p.GetTitle(), Back: link{Href: "/partnerships", Text: tr.T("All partnerships")},
		Edit: "/partnerships/" + p.GetId() + "/edit", Delete: "/partnerships/" + p.GetId() + "/delete",
		Shared: sharedHref(record.KindPartnership, p.GetId()),
		Fields: []viewField{
			{Label: formLabel(tr, "Description"), Value: p.GetDescription()},
			{Label: tr.T("Level"), Value: termOf(tr, p.GetLevel())},
			{Label: tr.T("Status"), Value: termOf(tr, p.GetStatus())},
			{Label: tr.T("Dates"), Value: period(tr, p.GetStartDate(), p.GetEndDate())},
			{Label: tr.T("Visibility"), Value: termOf(tr, p.GetVisibility())},
			{Label: tr.T("Partners and roles"), Items: members},
			{Label: tr.T("Participatory platform"), Value: p.GetParticipatoryPlatform()},
			{Label: tr.T("Decision makers involved"), Items: texts(p.GetDecisionMakers())},
			{Label: tr.T("Groups reached"), Items: texts(p.GetEquityGroups())},
			{Label: tr.T("Sectors"), Value: termsOf(tr, p.GetSectors())},
			{Label: tr.T("Settings"), Value: termsOf(tr, p.GetSettings())},
			{Label: tr.T("Hot local issue"), Value: p.GetHotLocalIssue()},
			{Label: tr.T("Key mechanisms"), Value: termsOf(tr, p.GetMechanisms())},
			{Label: tr.T("The 6 Ps"), Value: termsOf(tr, p.GetSixPs())},
			{Label: tr.T("SDG goals and targets"), Value: sdgLine(tr, p.GetSdg())},
			{Label: tr.T("Linked to primary health care"), Value: linked},
			{Label: tr.T("Primary health care and local services"), Items: texts(phc.GetServices())},
			{Label: tr.T("How residents take part in decisions"), Value: phc.GetEngagement()},
			{Label: tr.T("Funding sources"), Items: texts(p.GetFundingSources())},
			{Label: tr.T("Version"), Value: tr.Number(p.GetVersion())},
		},
	}
	d.Where = whereIs(tr, record.KindPartnership, tr.T("partnership"), p.GetVisibility(), carriedIn{})
	if d.NamedBy, err = h.recordsNamingIn(ctx, tr, p.GetId()); err != nil {
		h.fail(w, r, err)
		return
	}
	hist := h.history(r, record.KindPartnership, p.GetId())
	d.History = &hist
	d.Texts = textsOf(tr, record.KindPartnership, p)
	h.pages.Render(w, http.StatusOK, "record", h.page(r, "/", p.GetTitle(), d))
}

// texts are a list's items, none a link.
func texts(items []string) []link {
	var out []link
	for _, s := range items {
		out = append(out, link{Text: s})
	}
	return out
}
