package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// The endorsement pages: this city's endorsements of successes other
// cities recorded with it as a partner. The successes waiting for its
// endorsement are asked of its hub (endorsement_requests.go); the officer
// can also name a success, as the partner city gives it, or open a link
// the partner city sent that fills the form in (?country=&city=&success=).

var endorsementSpec = formSpec{
	prefix: "endorsement",
	labels: map[string]string{
		"success_country": "Country of the city", "success_city": "City", "success_id": "Success",
		"statement": "Statement", "date": "Date", "visibility": "Visibility",
	},
	paths: map[string]string{
		"success.country": "success_country", "success.city_id": "success_city", "success.success_id": "success_id",
		"success": "success_id",
	},
}

// endorsementMask is every field the form shows.
var endorsementMask = []string{"success", "statement", "date", "visibility"}

func (h *Handler) endorsementDeletion() deletion {
	return deletion{
		kind: record.KindEndorsement, noun: "endorsement", list: "/endorsements",
		load: func(ctx context.Context, tr *i18n.Translator, id string) (string, int64, hcnetv1.Visibility, error) {
			res, err := h.city.GetEndorsement(ctx, &hcnetv1.GetEndorsementRequest{Id: id})
			if err != nil {
				return "", 0, 0, err
			}
			e := res.GetEndorsement()
			names := h.withOwnSuccesses(ctx, h.successNames(ctx), e.GetSuccess())
			title, city := endorsedNames(tr, e.GetSuccess(), names)
			return tr.T("{{.Title}} ({{.City}})", "Title", title, "City", city), e.GetVersion(), e.GetVisibility(), nil
		},
		remove: func(ctx context.Context, id string, version int64) error {
			_, err := h.city.DeleteEndorsement(ctx, &hcnetv1.DeleteEndorsementRequest{Id: id, Version: version})
			return err
		},
	}
}

// endorsementTitle names an endorsement by the success it endorses.
func endorsementTitle(tr *i18n.Translator, s *hcnetv1.SuccessRef) string {
	return tr.T("Endorsement of success {{.ID}} of {{.City}}", "ID", s.GetSuccessId(), "City", s.GetCountry()+"/"+s.GetCityId())
}

// endorsedNames are an endorsed success's title and its city's name as
// the hub gave them, each falling back to the ids when it gave none.
func endorsedNames(tr *i18n.Translator, s *hcnetv1.SuccessRef, names map[string]*hcnetv1.NamingSuccess) (title, city string) {
	n := names[successKey(s)]
	if n.GetSuccess() != nil {
		title = titleIn(tr, record.KindSuccess, n.GetSuccess())
	}
	city = n.GetCityName()
	if title == "" {
		title = tr.T("Success {{.ID}}", "ID", s.GetSuccessId())
	}
	if city == "" {
		city = s.GetCountry() + "/" + s.GetCityId()
	}
	return title, city
}

// endorsementOf names an endorsement by the success's title and city
// when the hub named them, else by their ids.
func endorsementOf(tr *i18n.Translator, s *hcnetv1.SuccessRef, names map[string]*hcnetv1.NamingSuccess) string {
	if n := names[successKey(s)]; n.GetSuccess().GetTitle() != "" {
		title, city := endorsedNames(tr, s, names)
		return tr.T("Endorsement of “{{.Title}}” from {{.City}}", "Title", title, "City", city)
	}
	return endorsementTitle(tr, s)
}

// endorsementWhere says where an endorsement of a visibility goes, as
// one sentence, since word order differs between languages.
func endorsementWhere(tr *i18n.Translator, v hcnetv1.Visibility) string {
	switch v {
	case hcnetv1.Visibility_VISIBILITY_PRIVATE:
		return tr.T("As a private endorsement it stays on this node: nothing of it is sent anywhere.")
	case hcnetv1.Visibility_VISIBILITY_NETWORK:
		return tr.T("As a network endorsement it goes to the city's own hub only, where the network's members read it.")
	case hcnetv1.Visibility_VISIBILITY_PUBLIC:
		return tr.T("As a public endorsement it goes to the city's hub, up the chain to the networks above it, and into the public feeds anyone may read.")
	}
	return ""
}

