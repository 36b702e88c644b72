package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

var practiceSpec = formSpec{
	prefix: "practice",
	labels: map[string]string{
		"language": "Language", "title": "Title", "summary": "Summary", "body": "Description", "visibility": "Visibility",
		"status": "Status", "problem": "Problem or hot local issue", "activities": "Activities", "results": "Results",
		"lessons_learnt": "Lessons learnt", "transfer_notes": "What to adapt when transferring", "sectors": "Sectors",
		"settings": "Settings", "mechanisms": "Key mechanisms", "sdg_goals": "SDG goals", "sdg_targets": "SDG targets",
		"equity_groups": "Groups reached", "licence": "Licence",
		"context": "Context", "resources": "Resources", "evidence": "Evidence", "partners": "Partners",
		"indicator_ids": "Indicators that show the results", "partnership_ids": "Partnerships it came out of", "six_ps": "The 6 Ps",
		"contact_name": "Contact's name", "contact_role": "Contact's role", "contact_email": "Contact's e-mail", "contact_phone": "Contact's phone",
		"adopted_country": "Adopted from: country", "adopted_city": "Adopted from: city", "adopted_practice": "Adopted from: practice id",
	},
	paths: map[string]string{"sdg.goals": "sdg_goals", "sdg.targets": "sdg_targets", "sdg": "sdg_goals", "original_language": "language",
		"adopted_from.country": "adopted_country", "adopted_from.city_id": "adopted_city", "adopted_from.practice_id": "adopted_practice",
		"adopted_from": "adopted_practice"},
	rows: map[string]string{"partners[]": "partners", "contacts[]": "contact_name", "contacts[].name": "contact_name",
		"contacts[].role": "contact_role", "contacts[].email": "contact_email", "contacts[].phone": "contact_phone",
		"indicator_ids[]": "indicator_ids", "partnership_ids[]": "partnership_ids"},
}

// The lists the practice form edits as rows.
var (
	practicePartnerRows = rowGroup{"partners"}
	contactRows         = rowGroup{"contact_name", "contact_role", "contact_email", "contact_phone"}
)

// practiceInput maps a practice's text paths (texts["sv"].title) to the
// form's inputs; the form edits one language at a time.
func practiceInput(path string) string {
	path = strings.TrimPrefix(path, "practice.")
	if !strings.HasPrefix(path, "texts") {
		return practiceSpec.input(path)
	}
	for _, f := range []string{"title", "summary", "body"} {
		if strings.HasSuffix(path, "]."+f) {
			return f
		}
	}
	if path == "texts" {
		return "title"
	}
	return "language"
}

// practiceMask is what the form has always edited: saving replaces it.
var practiceMask = []string{"texts", "original_language", "visibility", "status", "problem", "activities", "results",
	"lessons_learnt", "transfer_notes", "sectors", "settings", "mechanisms", "sdg", "equity_groups", "licence"}

// practiceLater are the fields the form edits besides, each with the
// input that carries it: as for partnerships (partnershipLater), a post
// without that input leaves the field as it is.
var practiceLater = []struct{ field, input string }{
	{"context", "context"}, {"resources", "resources"}, {"evidence", "evidence"}, {"partners", "partners"},
	{"indicator_ids", "indicator_ids"}, {"partnership_ids", "partnership_ids"}, {"six_ps", "six_ps"},
	{"contacts", "contact_name"}, {"adopted_from", "adopted_practice"},
	{"contact_point", contactPointSection},
}

type practiceFormData struct {
	Form    *webui.Form
	ID      string
	Version int64
	// Wheres say where the record goes with each visibility.
	Wheres                        []where
	Statuses                      []webui.Option
	Sectors, Settings, Mechanisms []webui.Option
	SixPs                         []webui.Option
	// Original is the language the practice was first written in, by
	// name, on the edit form, where it cannot change.
	Original string
	// The node's indicators and partnerships the practice may name.
	Indicators, Partnerships []webui.Option
	Partners, Contacts       rowsField
	// ContactPoints are the kinds the published contact point may be.
	ContactPoints []contactPointChoice
	// History is the record's, on the edit page.
	History *history
}

func (h *Handler) practiceForm(w http.ResponseWriter, r *http.Request) {
	// An officer writes in the language they read the pages in, so a new
	// practice starts in it rather than in English.
	h.openForm(w, r, formKind{
		defaults: url.Values{"language": {h.tr(r).Lang()}, "visibility": {"network"}, "status": {"ongoing"}, "licence": {"CC-BY-4.0"}, "cp_kind": {contactPointNone}},
		load: func(ctx context.Context, id string) (url.Values, int64, error) {
			res, err := h.city.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: id})
			return practiceValues(res.GetPractice()), res.GetPractice().GetVersion(), err
		},
		render: h.renderPracticeForm,
	})
}

