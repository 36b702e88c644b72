package web

import (
	"math"
	"net/http"
	"net/url"
	"sort"

	"github.com/hcnet/hcnet/internal/chart"
	"github.com/hcnet/hcnet/internal/equity"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// matrixView is a city's equity matrix, after WHO's Urban HEART: a row
// per shared indicator with district or group values, a column per
// district and group, each cell the gap to the city as a whole or to the
// target.
type matrixView struct {
	Country, CityID, CityName, CityHref string
	Opts                                gapOptions
	Columns                             []string
	Rows                                []matrixRow
	// Read counts the indicators read, More is set when the city shares
	// more than a page reads (the newest are read).
	Read int
	More bool
}

// matrixRow is one indicator: its whole-city value and target, and a
// cell per column.
type matrixRow struct {
	Anchor string
	Link   Link
	I      *hcnetv1.Indicator
	// Latest is the newest whole-city measurement, nil without one.
	Latest *hcnetv1.Measurement
	Cells  []matrixCell
}

// matrixCell is one district's or group's standing; Gap is nil where
// the indicator has no values for it.
type matrixCell struct {
	Gap *equity.Gap
	// Standing is what the cell's colour and symbol say: the gap to the
	// city, or to the target when the reader chose that.
	Standing equity.Standing
	// CityPct and TargetPct are the gaps in percent, without sign: the
	// words say which way.
	CityPct, TargetPct float64
	// Higher: the value is above what it is compared with.
	Higher, AboveTarget bool
	// Symbol goes with the colour, so the cell reads without it.
	CitySymbol, TargetSymbol string
}

// symbols stand beside each standing's colour and words.
var symbols = map[equity.Standing]string{
	equity.Worse: "✕", equity.Near: "≈", equity.Better: "✓", equity.Differs: "≠", equity.Unmeasured: "–",
	equity.Far: "✕", equity.Close: "≈", equity.Reached: "✓",
}

// matrixAnchor is the id of an indicator's row, which its page links to.
func matrixAnchor(id string) string { return "indicator-" + id }

// equityHref is the address of a city's matrix.
func equityHref(country, city string) string { return cityHref(country, city) + "/equity" }

// hasBreakdown tells whether an indicator has district or group values.
func hasBreakdown(ind *hcnetv1.Indicator) bool {
	for _, m := range ind.GetMeasurements() {
		if m.GetBreakdown().GetLabel() != "" {
			return true
		}
	}
	return false
}

// equityMatrix is a city's equity matrix.
func (h *Handler) equityMatrix(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	country, city := r.PathValue("country"), r.PathValue("city")
	l := h.linker(country, city).in(h.tr(r))
	v := &matrixView{Country: country, CityID: city, CityName: city, CityHref: cityHref(country, city), Opts: h.readGapOptions(r)}
	name, profileHref, err := l.cityName(ctx, country, city)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v.CityName = name
	hits, more, err := h.cityRecords(ctx, country, city, []string{string(record.KindIndicator)})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if profileHref == "" && len(hits) == 0 {
		tr := h.tr(r)
		h.pages.Render(w, http.StatusNotFound, "problem", h.page(r, "/members", tr.T("Problem"),
			map[string]string{"Message": tr.T("The hub holds nothing from this city. It may not be a member, or has shared nothing yet.")}))
		return
	}
	recs, cut, err := l.readHits(ctx, hits)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v.Read = len(recs)
	var inds []*hcnetv1.Indicator
	for _, rec := range recs {
		if ind := rec.GetRecord().GetIndicator(); ind != nil && hasBreakdown(ind) {
			inds = append(inds, ind)
		}
	}
	v.More = more || cut
	v.fill(l.tr, inds)
	title := h.tr(r).T("Equity matrix of {{.City}}", "City", v.CityName)
	h.pages.Render(w, v.Opts.status(), "equity", h.page(r, "/gaps", title, v))
}

// fill lays the indicators out as rows, with a column for every
// district and group any of them has: districts first, then groups,
// each by label, as equity.Gaps orders them, named in tr's language.
func (v *matrixView) fill(tr *i18n.Translator, inds []*hcnetv1.Indicator) {
	type column struct {
		kind  hcnetv1.BreakdownKind
		label string
	}
	seen := map[column]bool{}
	var cols []*hcnetv1.Breakdown
	gaps := make([][]equity.Gap, len(inds))
	for i, ind := range inds {
		gaps[i] = equity.Gaps(ind, v.Opts.Threshold)
		for _, g := range gaps[i] {
			if c := (column{g.Breakdown.GetKind(), g.Breakdown.GetLabel()}); !seen[c] {
				seen[c] = true
				cols = append(cols, g.Breakdown)
			}
		}
	}
	sort.Slice(cols, func(i, j int) bool { return equity.Less(cols[i], cols[j]) })
	at := map[column]int{}
	for i, b := range cols {
		at[column{b.GetKind(), b.GetLabel()}] = i
		v.Columns = append(v.Columns, chart.BreakdownNameIn(tr, b))
	}
	for i, ind := range inds {
		row := matrixRow{Anchor: matrixAnchor(ind.GetId()), I: ind, Latest: latest(ind, ""), Cells: make([]matrixCell, len(v.Columns)),
			Link: Link{Href: recordHref(v.Country, v.CityID, ind.GetId()), Text: ind.GetName()}}
		for _, g := range gaps[i] {
			g := g
			cell := matrixCell{Gap: &g, Standing: g.Against, CityPct: percent(g.ToCity), TargetPct: percent(g.ToTarget),
				Higher: g.ToCity > 0, AboveTarget: g.ToTarget > 0, CitySymbol: symbols[g.Against], TargetSymbol: symbols[g.Target]}
			if v.Opts.ByTarget {
				cell.Standing = g.Target
			}
			row.Cells[at[column{g.Breakdown.GetKind(), g.Breakdown.GetLabel()}]] = cell
		}
		v.Rows = append(v.Rows, row)
	}
}

// percent is a relative gap in percent to one decimal, without its
// sign: whole percent would show a gap just past a threshold of 10 % as
// "10 %". A gap too small to show is 0.1 %, never 0 %, since it is one.
func percent(share float64) float64 {
	p := math.Round(math.Abs(share)*1000) / 10
	if p == 0 && share != 0 {
		return 0.1
	}
	return p
}

// matrixLink is where a city's matrix is reached from: the city's
// page, or an indicator's row from the indicator's page.
func matrixLink(country, city, indicatorID string) string {
	u := equityHref(country, city)
	if indicatorID != "" {
		u += "#" + url.PathEscape(matrixAnchor(indicatorID))
	}
	return u
}