func (h *Handler) endorsements(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	es, err := allEndorsements(ctx, h.city)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	tr := h.tr(r)
	waiting, names, unasked, err := h.waitingSuccesses(ctx, r, es)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := endorsementsPage{Waiting: waiting, Unasked: unasked, listPage: listPage{Noun: tr.T("endorsement"), Plural: tr.T("endorsements"), Empty: tr.T("No endorsements yet."), New: "/endorsements/new", AddLabel: tr.T("Endorse a partner city's success"),
		Lead: tr.T("A partner city that records a success naming this city asks it to endorse the success; when every city named has, " +
			"the success is mutual. The city's hub lists the successes shared with it that wait for this city's endorsement; " +
			"a partner city can also send a link that fills the endorsement form in."),
		Columns: []string{tr.T("Endorsement"), tr.T("City"), tr.T("Date"), tr.T("Visibility")},
	}}
	refs := make([]*hcnetv1.SuccessRef, len(es))
	for i, e := range es {
		refs[i] = e.GetSuccess()
	}
	names = h.withOwnSuccesses(ctx, names, refs...)
	for _, e := range es {
		title, city := endorsedNames(tr, e.GetSuccess(), names)
		row := givenRow{listRow: listRow{Href: "/endorsements/" + e.GetId(), Title: title, Cells: []string{
			city, dayOf(tr, e.GetDate()), termOf(tr, e.GetVisibility()),
		}}}
		if names[successKey(e.GetSuccess())].GetSuccess().GetTitle() != "" {
			row.Ref = tr.T("Success {{.ID}}", "ID", e.GetSuccess().GetSuccessId())
		}
		d.Rows = append(d.Rows, row.listRow)
		d.Given = append(d.Given, row)
	}
	h.pages.Render(w, http.StatusOK, "endorsements", h.page(r, "/endorsements", tr.T("Endorsements"), d))
}

func (h *Handler) endorsement(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	res, err := h.city.GetEndorsement(ctx, &hcnetv1.GetEndorsementRequest{Id: r.PathValue("id")})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	e := res.GetEndorsement()
	s := e.GetSuccess()
	tr := h.tr(r)
	names := h.withOwnSuccesses(ctx, h.successNames(ctx), s)
	title := endorsementOf(tr, s, names)
	successWords, cityWords := s.GetSuccessId(), s.GetCountry()+"/"+s.GetCityId()
	if n := names[successKey(s)]; n != nil {
		if n.GetSuccess().GetTitle() != "" {
			successWords = titleIn(tr, record.KindSuccess, n.GetSuccess()) + " (" + successWords + ")"
		}
		if n.GetCityName() != "" {
			cityWords = n.GetCityName() + " (" + cityWords + ")"
		}
	}
	d := viewPage{
		Noun: tr.T("endorsement"), Title: title, Back: link{Href: "/endorsements", Text: tr.T("All endorsements")},
		Edit: "/endorsements/" + e.GetId() + "/edit", Delete: "/endorsements/" + e.GetId() + "/delete",
		Shared: sharedHref(record.KindEndorsement, e.GetId()),
		Fields: []viewField{
			{Label: tr.T("City that recorded the success"), Value: cityWords},
			{Label: tr.T("Success"), Value: successWords},
			{Label: tr.T("Statement"), Value: e.GetStatement()},
			{Label: tr.T("Date"), Value: dayOf(tr, e.GetDate())},
			{Label: tr.T("Visibility"), Value: termOf(tr, e.GetVisibility())},
			{Label: tr.T("Version"), Value: strconv.FormatInt(e.GetVersion(), 10)},
		},
		Where: endorsementWhere(tr, e.GetVisibility()),
	}
	hist := h.history(r, record.KindEndorsement, e.GetId())
	d.History = &hist
	h.pages.Render(w, http.StatusOK, "record", h.page(r, "/endorsements", title, d))
}

type endorsementFormData struct {
	Form    *webui.Form
	ID      string
	Version int64
	Wheres  []where
	History *history
}

