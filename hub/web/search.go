package web

import (
	"html"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// facetParams are the query parameters of the search filters, one per
// facet the hub counts, in the order the page lists them.
var facetParams = []struct{ facet, param, label string }{
	{"kind", "kind", "Kind"},
	{"sdg", "sdg", "SDG goal"},
	{"sector", "sector", "Sector"},
	{"setting", "setting", "Setting"},
	{"mechanism", "mechanism", "Key mechanism"},
	{"country", "country", "Country"},
	{"city", "city", "City"},
}

// FacetLink is one value of a facet: a link that adds the filter, or
// removes it when it is on.
type FacetLink struct {
	Label string
	Count int64
	On    bool
	Href  string
}

// FacetGroup is one facet's links.
type FacetGroup struct {
	Label string
	Links []FacetLink
}

// ActiveFilter is a filter in force, with the link that removes it.
type ActiveFilter struct{ Label, Remove string }

type searchData struct {
	Query   string
	Form    *webui.Form
	Res     *hcnetv1.SearchPracticesResponse
	Facets  []FacetGroup
	Active  []ActiveFilter
	NextURL string
	tr      *i18n.Translator
	names   *cityNames
}

// search runs the query in the URL; every facet link is a URL too, so
// results can be bookmarked and shared and need no JavaScript.
func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	tr := h.tr(r)
	f, vs := searchFilter(tr, q)
	d := searchData{Query: q.Get("q"), Form: webui.NewForm(q), tr: tr}
	for _, p := range vs {
		d.Form.Add("q", tr.T("Search"), p)
	}
	code := http.StatusOK
	var names *cityNames
	ctx, cancel := h.call(r)
	defer cancel()
	if !d.Form.HasErrors() {
		res, err := h.hub.SearchPractices(ctx, &hcnetv1.SearchPracticesRequest{Query: d.Query, Filter: f, PageSize: 20, PageToken: q.Get("page"), Lang: tr.Lang()})
		if viols, msg, ok := webui.Violations(err); ok {
			// A query the engine cannot parse: say so next to the box.
			for _, v := range viols {
				d.Form.Add("q", tr.T("Search"), v.GetDescription())
			}
			if len(viols) == 0 {
				d.Form.Add("q", tr.T("Search"), msg)
			}
			code = http.StatusBadRequest
		} else if err != nil {
			h.fail(w, r, err)
			return
		} else if names, err = h.nameCities(ctx, searchCities(q, res), nil); err != nil {
			h.fail(w, r, err)
			return
		} else {
			d.Res, d.names = res, names
			d.Facets = facetGroups(tr, names, q, res.GetFacets())
			if t := res.GetNextPageToken(); t != "" {
				next := clone(q)
				next.Set("page", t)
				d.NextURL = "/search?" + next.Encode()
			}
		}
	}
	for _, fp := range facetParams {
		for _, v := range q[fp.param] {
			d.Active = append(d.Active, ActiveFilter{Label: tr.T("{{.Name}}: {{.Value}}", "Name", tr.T(fp.label), "Value", facetLabel(tr, names, fp.facet, v)), Remove: toggle(q, fp.param, v)})
		}
	}
	h.pages.Render(w, code, "search", h.page(r, "/search", tr.T("Search practices"), d))
}

// searchFilter reads the filters from the URL; what cannot be a filter
// value (a word where an SDG number goes) is reported, not sent.
func searchFilter(tr *i18n.Translator, q url.Values) (*hcnetv1.SearchFilter, []string) {
	f := &hcnetv1.SearchFilter{Countries: q["country"], Cities: q["city"], Kinds: q["kind"]}
	var problems []string
	for _, s := range q["sdg"] {
		n, err := strconv.Atoi(s)
		if err != nil {
			problems = append(problems, tr.T("SDG goal {{.Value}} is not a number", "Value", strconv.Quote(s)))
			continue
		}
		f.SdgGoals = append(f.SdgGoals, int32(n))
	}
	var err error
	if f.Sectors, err = record.ParseEnums[hcnetv1.Sector](q["sector"]); err != nil {
		problems = append(problems, err.Error())
	}
	if f.Settings, err = record.ParseEnums[hcnetv1.Setting](q["setting"]); err != nil {
		problems = append(problems, err.Error())
	}
	if f.Mechanisms, err = record.ParseEnums[hcnetv1.Mechanism](q["mechanism"]); err != nil {
		problems = append(problems, err.Error())
	}
	return f, problems
}

func facetGroups(tr *i18n.Translator, names *cityNames, q url.Values, facets []*hcnetv1.Facet) []FacetGroup {
	byName := map[string]*hcnetv1.Facet{}
	for _, f := range facets {
		byName[f.GetName()] = f
	}
	var out []FacetGroup
	for _, fp := range facetParams {
		f := byName[fp.facet]
		if f == nil || len(f.GetCounts()) == 0 {
			continue
		}
		g := FacetGroup{Label: tr.T(fp.label)}
		for _, c := range f.GetCounts() {
			on := contains(q[fp.param], c.GetValue())
			g.Links = append(g.Links, FacetLink{Label: facetLabel(tr, names, fp.facet, c.GetValue()), Count: c.GetCount(), On: on, Href: toggle(q, fp.param, c.GetValue())})
		}
		out = append(out, g)
	}
	return out
}

