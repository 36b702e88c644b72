package web

import (
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/hcnet/hcnet/internal/chart"
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
	scope := "the whole network"
	if c := r.URL.Query().Get("city"); c != "" {
		country, city, _ := strings.Cut(c, "/")
		req.Country, req.CityId = country, city
		scope = city + " (" + strings.ToUpper(country) + ")"
	}
	st, err := h.hub.GetStats(ctx, req)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := statsData{Scope: scope, Stats: st, Charts: statsCharts(st, req.GetCountry() != "", req.GetCountry() == "")}
	h.pages.Render(w, http.StatusOK, "stats", h.page(r, "/stats", "Statistics", d))
}

// statsCharts are the charts of a GetStats answer. With links, bars of a
// property search can filter by link to that search.
func statsCharts(st *hcnetv1.GetStatsResponse, oneCity, links bool) []chart.BarChart {
	var out []chart.BarChart
	titles := map[string]string{"level": "level", "sector": "sector", "mechanism": "key mechanism", "status": "status"}
	for _, by := range st.GetPartnershipsBy() {
		c := chart.BarChart{ID: "partnerships-by-" + by.GetName(), Unit: "partnerships",
			Title: "Partnerships by " + titles[by.GetName()],
			Desc:  "How many shared partnerships have each " + titles[by.GetName()] + "."}
		for _, fc := range by.GetCounts() {
			b := chart.Bar{Label: webui.Words(fc.GetValue()), Value: float64(fc.GetCount())}
			if (by.GetName() == "sector" || by.GetName() == "mechanism") && links {
				b.Href = "/search?kind=partnership&" + by.GetName() + "=" + url.QueryEscape(fc.GetValue())
			}
			c.Bars = append(c.Bars, b)
		}
		out = append(out, c)
	}
	sdg := func(id, title, unit, kind string, counts []*hcnetv1.FacetCount) chart.BarChart {
		c := chart.BarChart{ID: id, Title: title, Unit: unit, Desc: title + ", one bar per Sustainable Development Goal."}
		sorted := append([]*hcnetv1.FacetCount(nil), counts...)
		sort.SliceStable(sorted, func(i, j int) bool { return atoi(sorted[i].GetValue()) < atoi(sorted[j].GetValue()) })
		for _, fc := range sorted {
			b := chart.Bar{Label: "SDG " + fc.GetValue(), Value: float64(fc.GetCount())}
			if links {
				b.Href = "/search?kind=" + kind + "&sdg=" + url.QueryEscape(fc.GetValue())
			}
			c.Bars = append(c.Bars, b)
		}
		return c
	}
	out = append(out,
		sdg("practices-by-sdg", "Practices by SDG goal", "practices", "practice", st.GetPracticesBySdg()),
		sdg("successes-by-sdg", "Successes by SDG goal", "successes", "success", st.GetSuccessesBySdg()))
	prog := chart.BarChart{ID: "indicator-progress", Title: "Indicator progress from baseline to target", Percent: true, Max: 1,
		Desc: "For each indicator with a measurement: how far its latest value has come from the baseline (0%) to the target (100%)."}
	for _, p := range st.GetIndicatorsProgress() {
		label := p.GetName()
		if !oneCity {
			label = p.GetCityId() + ": " + label
		}
		prog.Bars = append(prog.Bars, chart.Bar{Label: label, Value: p.GetProgress()})
	}
	return append(out, prog)
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