func (h *Handler) endorsementForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	h.openForm(w, r, formKind{
		// A link from the partner city names the success; today is the
		// usual date of an endorsement made now.
		defaults: url.Values{
			"visibility": {"network"}, "date": {time.Now().UTC().Format("2006-01-02")},
			"success_country": {q.Get("country")}, "success_city": {q.Get("city")}, "success_id": {q.Get("success")},
		},
		load: func(ctx context.Context, id string) (url.Values, int64, error) {
			res, err := h.city.GetEndorsement(ctx, &hcnetv1.GetEndorsementRequest{Id: id})
			return endorsementValues(res.GetEndorsement()), res.GetEndorsement().GetVersion(), err
		},
		render: h.renderEndorsementForm,
	})
}

func (h *Handler) renderEndorsementForm(w http.ResponseWriter, r *http.Request, code int, f *webui.Form, id string, version int64) {
	d := endorsementFormData{Form: f, ID: id, Version: version, Wheres: wheres(record.KindEndorsement, carriedIn{})}
	tr := h.tr(r)
	title := tr.T("Endorse a partner city's success")
	if id != "" {
		title = tr.T("Edit endorsement")
		hist := h.history(r, record.KindEndorsement, id)
		d.History = &hist
	}
	h.pages.Render(w, code, "endorsement_form", h.page(r, "/endorsements", title, d))
}

func (h *Handler) saveEndorsement(w http.ResponseWriter, r *http.Request) {
	f, id, version := postedForm(r)
	e := &hcnetv1.Endorsement{Id: id, Version: version}
	tr := h.tr(r)
	spec := specIn(endorsementSpec, tr)
	readEndorsement(spec, f, e)
	saveForm(h, w, r, formSave[*hcnetv1.Endorsement]{
		f: f, id: id, version: version,
		create: func(ctx context.Context) (*hcnetv1.Endorsement, error) {
			res, err := h.city.CreateEndorsement(ctx, &hcnetv1.CreateEndorsementRequest{Endorsement: e})
			return res.GetEndorsement(), err
		},
		update: func(ctx context.Context) (*hcnetv1.Endorsement, error) {
			res, err := h.city.UpdateEndorsement(ctx, &hcnetv1.UpdateEndorsementRequest{Endorsement: e, UpdateMask: &fieldmaskpb.FieldMask{Paths: endorsementMask}})
			return res.GetEndorsement(), err
		},
		saved: func(saved *hcnetv1.Endorsement, _ bool) (string, string) {
			s := saved.GetSuccess()
			ctx, cancel := h.call(r)
			defer cancel()
			names := h.withOwnSuccesses(ctx, h.successNames(ctx), s)
			if names[successKey(s)].GetSuccess().GetTitle() != "" {
				title, city := endorsedNames(tr, s, names)
				return tr.T("Endorsement of “{{.Title}}” from {{.City}} saved.", "Title", title, "City", city), "/endorsements/" + saved.GetId()
			}
			return tr.T("Endorsement of success {{.ID}} of {{.City}} saved.", "ID", s.GetSuccessId(), "City", s.GetCountry()+"/"+s.GetCityId()),
				"/endorsements/" + saved.GetId()
		},
		refused: spec.refused,
		render:  h.renderEndorsementForm,
	})
}

// readEndorsement copies the form into e; spec is endorsementSpec in the
// reader's language.
func readEndorsement(spec formSpec, f *webui.Form, e *hcnetv1.Endorsement) {
	e.Success = &hcnetv1.SuccessRef{
		Country:   strings.ToLower(strings.TrimSpace(f.Get("success_country"))),
		CityId:    strings.TrimSpace(f.Get("success_city")),
		SuccessId: strings.TrimSpace(f.Get("success_id")),
	}
	e.Statement = strings.TrimSpace(f.Get("statement"))
	e.Date = strings.TrimSpace(f.Get("date"))
	e.Visibility = enumField[hcnetv1.Visibility](f, "visibility", spec)
}

func endorsementValues(e *hcnetv1.Endorsement) url.Values {
	s := e.GetSuccess()
	return url.Values{
		"success_country": {s.GetCountry()}, "success_city": {s.GetCityId()}, "success_id": {s.GetSuccessId()},
		"statement": {e.GetStatement()}, "date": {e.GetDate()}, "visibility": {record.ShortName(e.GetVisibility())},
	}
}
