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

// What is success-specific about the success pages: its fields, its form
// (partner cities picked in success_cities.go), and the endorsements
// that name it. The list, the record page and the delete confirmation
// are the shared ones.

var successSpec = formSpec{
	prefix: "success",
	labels: map[string]string{
		"title": "Title", "partnership_id": "Partnership", "outcome": "Outcome", "date": "Date",
		"partner_cities": "Partner cities", "sdg_goals": "SDG goals", "sdg_targets": "SDG targets", "visibility": "Visibility",
		"new_city_country": "Country", "new_city_id": "City id", "new_city_name": "Name",
	},
	paths: map[string]string{"sdg.goals": "sdg_goals", "sdg.targets": "sdg_targets", "sdg": "sdg_goals"},
}

// successMask is every field the form shows: saving replaces them all.
var successMask = []string{"title", "partnership_id", "outcome", "date", "partner_cities", "sdg", "visibility"}

// successDeletion is how the pages delete a success: the node refuses
// while this city's own endorsement of it names it.
func (h *Handler) successDeletion() deletion {
	return deletion{
		kind: record.KindSuccess, noun: "success", list: "/successes",
		load: func(ctx context.Context, tr *i18n.Translator, id string) (string, int64, hcnetv1.Visibility, error) {
			res, err := h.city.GetSuccess(ctx, &hcnetv1.GetSuccessRequest{Id: id})
			s := res.GetSuccess()
			return titleIn(tr, record.KindSuccess, s), s.GetVersion(), s.GetVisibility(), err
		},
		remove: func(ctx context.Context, id string, version int64) error {
			_, err := h.city.DeleteSuccess(ctx, &hcnetv1.DeleteSuccessRequest{Id: id, Version: version})
			return err
		},
		namedBy: h.endorsementsNamingIn,
	}
}

// endorsementsNamingIn lists the city's endorsements of the success in
// tr's language. Ids are ULIDs, so one that matches is this success,
// whatever city it says.
func (h *Handler) endorsementsNamingIn(ctx context.Context, tr *i18n.Translator, id string) ([]link, error) {
	es, err := allEndorsements(ctx, h.city)
	if err != nil {
		return nil, err
	}
	var out []link
	var names map[string]*hcnetv1.NamingSuccess
	for _, e := range es {
		if e.GetSuccess().GetSuccessId() == id {
			names = h.withOwnSuccesses(ctx, names, e.GetSuccess())
			out = append(out, link{Href: "/endorsements/" + e.GetId(), Text: endorsementOf(tr, e.GetSuccess(), names)})
		}
	}
	return out, nil
}

// cityText names a partner city as a person reads it.
func cityText(c *hcnetv1.CityRef) string {
	ref := c.GetCountry() + "/" + c.GetCityId()
	if c.GetName() == "" {
		return ref
	}
	return c.GetName() + " (" + ref + ")"
}

// cityNames names partner cities briefly, for a list's narrow column.
func cityNames(cs []*hcnetv1.CityRef) string {
	var out []string
	for _, c := range cs {
		if c.GetName() != "" {
			out = append(out, c.GetName())
		} else {
			out = append(out, c.GetCountry()+"/"+c.GetCityId())
		}
	}
	return strings.Join(out, ", ")
}

func citiesText(cs []*hcnetv1.CityRef) string {
	var out []string
	for _, c := range cs {
		out = append(out, cityText(c))
	}
	return strings.Join(out, ", ")
}

func sdgText(tr *i18n.Translator, t *hcnetv1.SdgTags) string {
	var out []string
	for _, g := range t.GetGoals() {
		out = append(out, tr.T("goal {{.Goal}}", "Goal", g))
	}
	for _, x := range t.GetTargets() {
		out = append(out, tr.T("target {{.Target}}", "Target", x))
	}
	return strings.Join(out, ", ")
}

// dayOf writes a record's YYYY-MM-DD date the way tr's language writes
// dates; anything else is shown as it is.
func dayOf(tr *i18n.Translator, date string) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return date
	}
	return tr.Date(d)
}

// successWhere says where a success of a visibility goes, as one
// sentence, since word order differs between languages.
func successWhere(tr *i18n.Translator, v hcnetv1.Visibility) string {
	switch v {
	case hcnetv1.Visibility_VISIBILITY_PRIVATE:
		return tr.T("As a private success it stays on this node: nothing of it is sent anywhere.")
	case hcnetv1.Visibility_VISIBILITY_NETWORK:
		return tr.T("As a network success it goes to the city's own hub only, where the network's members read it.")
	case hcnetv1.Visibility_VISIBILITY_PUBLIC:
		return tr.T("As a public success it goes to the city's hub, up the chain to the networks above it, and into the public feeds anyone may read.")
	}
	return ""
}