func (h *Handler) renderPracticeForm(w http.ResponseWriter, r *http.Request, code int, f *webui.Form, id string, version int64) {
	ctx, cancel := h.call(r)
	defer cancel()
	d := practiceFormData{
		Form: f, ID: id, Version: version, Wheres: wheres(record.KindPractice, carriedIn{}),
		Statuses:   webui.EnumOptions(hcnetv1.PracticeStatus(0).Descriptor()),
		Sectors:    webui.EnumOptions(hcnetv1.Sector(0).Descriptor()),
		Settings:   webui.EnumOptions(hcnetv1.Setting(0).Descriptor()),
		Mechanisms: webui.EnumOptions(hcnetv1.Mechanism(0).Descriptor()),
		SixPs:      webui.EnumOptions(hcnetv1.SixP(0).Descriptor()),

		ContactPoints: contactPointChoices(h.tr(r)),
	}
	ps, err := allPartnerships(ctx, h.city)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, p := range ps {
		d.Partnerships = append(d.Partnerships, webui.Option{Value: p.GetId(), Label: p.GetTitle()})
	}
	inds, err := allIndicators(ctx, h.city)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, in := range inds {
		d.Indicators = append(d.Indicators, webui.Option{Value: in.GetId(), Label: in.GetName()})
	}
	tr := h.tr(r)
	d.Partners = rowsField{Name: "partners", Label: tr.T("Partners"), Add: tr.T("Add another partner"),
		Hint: tr.T("As other cities should read them: organisation and role, such as “Malmö University, evaluation”."),
		Rows: rows(f, practicePartnerRows, []string{tr.T("Partner")}, nil)}
	d.Contacts = rowsField{Name: "contact_name", Label: tr.T("People to ask (private: never shared)"), Add: tr.T("Add another contact"),
		Rows: rows(f, contactRows, []string{tr.T("Name"), tr.T("Role"), tr.T("E-mail"), tr.T("Phone")}, nil)}
	relabel(tr, f, practiceSpec, nil)
	title := tr.T("New good practice")
	if id != "" {
		title = tr.T("Edit good practice")
		d.Original = languageIn(tr, f.Get("language"))
		hist := h.history(r, record.KindPractice, id)
		d.History = &hist
	}
	h.pages.Render(w, code, "practice_form", h.page(r, "/practices", title, d))
}

func (h *Handler) savePractice(w http.ResponseWriter, r *http.Request) {
	f, id, version := postedForm(r)
	if rowsPressed(f, practicePartnerRows, contactRows) {
		h.renderPracticeForm(w, r, http.StatusOK, f, id, version)
		return
	}
	ctx, cancel := h.call(r)
	defer cancel()
	p := &hcnetv1.Practice{Id: id, Version: version, Texts: map[string]*hcnetv1.PracticeText{}}
	if id != "" {
		// The form edits one language; the translations stay as they are.
		cur, err := h.city.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: id})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for lang, t := range cur.GetPractice().GetTexts() {
			p.Texts[lang] = t
		}
	}
	lang := strings.TrimSpace(f.Get("language"))
	p.OriginalLanguage = lang
	p.Texts[lang] = &hcnetv1.PracticeText{
		Title:   strings.TrimSpace(f.Get("title")),
		Summary: strings.TrimSpace(f.Get("summary")),
		Body:    strings.TrimSpace(f.Get("body")),
	}
	tr := h.tr(r)
	readPractice(tr, f, p)
	p.ContactPoint = readContactPoint(f, practiceSpec, tr, time.Now())
	saveForm(h, w, r, formSave[*hcnetv1.Practice]{
		f: f, id: id, version: version,
		create: func(ctx context.Context) (*hcnetv1.Practice, error) {
			res, err := h.city.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: p})
			return res.GetPractice(), err
		},
		update: func(ctx context.Context) (*hcnetv1.Practice, error) {
			mask := slices.Clone(practiceMask)
			for _, l := range practiceLater {
				if f.Values.Has(l.input) {
					mask = append(mask, l.field)
				}
			}
			res, err := h.city.UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{Practice: p, UpdateMask: &fieldmaskpb.FieldMask{Paths: mask}})
			return res.GetPractice(), err
		},
		saved: func(saved *hcnetv1.Practice, created bool) (string, string) {
			// A new practice is shown among the others with its delivery;
			// an edited one on its own page.
			to := "/practices/" + saved.GetId()
			if created {
				to = "/practices"
			}
			return tr.T("Practice “{{.Title}}” saved.", "Title", p.Texts[lang].GetTitle()), to
		},
		refused: func(f *webui.Form, err error) bool { return practiceRefused(tr, f, err) },
		render:  h.renderPracticeForm,
	})
}

