package web

import (
	"net/http"

	"github.com/hcnet/hcnet/internal/chart"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/reflect/protoreflect"
)

type dashboardData struct {
	City         *hcnetv1.City
	Partnerships []*hcnetv1.Partnership
	Charts       []chart.BarChart
}

// dashboard counts the city's partnerships by sector, level, mechanism
// and status. Every value of each vocabulary gets a bar, zero included:
// a mechanism nobody uses is worth seeing too.
func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	city, err := h.city.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ps, err := allPartnerships(ctx, h.city)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	bySector, byLevel, byMech, byStatus := map[int32]float64{}, map[int32]float64{}, map[int32]float64{}, map[int32]float64{}
	for _, p := range ps {
		for _, s := range uniq(p.GetSectors()) {
			bySector[int32(s)]++
		}
		for _, m := range uniq(p.GetMechanisms()) {
			byMech[int32(m)]++
		}
		byLevel[int32(p.GetLevel())]++
		byStatus[int32(p.GetStatus())]++
	}
	tr := h.tr(r)
	count := counter(tr, "{{.Count}} partnership", "{{.Count}} partnerships")
	chartOf := func(id, title, desc string, ed protoreflect.EnumDescriptor, counts map[int32]float64) chart.BarChart {
		return chart.BarChart{ID: id, Title: tr.T(title), Desc: tr.T(desc), Unit: tr.T("partnerships"), Tr: tr, Count: count, Bars: bars(tr, ed, counts)}
	}
	data := dashboardData{City: city.GetCity(), Partnerships: ps, Charts: []chart.BarChart{
		chartOf("by-sector", "Partnerships by sector", "How many of the city's partnerships draw on each sector; a partnership may draw on several.",
			hcnetv1.Sector(0).Descriptor(), bySector),
		chartOf("by-level", "Partnerships by level", "Where the city's partnerships sit: within the health sector, within the public sector, between cities or across sectors.",
			hcnetv1.PartnershipLevel(0).Descriptor(), byLevel),
		chartOf("by-mechanism", "Partnerships by key mechanism", "How many partnerships use each key mechanism of a strong partnership (Jakarta statement).",
			hcnetv1.Mechanism(0).Descriptor(), byMech),
		chartOf("by-status", "Partnerships by status", "Where the city's partnerships are in their life.",
			hcnetv1.PartnershipStatus(0).Descriptor(), byStatus),
	}}
	h.pages.Render(w, http.StatusOK, "dashboard", h.page(r, "/", tr.T("Dashboard"), data))
}

// counter writes a count with its noun in tr's plural forms.
func counter(tr *i18n.Translator, one, other string) func(float64) string {
	return func(v float64) string { return tr.N(one, other, int64(v)) }
}

// bars gives every value of the enum a bar, in the vocabulary's order,
// labelled in the reader's language.
func bars(tr *i18n.Translator, ed protoreflect.EnumDescriptor, counts map[int32]float64) []chart.Bar {
	var out []chart.Bar
	for _, name := range record.ShortNames(ed) {
		n, _ := record.ParseEnumDescriptor(ed, name)
		out = append(out, chart.Bar{Label: tr.Term(webui.TermID(ed, name), webui.Words(name)), Value: counts[int32(n)]})
	}
	return out
}

func uniq[E comparable](items []E) []E {
	seen := map[E]bool{}
	var out []E
	for _, e := range items {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}