// partnershipTitles maps the city's partnerships' ids to their titles.
func (h *Handler) partnershipTitles(ctx context.Context) (map[string]string, []*hcnetv1.Partnership, error) {
	ps, err := allPartnerships(ctx, h.city)
	if err != nil {
		return nil, nil, err
	}
	out := make(map[string]string, len(ps))
	for _, p := range ps {
		out[p.GetId()] = p.GetTitle()
	}
	return out, ps, nil
}

func (h *Handler) successes(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	ss, err := allSuccesses(ctx, h.city)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	titles, _, err := h.partnershipTitles(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	tr := h.tr(r)
	d := listPage{
		Noun: tr.T("success"), Plural: tr.T("successes"), Empty: tr.T("No successes yet."), New: "/successes/new", AddLabel: tr.T("Add a success"),
		Lead: tr.T("Successes of the city's partnerships. Each partner city named endorses a success at its own node; " +
			"when all have, the success is mutual. This city's endorsements of others' successes are under Endorsements."),
		Columns: []string{tr.T("Success"), tr.T("Partnership"), tr.T("Date"), tr.T("Partner cities"), tr.T("Visibility")},
	}
	for _, s := range ss {
		d.Rows = append(d.Rows, listRow{Href: "/successes/" + s.GetId(), Title: s.GetTitle(), Cells: []string{
			titles[s.GetPartnershipId()], dayOf(tr, s.GetDate()), cityNames(s.GetPartnerCities()), termOf(tr, s.GetVisibility()),
		}})
	}
	h.pages.Render(w, http.StatusOK, "records", h.page(r, "/successes", tr.T("Successes"), d))
}

func (h *Handler) success(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	res, err := h.city.GetSuccess(ctx, &hcnetv1.GetSuccessRequest{Id: r.PathValue("id")})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	s := res.GetSuccess()
	titles, _, err := h.partnershipTitles(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	partnership := titles[s.GetPartnershipId()]
	if partnership == "" {
		partnership = s.GetPartnershipId()
	}
	tr := h.tr(r)
	d := viewPage{
		Noun: tr.T("success"), Title: s.GetTitle(), Back: link{Href: "/successes", Text: tr.T("All successes")},
		Edit: "/successes/" + s.GetId() + "/edit", Delete: "/successes/" + s.GetId() + "/delete",
		Shared: sharedHref(record.KindSuccess, s.GetId()),
		Fields: []viewField{
			{Label: tr.T("Outcome"), Value: s.GetOutcome()},
			{Label: tr.T("Partnership"), Value: partnership},
			{Label: tr.T("Date reached"), Value: dayOf(tr, s.GetDate())},
			{Label: tr.T("Partner cities"), Value: citiesText(s.GetPartnerCities())},
			{Label: tr.T("SDG"), Value: sdgText(tr, s.GetSdg())},
			{Label: tr.T("Visibility"), Value: termOf(tr, s.GetVisibility())},
			{Label: tr.T("Version"), Value: strconv.FormatInt(s.GetVersion(), 10)},
		},
		Where: successWhere(tr, s.GetVisibility()),
	}
	if len(s.GetPartnerCities()) > 0 {
		// The node hears nothing from other nodes: whether the partners
		// endorsed it is known where their endorsements go, at the hub.
		d.Where += " " + tr.T("Each partner city endorses it at its own node; the hub shows which have and whether it is mutual.")
		// Nor does a partner's node hear of this success, so the page
		// gives what to send them: the address on their own node that
		// fills their endorsement form in. Text, not a link: it is not
		// an address on this node.
		city, err := h.city.GetCity(ctx, &hcnetv1.GetCityRequest{})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Fields = append(d.Fields, viewField{
			Label: tr.T("For partner cities to endorse it, on their node"),
			Value: "/endorsements/new?" + url.Values{"country": {city.GetCity().GetCountry()}, "city": {city.GetCity().GetId()}, "success": {s.GetId()}}.Encode(),
		})
	}
	if d.NamedBy, err = h.endorsementsNamingIn(ctx, tr, s.GetId()); err != nil {
		h.fail(w, r, err)
		return
	}
	hist := h.history(r, record.KindSuccess, s.GetId())
	d.History = &hist
	d.Texts = textsOf(tr, record.KindSuccess, s)
	h.pages.Render(w, http.StatusOK, "record", h.page(r, "/successes", s.GetTitle(), d))
}

type successFormData struct {
	Form         *webui.Form
	ID           string
	Version      int64
	Wheres       []where
	Partnerships []webui.Option
	Cities       cityPicker
	History      *history
}

func (h *Handler) successForm(w http.ResponseWriter, r *http.Request) {
	h.openForm(w, r, formKind{
		defaults: url.Values{"visibility": {"network"}},
		load: func(ctx context.Context, id string) (url.Values, int64, error) {
			res, err := h.city.GetSuccess(ctx, &hcnetv1.GetSuccessRequest{Id: id})
			return successValues(res.GetSuccess()), res.GetSuccess().GetVersion(), err
		},
		render: h.renderSuccessForm,
	})
}

func (h *Handler) renderSuccessForm(w http.ResponseWriter, r *http.Request, code int, f *webui.Form, id string, version int64) {
	ctx, cancel := h.call(r)
	defer cancel()
	_, ps, err := h.partnershipTitles(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	known, err := h.knownCities(ctx)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	tr := h.tr(r)
	d := successFormData{Form: f, ID: id, Version: version, Wheres: wheres(record.KindSuccess, carriedIn{}), Cities: pickCities(tr, f, known)}
	for _, p := range ps {
		d.Partnerships = append(d.Partnerships, webui.Option{Value: p.GetId(), Label: p.GetTitle()})
	}
	title := tr.T("New success")
	if id != "" {
		title = tr.T("Edit success")
		hist := h.history(r, record.KindSuccess, id)
		d.History = &hist
	}
	h.pages.Render(w, code, "success_form", h.page(r, "/successes", title, d))
}

func (h *Handler) saveSuccess(w http.ResponseWriter, r *http.Request) {
	f, id, version := postedForm(r)
	if rowsPressed(f, newCityRows) {
		h.renderSuccessForm(w, r, http.StatusOK, f, id, version)
		return
	}
	s := &hcnetv1.Success{Id: id, Version: version}
	tr := h.tr(r)
	spec := specIn(successSpec, tr)
	fromLines := readSuccess(tr, spec, f, s)
	saveForm(h, w, r, formSave[*hcnetv1.Success]{
		f: f, id: id, version: version,
		create: func(ctx context.Context) (*hcnetv1.Success, error) {
			res, err := h.city.CreateSuccess(ctx, &hcnetv1.CreateSuccessRequest{Success: s})
			return res.GetSuccess(), err
		},
		update: func(ctx context.Context) (*hcnetv1.Success, error) {
			res, err := h.city.UpdateSuccess(ctx, &hcnetv1.UpdateSuccessRequest{Success: s, UpdateMask: &fieldmaskpb.FieldMask{Paths: successMask}})
			return res.GetSuccess(), err
		},
		saved: func(saved *hcnetv1.Success, _ bool) (string, string) {
			return tr.T("Success “{{.Title}}” saved.", "Title", saved.GetTitle()), "/successes/" + saved.GetId()
		},
		refused: func(f *webui.Form, err error) bool { return successRefused(spec, f, fromLines, err) },
		render:  h.renderSuccessForm,
	})
}

// readSuccess copies the form into s; a partner city line that cannot be
// read as COUNTRY/CITY_ID/NAME is a problem here, the rest the API's.
// spec is successSpec in tr's language. It returns how many partner
// cities came from lines rather than added rows (readCities).
func readSuccess(tr *i18n.Translator, spec formSpec, f *webui.Form, s *hcnetv1.Success) int {
	s.Title = strings.TrimSpace(f.Get("title"))
	s.PartnershipId = strings.TrimSpace(f.Get("partnership_id"))
	s.Outcome = strings.TrimSpace(f.Get("outcome"))
	s.Date = strings.TrimSpace(f.Get("date"))
	s.Visibility = enumField[hcnetv1.Visibility](f, "visibility", spec)
	s.Sdg = sdgField(tr, f, spec)
	return readCities(tr, spec, f, s)
}

// successValues fills the form from a stored success.
func successValues(s *hcnetv1.Success) url.Values {
	var cities []string
	for _, c := range s.GetPartnerCities() {
		cities = append(cities, cityLine(c))
	}
	v := url.Values{
		"title": {s.GetTitle()}, "partnership_id": {s.GetPartnershipId()}, "outcome": {s.GetOutcome()}, "date": {s.GetDate()},
		"partner_cities": cities, "visibility": {record.ShortName(s.GetVisibility())},
	}
	sdgValues(v, s.GetSdg())
	return v
}
