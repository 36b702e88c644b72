package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// What is partner-specific about the partner pages: its fields, its form,
// and which partnerships name it. The list, the record page, the delete
// confirmation and the visibility sentences are the pages every kind
// shares (record_pages.go, visibility.go).

var partnerSpec = formSpec{
	prefix: "partner",
	labels: map[string]string{
		"organisation": "Organisation", "kind": "Kind", "sector": "Sector", "description": "Description",
		"website": "Website", "visibility": "Visibility",
		"contact_name": "Contact's name", "contact_role": "Contact's role", "contact_email": "Contact's e-mail", "contact_phone": "Contact's phone",
	},
	paths: map[string]string{
		"contact.name": "contact_name", "contact.role": "contact_role", "contact.email": "contact_email", "contact.phone": "contact_phone",
		"contact": "contact_name",
	},
}

// partnerMask is every field the form shows, which is every field a
// person writes: saving the form replaces them all.
var partnerMask = []string{"organisation", "kind", "sector", "description", "website", "contact", "visibility"}

// partnerCarried is how partnerships carry a partner (record's
// sharePartnership): its organisation, kind and sector, else its role.
var partnerCarried = carriedIn{What: "its organisation, kind and sector", In: "partnerships", Otherwise: "only its role in them"}

// partnerDeletion is how the pages delete a partner: the node refuses
// while a partnership names it, and the page lists those partnerships.
func (h *Handler) partnerDeletion() deletion {
	return deletion{
		kind: record.KindPartner, noun: "partner", list: "/partners",
		load: func(ctx context.Context, tr *i18n.Translator, id string) (string, int64, hcnetv1.Visibility, error) {
			res, err := h.city.GetPartner(ctx, &hcnetv1.GetPartnerRequest{Id: id})
			p := res.GetPartner()
			return p.GetOrganisation(), p.GetVersion(), p.GetVisibility(), err
		},
		remove: func(ctx context.Context, id string, version int64) error {
			_, err := h.city.DeletePartner(ctx, &hcnetv1.DeletePartnerRequest{Id: id, Version: version})
			return err
		},
		namedBy: h.partnershipsNamingIn,
	}
}

// partnershipsNamingIn lists the partnerships that name the partner, in
// tr's language.
func (h *Handler) partnershipsNamingIn(ctx context.Context, tr *i18n.Translator, id string) ([]link, error) {
	ps, err := allPartnerships(ctx, h.city)
	if err != nil {
		return nil, err
	}
	var out []link
	for _, p := range ps {
		for _, m := range p.GetPartners() {
			if m.GetPartnerId() == id {
				out = append(out, link{Href: "/partnerships/" + p.GetId() + "/edit", Text: tr.T("Partnership “{{.Title}}”", "Title", titleIn(tr, record.KindPartnership, p))})
				break
			}
		}
	}
	return out, nil
}

func (h *Handler) partners(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	ps, err := allPartners(ctx, h.city)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	tr := h.tr(r)
	d := listPage{
		Noun: tr.T("partner"), Plural: tr.T("partners"), New: "/partners/new", AddLabel: tr.T("Add a partner"),
		Download: "/spreadsheets/partners.csv", Upload: "/spreadsheets/partners/upload",
		Lead:    tr.T("The organisations the city works with. Partnerships name them; their contacts never leave this node."),
		Columns: []string{tr.T("Organisation"), tr.T("Kind"), tr.T("Sector"), tr.T("Visibility")},
	}
	for _, p := range ps {
		d.Rows = append(d.Rows, listRow{Href: "/partners/" + p.GetId(), Title: p.GetOrganisation(), Cells: []string{
			termOf(tr, p.GetKind()), termOf(tr, p.GetSector()), termOf(tr, p.GetVisibility()),
		}})
	}
	h.pages.Render(w, http.StatusOK, "records", h.page(r, "/partners", tr.T("Partners"), d))
}

func (h *Handler) partner(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	res, err := h.city.GetPartner(ctx, &hcnetv1.GetPartnerRequest{Id: r.PathValue("id")})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := res.GetPartner()
	c := p.GetContact()
	tr := h.tr(r)
	d := viewPage{
		Noun: tr.T("partner"), Title: p.GetOrganisation(), Back: link{Href: "/partners", Text: tr.T("All partners")},
		Edit: "/partners/" + p.GetId() + "/edit", Delete: "/partners/" + p.GetId() + "/delete",
		Shared: sharedHref(record.KindPartner, p.GetId()),
		Fields: []viewField{
			{Label: tr.T("Kind"), Value: termOf(tr, p.GetKind())},
			{Label: tr.T("Sector"), Value: termOf(tr, p.GetSector())},
			{Label: formLabel(tr, "Description"), Value: p.GetDescription()},
			{Label: tr.T("Website"), Value: p.GetWebsite(), Href: p.GetWebsite()},
			{Label: tr.T("Visibility"), Value: termOf(tr, p.GetVisibility())},
			{Label: tr.T("Contact (private)"), Value: contactLine(c)},
			{Label: tr.T("Contact's e-mail"), Value: c.GetEmail(), Href: mailto(c.GetEmail())},
			{Label: tr.T("Contact's phone"), Value: c.GetPhone()},
			{Label: tr.T("Version"), Value: tr.Number(p.GetVersion())},
		},
	}
	d.Where = whereIs(tr, record.KindPartner, tr.T("partner"), p.GetVisibility(), partnerCarried)
	if d.NamedBy, err = h.partnershipsNamingIn(ctx, tr, p.GetId()); err != nil {
		h.fail(w, r, err)
		return
	}
	hist := h.history(r, record.KindPartner, p.GetId())
	d.History = &hist
	h.pages.Render(w, http.StatusOK, "record", h.page(r, "/partners", p.GetOrganisation(), d))
}

