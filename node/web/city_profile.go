package web

import (
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

// The city profile: one per node, made at init. Its id and country name
// the city in the federation and never change, so the page shows them
// and the form does not offer them.

var citySpec = formSpec{
	prefix: "city",
	labels: map[string]string{
		"name": "Name", "region": "Region", "population": "Population", "languages": "Languages",
		"website": "Website", "description": "Description", "member_since": "Member since", "visibility": "Visibility",
		"coordinator_name": "Coordinator's name", "coordinator_role": "Coordinator's role",
		"coordinator_email": "Coordinator's e-mail", "coordinator_phone": "Coordinator's phone",
	},
	paths: map[string]string{
		"coordinator.name": "coordinator_name", "coordinator.role": "coordinator_role",
		"coordinator.email": "coordinator_email", "coordinator.phone": "coordinator_phone", "coordinator": "coordinator_name",
	},
}

// cityMask is every field a person writes: saving the form replaces them
// all; id and country are fixed at init.
var cityMask = []string{"name", "region", "population", "languages", "website", "description", "member_since", "coordinator", "visibility", "contact_point"}

type cityData struct {
	City    *hcnetv1.City
	Texts   *recordTexts
	Fields  []viewField
	Where   string
	History history
}

// cityProfile shows every field of the profile and its history.
func (h *Handler) cityProfile(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	res, err := h.city.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	c := res.GetCity()
	co := c.GetCoordinator()
	tr := h.tr(r)
	d := cityData{City: c, History: h.history(r, record.KindCity, c.GetId()), Fields: []viewField{
		{Label: tr.T("City id"), Value: c.GetId()},
		{Label: tr.T("Country"), Value: strings.ToUpper(c.GetCountry())},
		{Label: tr.T("Region"), Value: c.GetRegion()},
		{Label: tr.T("Population"), Value: populationIn(tr, c.GetPopulation())},
		{Label: tr.T("Languages"), Value: strings.Join(c.GetLanguages(), ", ")},
		{Label: tr.T("Website"), Value: c.GetWebsite(), Href: c.GetWebsite()},
		{Label: tr.Term("Field.description", "Description"), Value: c.GetDescription()},
		{Label: tr.T("Member since"), Value: year(c.GetMemberSince())},
		{Label: tr.T("Visibility"), Value: termOf(tr, c.GetVisibility())},
		{Label: tr.T("Coordinator (private)"), Value: contactLine(co)},
		{Label: tr.T("Coordinator's e-mail"), Value: co.GetEmail(), Href: mailto(co.GetEmail())},
		{Label: tr.T("Coordinator's phone"), Value: co.GetPhone()},
		{Label: tr.T("Contact point for other cities (published)"), Items: contactPointItems(tr, c.GetContactPoint())},
		{Label: tr.T("Version"), Value: strconv.FormatInt(c.GetVersion(), 10)},
	}}
	if s := whereSentence(tr, record.KindCity, c.GetVisibility()); s != "" {
		d.Where = s + " " + tr.T(coordinatorStays)
	}
	d.Texts = textsOf(tr, record.KindCity, c)
	h.pages.Render(w, http.StatusOK, "city", h.page(r, "/city", tr.T("City profile"), d))
}

// coordinatorStays is said wherever the profile's visibility is: the
// shared profile never carries the coordinator (record's city share).
const coordinatorStays = "The coordinator's contact never leaves this node."

func population(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

// populationIn is the population as the profile's page shows it: grouped
// the way tr's language groups digits ("357 377" in Swedish); English
// keeps the plain number the form takes.
func populationIn(tr *i18n.Translator, n int64) string {
	if n == 0 || tr.Lang() == i18n.English {
		return population(n)
	}
	return tr.Number(n)
}

func year(y int32) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(int(y))
}

type cityFormData struct {
	Form    *webui.Form
	City    *hcnetv1.City
	Version int64
	Wheres  []where
	Stays   string
	// ContactPoints are the kinds the published contact point may be.
	ContactPoints []contactPointChoice
}

func (h *Handler) cityForm(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	res, err := h.city.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderCityForm(w, r, http.StatusOK, webui.NewForm(cityValues(res.GetCity())), res.GetCity(), res.GetCity().GetVersion())
}

// renderCityForm shows the form; version is the one the officer opened,
// kept through errors so a change made meanwhile is not overwritten.
func (h *Handler) renderCityForm(w http.ResponseWriter, r *http.Request, code int, f *webui.Form, c *hcnetv1.City, version int64) {
	tr := h.tr(r)
	d := cityFormData{Form: f, City: c, Version: version, Wheres: wheres(record.KindCity, carriedIn{}), Stays: tr.T(coordinatorStays),
		ContactPoints: contactPointChoices(tr)}
	h.pages.Render(w, code, "city_form", h.page(r, "/city", tr.T("Edit the city profile"), d))
}

func (h *Handler) saveCity(w http.ResponseWriter, r *http.Request) {
	f := webui.NewForm(r.PostForm)
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	ctx, cancel := h.call(r)
	defer cancel()
	cur, err := h.city.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	c := &hcnetv1.City{Version: version}
	tr := h.tr(r)
	spec := specIn(citySpec, tr)
	readCity(tr, f, c, spec)
	c.ContactPoint = readContactPoint(f, spec, tr, time.Now())
	if !f.HasErrors() {
		res, err := h.city.UpdateCity(ctx, &hcnetv1.UpdateCityRequest{City: c, UpdateMask: &fieldmaskpb.FieldMask{Paths: cityMask}})
		if err == nil {
			h.sessions.SetFlash(h.sessions.Get(r), tr.T("The city profile of “{{.Name}}” was saved.", "Name", res.GetCity().GetName()))
			http.Redirect(w, r, "/city", http.StatusSeeOther)
			return
		}
		if !spec.refused(f, err) {
			h.fail(w, r, err)
			return
		}
	}
	h.renderCityForm(w, r, formStatus, f, cur.GetCity(), version)
}

// readCity copies the form into c; only what cannot be sent (a word where
// a number goes) is checked here, the rest is the node's to judge; its
// problems are said in tr's language with spec's labels.
func readCity(tr *i18n.Translator, f *webui.Form, c *hcnetv1.City, spec formSpec) {
	c.Name = strings.TrimSpace(f.Get("name"))
	c.Region = strings.TrimSpace(f.Get("region"))
	c.Website = strings.TrimSpace(f.Get("website"))
	c.Description = strings.TrimSpace(f.Get("description"))
	c.Languages = webui.List(f.Get("languages"))
	c.Visibility = enumField[hcnetv1.Visibility](f, "visibility", spec)
	// Officers write 345 000 or 345,000 as often as 345000.
	if raw := strings.NewReplacer(" ", "", "\u00a0", "", ",", "", ".", "").Replace(f.Get("population")); raw != "" {
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			f.Add("population", spec.labels["population"], tr.T("must be a whole number of residents, like 357377"))
		}
		c.Population = n
	}
	if raw := strings.TrimSpace(f.Get("member_since")); raw != "" {
		n, err := strconv.ParseInt(raw, 10, 32)
		if err != nil {
			f.Add("member_since", spec.labels["member_since"], tr.T("must be a year, like 1988"))
		}
		c.MemberSince = int32(n)
	}
	c.Coordinator = contactIn(f, "coordinator")
}

// cityValues fills the form from the stored profile.
func cityValues(c *hcnetv1.City) url.Values {
	v := url.Values{
		"name": {c.GetName()}, "region": {c.GetRegion()}, "population": {population(c.GetPopulation())},
		"languages": {strings.Join(c.GetLanguages(), ", ")}, "website": {c.GetWebsite()}, "description": {c.GetDescription()},
		"member_since": {year(c.GetMemberSince())}, "visibility": {record.ShortName(c.GetVisibility())},
	}
	contactValues(v, "coordinator", c.GetCoordinator())
	contactPointValues(v, c.GetContactPoint())
	return v
}