// readPractice copies the form's fields but the texts into p; as for
// partnerships, only what cannot be sent is checked here.
func readPractice(tr *i18n.Translator, f *webui.Form, p *hcnetv1.Practice) {
	p.Problem = strings.TrimSpace(f.Get("problem"))
	p.Context = strings.TrimSpace(f.Get("context"))
	p.Activities = strings.TrimSpace(f.Get("activities"))
	p.Resources = strings.TrimSpace(f.Get("resources"))
	p.Results = strings.TrimSpace(f.Get("results"))
	p.LessonsLearnt = strings.TrimSpace(f.Get("lessons_learnt"))
	p.TransferNotes = strings.TrimSpace(f.Get("transfer_notes"))
	p.Evidence = strings.TrimSpace(f.Get("evidence"))
	p.Licence = strings.TrimSpace(f.Get("licence"))
	p.EquityGroups = webui.Lines(f.Get("equity_groups"))
	p.Visibility = enumIn[hcnetv1.Visibility](tr, f, "visibility")
	p.Status = enumIn[hcnetv1.PracticeStatus](tr, f, "status")
	p.Sectors = enumsIn[hcnetv1.Sector](tr, f, "sectors")
	p.Settings = enumsIn[hcnetv1.Setting](tr, f, "settings")
	p.Mechanisms = enumsIn[hcnetv1.Mechanism](tr, f, "mechanisms")
	p.SixPs = enumsIn[hcnetv1.SixP](tr, f, "six_ps")
	p.Sdg = sdgIn(tr, f)
	p.IndicatorIds = rowValues(f, "indicator_ids")
	p.PartnershipIds = rowValues(f, "partnership_ids")
	practicePartnerRows.compact(f)
	p.Partners = rowValues(f, "partners")
	contactRows.compact(f)
	for i := range f.Values["contact_name"] {
		p.Contacts = append(p.Contacts, &hcnetv1.Contact{
			Name: cell(f, "contact_name", i), Role: cell(f, "contact_role", i),
			Email: cell(f, "contact_email", i), Phone: cell(f, "contact_phone", i),
		})
	}
	a := &hcnetv1.PracticeRef{
		Country:    strings.ToLower(strings.TrimSpace(f.Get("adopted_country"))),
		CityId:     strings.TrimSpace(f.Get("adopted_city")),
		PracticeId: strings.TrimSpace(f.Get("adopted_practice")),
	}
	if a.Country != "" || a.CityId != "" || a.PracticeId != "" {
		p.AdoptedFrom = a
	}
}

// practiceRefused is formSpec.refused with the text paths mapped, said
// in tr's language.
func practiceRefused(tr *i18n.Translator, f *webui.Form, err error) bool {
	spec := specIn(practiceSpec, tr)
	vs, _, ok := webui.Refusals(err)
	if !ok || len(vs) == 0 {
		return spec.refused(f, err)
	}
	for _, v := range vs {
		if in := practiceInput(v.Field); in != "" {
			f.Add(in, spec.label(in), spec.said(v))
		} else {
			f.Add("", "", v.Field+": "+spec.said(v))
		}
	}
	return true
}

func practiceValues(p *hcnetv1.Practice) url.Values {
	lang := p.GetOriginalLanguage()
	t := p.GetTexts()[lang]
	v := url.Values{
		"language": {lang}, "title": {t.GetTitle()}, "summary": {t.GetSummary()}, "body": {t.GetBody()},
		"visibility": {record.ShortName(p.GetVisibility())}, "status": {record.ShortName(p.GetStatus())},
		"problem": {p.GetProblem()}, "activities": {p.GetActivities()}, "results": {p.GetResults()},
		"lessons_learnt": {p.GetLessonsLearnt()}, "transfer_notes": {p.GetTransferNotes()}, "licence": {p.GetLicence()},
		"equity_groups": {strings.Join(p.GetEquityGroups(), "\n")},
		"sectors":       record.ShortNamesOf(p.GetSectors()), "settings": record.ShortNamesOf(p.GetSettings()),
		"mechanisms": record.ShortNamesOf(p.GetMechanisms()),
		"context":    {p.GetContext()}, "resources": {p.GetResources()}, "evidence": {p.GetEvidence()},
		"six_ps":   record.ShortNamesOf(p.GetSixPs()),
		"partners": p.GetPartners(), "indicator_ids": p.GetIndicatorIds(), "partnership_ids": p.GetPartnershipIds(),
		"adopted_country": {p.GetAdoptedFrom().GetCountry()}, "adopted_city": {p.GetAdoptedFrom().GetCityId()},
		"adopted_practice": {p.GetAdoptedFrom().GetPracticeId()},
	}
	for _, c := range p.GetContacts() {
		v.Add("contact_name", c.GetName())
		v.Add("contact_role", c.GetRole())
		v.Add("contact_email", c.GetEmail())
		v.Add("contact_phone", c.GetPhone())
	}
	sdgValues(v, p.GetSdg())
	contactPointValues(v, p.GetContactPoint())
	return v
}
