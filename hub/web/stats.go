package web

import (
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/hcnet/hcnet/internal/chart"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

type statsData struct {
	Scope  string
	Stats  *hcnetv1.GetStatsResponse
	Charts []chart.BarChart
}

// stats charts what the network shares, or one city's share with
// ?city=COUNTRY/CITY.
func (h *Handler) stats(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	req := &hcnetv1.GetStatsRequest{}
	tr := h.tr(r)
	if c := r.URL.Query().Get("city"); c != "" {
		req.Country, req.CityId, _ = strings.Cut(c, "/")
	}
	st, err := h.hub.GetStats(ctx, req)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	// One city's chart names no cities (its bars are its own
	// indicators), but the page names the city it is about.
	keys := []cityKey{{req.GetCountry(), req.GetCityId()}}
	if req.GetCountry() == "" {
		keys = progressCities(st)
	}
	names, err := h.nameCities(ctx, keys, nil)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	scope := ""
	if req.GetCountry() != "" {
		scope = names.of(req.GetCountry(), req.GetCityId()) + " (" + strings.ToUpper(req.GetCountry()) + ")"
	}
	d := statsData{Scope: scope, Stats: st, Charts: statsCharts(tr, names, st, req.GetCountry() != "", req.GetCountry() == "")}
	h.pages.Render(w, http.StatusOK, "stats", h.page(r, "/stats", tr.T("Statistics"), d))
}

// statsCharts are the charts of a GetStats answer, naming cities by
// names (of progressCities). With links, bars of a property search can
// filter by link to that search.
func statsCharts(tr *i18n.Translator, names *cityNames, st *hcnetv1.GetStatsResponse, oneCity, links bool) []chart.BarChart {
	var out []chart.BarChart
	for _, by := range st.GetPartnershipsBy() {
		by := by
		p := partnershipsBy[by.GetName()]
		c := chart.BarChart{ID: "partnerships-by-" + by.GetName(), Unit: tr.Term("Unit.partnerships", "partnerships"), Tr: tr,
			Title: tr.T(p.title), Desc: tr.T(p.desc), Count: counter(tr, "{{.Count}} partnership", "{{.Count}} partnerships")}
		for _, fc := range by.GetCounts() {
			b := chart.Bar{Label: tr.Term(p.enum+"."+fc.GetValue(), webui.Words(fc.GetValue())), Value: float64(fc.GetCount())}
			if (by.GetName() == "sector" || by.GetName() == "mechanism") && links {
				b.Href = "/search?kind=partnership&" + by.GetName() + "=" + url.QueryEscape(fc.GetValue())
			}
			c.Bars = append(c.Bars, b)
		}
		out = append(out, c)
	}
	sdg := func(id, title, desc, unit string, count func(float64) string, kind string, counts []*hcnetv1.FacetCount) chart.BarChart {
		c := chart.BarChart{ID: id, Title: title, Unit: unit, Desc: desc, Tr: tr, Count: count}
		sorted := append([]*hcnetv1.FacetCount(nil), counts...)
		sort.SliceStable(sorted, func(i, j int) bool { return atoi(sorted[i].GetValue()) < atoi(sorted[j].GetValue()) })
		for _, fc := range sorted {
			b := chart.Bar{Label: tr.T("SDG {{.Goal}}", "Goal", fc.GetValue()), Value: float64(fc.GetCount())}
			if links {
				b.Href = "/search?kind=" + kind + "&sdg=" + url.QueryEscape(fc.GetValue())
			}
			c.Bars = append(c.Bars, b)
		}
		return c
	}
	out = append(out,
		sdg("practices-by-sdg", tr.T("Practices by SDG goal"), tr.T("Practices by SDG goal, one bar per Sustainable Development Goal."),
			tr.Term("Unit.practices", "practices"), counter(tr, "{{.Count}} practice", "{{.Count}} practices"), "practice", st.GetPracticesBySdg()),
		sdg("successes-by-sdg", tr.T("Successes by SDG goal"), tr.T("Successes by SDG goal, one bar per Sustainable Development Goal."),
			tr.Term("Unit.successes", "successes"), counter(tr, "{{.Count}} success", "{{.Count}} successes"), "success", st.GetSuccessesBySdg()))
	prog := chart.BarChart{ID: "indicator-progress", Title: tr.T("Indicator progress from baseline to target"), Percent: true, Max: 1, Tr: tr,
		Desc: tr.T("For each indicator with a measurement: how far its latest value has come from the baseline (0%) to the target (100%).")}
	for _, p := range st.GetIndicatorsProgress() {
		label := p.GetName()
		if !oneCity {
			label = tr.T("{{.Name}}: {{.Value}}", "Name", names.of(p.GetCountry(), p.GetCityId()), "Value", label)
		}
		prog.Bars = append(prog.Bars, chart.Bar{Label: label, Value: p.GetProgress()})
	}
	return append(out, prog)
}

// progressCities are the cities of st's indicator progress chart.
func progressCities(st *hcnetv1.GetStatsResponse) []cityKey {
	var keys []cityKey
	for _, p := range st.GetIndicatorsProgress() {
		keys = append(keys, cityKey{p.GetCountry(), p.GetCityId()})
	}
	return keys
}

// partnershipsBy are the charts of partnerships counted by a property:
// their title and description, and the enum whose words the bars are.
var partnershipsBy = map[string]struct{ title, desc, enum string }{
	"level":     {"Partnerships by level", "How many shared partnerships have each level.", "PartnershipLevel"},
	"sector":    {"Partnerships by sector", "How many shared partnerships have each sector.", "Sector"},
	"mechanism": {"Partnerships by key mechanism", "How many shared partnerships have each key mechanism.", "Mechanism"},
	"status":    {"Partnerships by status", "How many shared partnerships have each status.", "PartnershipStatus"},
}

// counter writes a count with its noun in tr's plural forms.
func counter(tr *i18n.Translator, one, other string) func(float64) string {
	return func(v float64) string { return tr.N(one, other, int64(v)) }
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 1 << 30
		}
		n = n*10 + int(r-'0')
	}
	return n
}
