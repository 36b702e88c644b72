package web

import (
	"context"
	"maps"
	"net/http"
	"slices"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// A practice's own page: every field, its texts in each language with
// the links to add, edit and remove translations, and its history; and
// its delete, which the node refuses while another record names it.

// practicePage is the practice's page: a record page with its texts.
type practicePage struct {
	viewPage
	ID    string
	Texts []practiceText
}

// practiceText is the practice's text in one language.
type practiceText struct {
	Lang, Language, Title, Summary string
	// Original says it is the language the practice was first written
	// in, which the practice's own form edits and which stays.
	Original bool
}

func (h *Handler) practiceDeletion() deletion {
	return deletion{
		kind: record.KindPractice, noun: "practice", list: "/practices",
		load: func(ctx context.Context, tr *i18n.Translator, id string) (string, int64, hcnetv1.Visibility, error) {
			res, err := h.city.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: id})
			p := res.GetPractice()
			return titleIn(tr, record.KindPractice, p), p.GetVersion(), p.GetVisibility(), err
		},
		remove: func(ctx context.Context, id string, version int64) error {
			_, err := h.city.DeletePractice(ctx, &hcnetv1.DeletePracticeRequest{Id: id, Version: version})
			return err
		},
		namedBy: h.recordsNamingIn,
	}
}

func (h *Handler) practice(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	res, err := h.city.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: r.PathValue("id")})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := res.GetPractice()
	titles := map[string]string{}
	if len(p.GetPartnershipIds()) > 0 {
		ps, err := allPartnerships(ctx, h.city)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		for _, pa := range ps {
			titles[pa.GetId()] = pa.GetTitle()
		}
	}
	var partnerships, indicators, contacts []link
	for _, id := range p.GetPartnershipIds() {
		partnerships = append(partnerships, link{Href: "/partnerships/" + id, Text: titles[id]})
	}
	for _, id := range p.GetIndicatorIds() {
		name := id
		if in, err := h.city.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: id}); err == nil {
			name = in.GetIndicator().GetName()
		}
		indicators = append(indicators, link{Href: "/indicators/" + id, Text: name})
	}
	for _, c := range p.GetContacts() {
		line := contactLine(c)
		for _, more := range []string{c.GetEmail(), c.GetPhone()} {
			if more != "" {
				line += ", " + more
			}
		}
		contacts = append(contacts, link{Text: line})
	}
	adopted := ""
	if a := p.GetAdoptedFrom(); a != nil {
		adopted = a.GetCountry() + "/" + a.GetCityId() + "/" + a.GetPracticeId()
	}
	title := practiceTitle(p)
	tr := h.tr(r)
	d := practicePage{ID: p.GetId(), viewPage: viewPage{
		Noun: tr.T("practice"), Title: title, Back: link{Href: "/practices", Text: tr.T("All practices")},
		Edit: "/practices/" + p.GetId() + "/edit", Delete: "/practices/" + p.GetId() + "/delete",
		Shared: sharedHref(record.KindPractice, p.GetId()),
		Fields: []viewField{
			{Label: tr.T("Status"), Value: termOf(tr, p.GetStatus())},
			{Label: tr.T("Visibility"), Value: termOf(tr, p.GetVisibility())},
			{Label: tr.T("Problem or hot local issue"), Value: p.GetProblem()},
			{Label: tr.T("Context"), Value: p.GetContext()},
			{Label: tr.T("Partners"), Items: texts(p.GetPartners())},
			{Label: tr.T("Activities"), Value: p.GetActivities()},
			{Label: tr.T("Resources"), Value: p.GetResources()},
			{Label: tr.T("Results"), Value: p.GetResults()},
			{Label: tr.T("Indicators that show the results"), Items: indicators},
			{Label: tr.T("Lessons learnt"), Value: p.GetLessonsLearnt()},
			{Label: tr.T("What to adapt when transferring"), Value: p.GetTransferNotes()},
			{Label: tr.T("Evidence"), Value: p.GetEvidence()},
			{Label: tr.T("Partnerships it came out of"), Items: partnerships},
			{Label: tr.T("Sectors"), Value: termsOf(tr, p.GetSectors())},
			{Label: tr.T("Settings"), Value: termsOf(tr, p.GetSettings())},
			{Label: tr.T("Key mechanisms"), Value: termsOf(tr, p.GetMechanisms())},
			{Label: tr.T("The 6 Ps"), Value: termsOf(tr, p.GetSixPs())},
			{Label: tr.T("SDG goals and targets"), Value: sdgLine(tr, p.GetSdg())},
			{Label: tr.T("Groups reached"), Items: texts(p.GetEquityGroups())},
			{Label: tr.T("Licence"), Value: p.GetLicence()},
			{Label: tr.T("Adopted from"), Value: adopted},
			{Label: tr.T("People to ask (private)"), Items: contacts},
			{Label: tr.T("Contact point for other cities (published)"), Items: contactPointItems(tr, p.GetContactPoint())},
			{Label: tr.T("Version"), Value: tr.Number(p.GetVersion())},
		},
	}}
	for _, lang := range sortedLanguages(p) {
		t := p.GetTexts()[lang]
		d.Texts = append(d.Texts, practiceText{Lang: lang, Language: languageIn(tr, lang), Title: t.GetTitle(), Summary: t.GetSummary(),
			Original: lang == p.GetOriginalLanguage()})
	}
	d.Where = whereIs(tr, record.KindPractice, tr.T("practice"), p.GetVisibility(), carriedIn{}) + " " + tr.T("Its contacts never leave this node.")
	if d.NamedBy, err = h.recordsNamingIn(ctx, tr, p.GetId()); err != nil {
		h.fail(w, r, err)
		return
	}
	hist := h.history(r, record.KindPractice, p.GetId())
	d.History = &hist
	h.pages.Render(w, http.StatusOK, "practice", h.page(r, "/practices", title, d))
}

// sortedLanguages are the practice's languages, the original first.
func sortedLanguages(p *hcnetv1.Practice) []string {
	out := []string{}
	if _, ok := p.GetTexts()[p.GetOriginalLanguage()]; ok {
		out = append(out, p.GetOriginalLanguage())
	}
	for _, lang := range slices.Sorted(maps.Keys(p.GetTexts())) {
		if lang != p.GetOriginalLanguage() {
			out = append(out, lang)
		}
	}
	return out
}