func contactLine(c *hcnetv1.Contact) string {
	if c.GetRole() == "" {
		return c.GetName()
	}
	if c.GetName() == "" {
		return c.GetRole()
	}
	return c.GetName() + ", " + c.GetRole()
}

func mailto(email string) string {
	if email == "" {
		return ""
	}
	return "mailto:" + email
}

type partnerFormData struct {
	Form           *webui.Form
	ID             string
	Version        int64
	Wheres         []where
	Kinds, Sectors []webui.Option
}

func (h *Handler) partnerForm(w http.ResponseWriter, r *http.Request) {
	h.openForm(w, r, formKind{
		defaults: url.Values{"visibility": {"network"}},
		load: func(ctx context.Context, id string) (url.Values, int64, error) {
			res, err := h.city.GetPartner(ctx, &hcnetv1.GetPartnerRequest{Id: id})
			return partnerValues(res.GetPartner()), res.GetPartner().GetVersion(), err
		},
		render: h.renderPartnerForm,
	})
}

func (h *Handler) renderPartnerForm(w http.ResponseWriter, r *http.Request, code int, f *webui.Form, id string, version int64) {
	d := partnerFormData{
		Form: f, ID: id, Version: version,
		Wheres:  wheres(record.KindPartner, partnerCarried),
		Kinds:   webui.EnumOptions(hcnetv1.PartnerKind(0).Descriptor()),
		Sectors: webui.EnumOptions(hcnetv1.Sector(0).Descriptor()),
	}
	tr := h.tr(r)
	relabel(tr, f, partnerSpec, nil)
	title := tr.T("New partner")
	if id != "" {
		title = tr.T("Edit partner")
	}
	h.pages.Render(w, code, "partner_form", h.page(r, "/partners", title, d))
}

func (h *Handler) savePartner(w http.ResponseWriter, r *http.Request) {
	f, id, version := postedForm(r)
	p := &hcnetv1.Partner{Id: id, Version: version}
	tr := h.tr(r)
	readPartner(tr, f, p)
	saveForm(h, w, r, formSave[*hcnetv1.Partner]{
		f: f, id: id, version: version,
		create: func(ctx context.Context) (*hcnetv1.Partner, error) {
			res, err := h.city.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: p})
			return res.GetPartner(), err
		},
		update: func(ctx context.Context) (*hcnetv1.Partner, error) {
			res, err := h.city.UpdatePartner(ctx, &hcnetv1.UpdatePartnerRequest{Partner: p, UpdateMask: &fieldmaskpb.FieldMask{Paths: partnerMask}})
			return res.GetPartner(), err
		},
		saved: func(saved *hcnetv1.Partner, _ bool) (string, string) {
			return tr.T("Partner “{{.Name}}” saved.", "Name", saved.GetOrganisation()), "/partners/" + saved.GetId()
		},
		refused: specIn(partnerSpec, tr).refused,
		render:  h.renderPartnerForm,
	})
}

// readPartner copies the form into p; as for partnerships, only what
// cannot be sent (a value outside the vocabulary) is checked here.
func readPartner(tr *i18n.Translator, f *webui.Form, p *hcnetv1.Partner) {
	p.Organisation = strings.TrimSpace(f.Get("organisation"))
	p.Description = strings.TrimSpace(f.Get("description"))
	p.Website = strings.TrimSpace(f.Get("website"))
	p.Visibility = enumIn[hcnetv1.Visibility](tr, f, "visibility")
	p.Kind = enumIn[hcnetv1.PartnerKind](tr, f, "kind")
	p.Sector = enumIn[hcnetv1.Sector](tr, f, "sector")
	p.Contact = contactIn(f, "contact")
}

// partnerValues fills the form from a stored partner.
func partnerValues(p *hcnetv1.Partner) url.Values {
	v := url.Values{
		"organisation": {p.GetOrganisation()}, "kind": {record.ShortName(p.GetKind())}, "sector": {record.ShortName(p.GetSector())},
		"description": {p.GetDescription()}, "website": {p.GetWebsite()}, "visibility": {record.ShortName(p.GetVisibility())},
	}
	contactValues(v, "contact", p.GetContact())
	return v
}