// toggle is the search URL with the filter param=value added, or removed
// when it is on. A new filter starts again at the first page.
func toggle(q url.Values, param, value string) string {
	next := clone(q)
	next.Del("page")
	if contains(q[param], value) {
		var keep []string
		for _, v := range q[param] {
			if v != value {
				keep = append(keep, v)
			}
		}
		next[param] = keep
		if len(keep) == 0 {
			next.Del(param)
		}
	} else {
		next.Add(param, value)
	}
	if len(next) == 0 {
		return "/search"
	}
	return "/search?" + next.Encode()
}

func clone(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

func contains(items []string, s string) bool {
	for _, it := range items {
		if it == s {
			return true
		}
	}
	return false
}

// facetValue is how a facet value reads in tr's language: "SDG 3",
// "urban planning" (a word of the vocabulary), "SE".
func facetValue(tr *i18n.Translator, facet, v string) string {
	if f := facetWords[facet]; f != nil {
		return f(tr, v)
	}
	return tr.Term(facetEnums[facet]+"."+v, webui.Words(v))
}

// facetLabel is facetValue, with cities called by their names.
func facetLabel(tr *i18n.Translator, names *cityNames, facet, v string) string {
	if facet == "city" {
		return names.ofID(v)
	}
	return facetValue(tr, facet, v)
}

// searchCities are the cities a search page names: those of its hits,
// and those of its city facet and filters, which count cities by id
// alone, in each country the page names.
func searchCities(q url.Values, res *hcnetv1.SearchPracticesResponse) []cityKey {
	var keys []cityKey
	countries := slices.Clone(q["country"])
	for _, hit := range res.GetHits() {
		keys = append(keys, cityKey{hit.GetCountry(), hit.GetCityId()})
		countries = append(countries, hit.GetCountry())
	}
	ids := slices.Clone(q["city"])
	for _, f := range res.GetFacets() {
		for _, c := range f.GetCounts() {
			// The city facet, not the city kind of record.
			if f.GetName() == "country" {
				countries = append(countries, c.GetValue())
			} else if f.GetName() == "city" {
				ids = append(ids, c.GetValue())
			}
		}
	}
	slices.Sort(countries)
	countries = slices.Compact(countries)
	for _, id := range ids {
		for _, country := range countries {
			keys = append(keys, cityKey{country, id})
		}
	}
	return keys
}

// facetWords write the values of the facets that are not words of the
// vocabulary; facetEnums name the enum whose words the others are.
var (
	facetWords = map[string]func(tr *i18n.Translator, v string) string{
		"sdg":     func(tr *i18n.Translator, v string) string { return tr.T("SDG {{.Goal}}", "Goal", v) },
		"country": func(_ *i18n.Translator, v string) string { return strings.ToUpper(v) },
		"city":    func(_ *i18n.Translator, v string) string { return v },
		"kind":    func(tr *i18n.Translator, v string) string { return tr.T(v) },
	}
	facetEnums = map[string]string{"sector": "Sector", "setting": "Setting", "mechanism": "Mechanism"}
)

// snippet marks the matched words the hub put in [brackets].
func snippet(s string) template.HTML {
	e := html.EscapeString(s)
	e = strings.ReplaceAll(e, "[", "<mark>")
	e = strings.ReplaceAll(e, "]", "</mark>")
	if strings.Count(e, "<mark>") != strings.Count(e, "</mark>") {
		return template.HTML(html.EscapeString(s))
	}
	return template.HTML(e)
}

func funcs() template.FuncMap {
	return template.FuncMap{
		"snippet":    snippet,
		"facetValue": facetValue,
		"recordHref": recordHref,
		"cityHref":   cityHref,
		// year is the year of an ISO 8601 date, "" of no date.
		"year": func(date string) string {
			if len(date) < 4 {
				return date
			}
			return date[:4]
		},
		"upper": strings.ToUpper,
		// shortName is an enum value's word in links and comparisons,
		// which stay English whatever the page's language.
		"shortName": record.ShortName,
	}
}

// CityName is what the city of a hit is called.
func (d searchData) CityName(h *hcnetv1.SearchHit) string {
	if d.names == nil {
		return h.GetCityId()
	}
	return d.names.of(h.GetCountry(), h.GetCityId())
}

// Lang is the lang attribute of a hit's title and summary.
func (d searchData) Lang(h *hcnetv1.SearchHit) template.HTMLAttr { return langAttr(h.GetLang()) }

// Href is the page a hit opens, reading as the hit does: a hit shown in
// a language that is neither the reader's nor the original (the one a
// search matched best) asks the page for that language.
func (d searchData) Href(h *hcnetv1.SearchHit) string {
	href := recordHref(h.GetCountry(), h.GetCityId(), h.GetId())
	l := h.GetLang()
	if l == "" || l == h.GetOriginalLanguage() || l == d.tr.Lang() {
		return href
	}
	return href + "?" + url.Values{"text": {l}}.Encode()
}

// OriginalNote marks a hit shown in its original language, one other
// than the reader's ("Original in Swedish"); "" for any other hit.
func (d searchData) OriginalNote(h *hcnetv1.SearchHit) string {
	l := h.GetLang()
	if l == "" || l != h.GetOriginalLanguage() || primary(l) == primary(d.tr.Lang()) {
		return ""
	}
	return d.tr.T("Original in {{.Language}}", "Language", languageName(d.tr, l))
}
