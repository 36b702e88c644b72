package web

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/chart"
	"github.com/hcnet/hcnet/internal/csvio"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// comparePath is the page that compares the member cities reporting an
// indicator code (?code=kolada:N00945), and without one lists the codes
// several cities report.
const comparePath = "/compare"

// compareHref is the comparison of the cities reporting code.
func compareHref(code string) string { return comparePath + "?code=" + url.QueryEscape(code) }

// compareData is the comparison page: the code asked for (Form), the
// codes several cities report, and for a code, a row per indicator.
type compareData struct {
	Form  *webui.Form
	Code  string
	Codes []*hcnetv1.IndicatorCode
	Rows  []compareRow
	Chart chart.LineChart
	// Units lists the units the cities measure in when they differ, for
	// the page to warn that the values do not compare directly.
	Units     []string
	Truncated bool
	// Cities counts the cities of the rows; a city may report a code
	// with more than one indicator.
	Cities int
	CSV    string
}

// compareRow is one city's indicator with the code: its latest value for
// the whole city, the change since the measurement before, and how far
// it is from the city's own target.
type compareRow struct {
	Country, CityID, CityName, CityHref string
	Indicator                           Link
	I                                   *hcnetv1.Indicator
	Latest, Previous                    *hcnetv1.Measurement
	// Change is Latest − Previous; Trend says whether it went the way
	// the indicator's direction calls better ("better", "worse",
	// "unchanged", or "" without a direction or a previous value).
	Change float64
	Trend  string
	// ToTarget is target − Latest, the move still to make; Reached says
	// the latest value is at the target or beyond it on the better side
	// (never without a direction).
	ToTarget float64
	Reached  bool
}

// compare shows the comparison of ?code, or the codes to compare.
func (h *Handler) compare(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	tr := h.tr(r)
	code := strings.TrimSpace(r.URL.Query().Get("code"))
	d := compareData{Form: webui.NewForm(url.Values{"code": {code}}), Code: code}
	status := http.StatusOK
	if code != "" {
		rows, truncated, err := h.compareRows(ctx, code)
		if vs, msg, ok := webui.Refusals(err); ok {
			for _, v := range vs {
				d.Form.Add("code", tr.T("Code"), strings.TrimPrefix(webui.Said(tr, v, nil), "code: "))
			}
			if len(vs) == 0 {
				d.Form.Add("code", tr.T("Code"), msg)
			}
			status = http.StatusBadRequest
		} else if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Rows, d.Truncated = rows, truncated
		d.Chart = compareChart(tr, code, rows)
		d.Units = unitsOf(rows)
		d.Cities = len(citiesOf(rows))
		d.CSV = comparePath + ".csv?code=" + url.QueryEscape(code)
	}
	if code == "" || d.Form.HasErrors() {
		res, err := h.hub.ListIndicatorCodes(ctx, &hcnetv1.ListIndicatorCodesRequest{MinCities: 2})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Codes = res.GetCodes()
	}
	title := tr.T("Compare indicators")
	if code != "" && !d.Form.HasErrors() {
		title = tr.T("Cities compared on {{.Code}}", "Code", code)
	}
	h.pages.Render(w, status, "compare", h.page(r, comparePath, title, d))
}

// compareCSVHeader names the columns of the comparison's CSV, one row per
// indicator. New columns go last, so readers of the earlier ones go on
// working.
var compareCSVHeader = []string{"code", "country", "city_id", "city", "indicator_id", "indicator", "unit", "direction",
	"latest_date", "latest_value", "previous_date", "previous_value", "change", "trend",
	"baseline", "baseline_date", "target", "target_date", "to_target", "target_reached"}

// compareCSV is the comparison's table as CSV, the same rows the page
// shows.
func (h *Handler) compareCSV(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.call(r)
	defer cancel()
	code := strings.TrimSpace(r.URL.Query().Get("code"))
	if code == "" {
		http.Redirect(w, r, comparePath, http.StatusSeeOther)
		return
	}
	rows, _, err := h.compareRows(ctx, code)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	name := strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' {
			return c
		}
		return '-'
	}, code)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="compare-%s.csv"`, name))
	// Names and units are what member cities typed; the coordinator opens
	// the file in a spreadsheet, so no cell may start a formula.
	cw := csvio.NewWriter(w)
	cw.Write(compareCSVHeader)
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	for _, row := range rows {
		i := row.I
		rec := []string{code, row.Country, row.CityID, row.CityName, i.GetId(), i.GetName(), i.GetUnit(), record.ShortName(i.GetDirection()),
			"", "", "", "", "", row.Trend,
			num(i.GetBaseline()), i.GetBaselineDate(), num(i.GetTarget()), i.GetTargetDate(), "", ""}
		if row.Latest != nil {
			rec[8], rec[9] = row.Latest.GetDate(), num(row.Latest.GetValue())
			rec[18], rec[19] = num(row.ToTarget), strconv.FormatBool(row.Reached)
		}
		if row.Previous != nil {
			rec[10], rec[11], rec[12] = row.Previous.GetDate(), num(row.Previous.GetValue()), num(row.Change)
		}
		cw.Write(rec)
	}
	cw.Flush()
}

// compareRows reads the indicators with the code and makes a row of
// each, by city name.
func (h *Handler) compareRows(ctx context.Context, code string) ([]compareRow, bool, error) {
	res, err := h.hub.CompareIndicators(ctx, &hcnetv1.CompareIndicatorsRequest{Code: code})
	if err != nil {
		return nil, false, err
	}
	l := h.linker("", "")
	var keys []cityKey
	for _, rec := range res.GetRecords() {
		keys = append(keys, cityKey{rec.GetCountry(), rec.GetCityId()})
	}
	if err := l.nameCities(ctx, keys); err != nil {
		return nil, false, err
	}
	var rows []compareRow
	for _, rec := range res.GetRecords() {
		ind := rec.GetRecord().GetIndicator()
		if ind == nil {
			continue
		}
		row := compareRow{Country: rec.GetCountry(), CityID: rec.GetCityId(), I: ind,
			Indicator: Link{Href: recordHref(rec.GetCountry(), rec.GetCityId(), rec.GetId()), Text: ind.GetName()}}
		if row.CityName, row.CityHref, err = l.cityName(ctx, rec.GetCountry(), rec.GetCityId()); err != nil {
			return nil, false, err
		}
		row.Latest, row.Previous = lastTwo(ind)
		row.measure()
		rows = append(rows, row)
	}
	slices.SortStableFunc(rows, func(a, b compareRow) int {
		return cmp.Or(cmp.Compare(a.CityName, b.CityName), cmp.Compare(a.Country+"/"+a.CityID, b.Country+"/"+b.CityID))
	})
	return rows, res.GetTruncated(), nil
}

// lastTwo are an indicator's two newest measurements for the whole city:
// a district's or group's value describes part of the population and
// does not compare with another city's whole.
func lastTwo(ind *hcnetv1.Indicator) (latest, previous *hcnetv1.Measurement) {
	var whole []*hcnetv1.Measurement
	for _, m := range ind.GetMeasurements() {
		if m.GetBreakdown().GetLabel() == "" {
			whole = append(whole, m)
		}
	}
	slices.SortStableFunc(whole, func(a, b *hcnetv1.Measurement) int { return cmp.Compare(a.GetDate(), b.GetDate()) })
	switch n := len(whole); n {
	case 0:
		return nil, nil
	case 1:
		return whole[0], nil
	default:
		return whole[n-1], whole[n-2]
	}
}

// Gap is the distance to the target, however the target lies.
func (row compareRow) Gap() float64 { return math.Abs(row.ToTarget) }

// measure fills in the change and the distance to the target.
func (row *compareRow) measure() {
	if row.Latest == nil {
		return
	}
	dir := row.I.GetDirection()
	// better is +1 for a move d for the better, -1 for the worse, 0 for
	// none; without a direction a rise counts as better.
	better := func(d float64) int {
		switch {
		case d == 0:
			return 0
		case (d < 0) == (dir == hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_DECREASE):
			return 1
		}
		return -1
	}
	known := dir != hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_UNSPECIFIED
	if row.Previous != nil {
		row.Change = row.Latest.GetValue() - row.Previous.GetValue()
		switch b := better(row.Change); {
		case b == 0:
			row.Trend = "unchanged"
		case !known:
		case b > 0:
			row.Trend = "better"
		default:
			row.Trend = "worse"
		}
	}
	row.ToTarget = row.I.GetTarget() - row.Latest.GetValue()
	row.Reached = known && better(row.ToTarget) <= 0
}

// compareChart draws one line per city: each city's whole-city values.
func compareChart(tr *i18n.Translator, code string, rows []compareRow) chart.LineChart {
	c := chart.LineChart{ID: "compare", Tr: tr,
		Title: tr.T("{{.Code}}: the whole city's values, one line per city", "Code", code),
		Desc:  tr.T("Measured values for the whole city of each member city reporting {{.Code}}, over time, one line per city.", "Code", code),
	}
	if len(rows) > 0 {
		c.Unit = rows[0].I.GetUnit()
	}
	perCity := citiesOf(rows)
	for _, row := range rows {
		s := chart.Series{Name: row.CityName}
		if perCity[row.Country+"/"+row.CityID] > 1 {
			s.Name += " · " + row.I.GetName()
		}
		for _, m := range row.I.GetMeasurements() {
			if m.GetBreakdown().GetLabel() != "" {
				continue
			}
			if p, ok := point(m); ok {
				s.Points = append(s.Points, p)
			}
		}
		c.Series = append(c.Series, s)
	}
	return c
}

// point is a measurement as a chart's point; ok is false for a date the
// chart cannot place.
func point(m *hcnetv1.Measurement) (chart.Point, bool) {
	t, err := time.Parse(time.DateOnly, m.GetDate())
	return chart.Point{X: t, Y: m.GetValue(), Note: m.GetSource()}, err == nil
}

// citiesOf counts the rows of each city, by "country/city".
func citiesOf(rows []compareRow) map[string]int {
	n := map[string]int{}
	for _, row := range rows {
		n[row.Country+"/"+row.CityID]++
	}
	return n
}

// unitsOf are the units of the rows when they are not all the same.
func unitsOf(rows []compareRow) []string {
	var units []string
	for _, row := range rows {
		if u := row.I.GetUnit(); !slices.Contains(units, u) {
			units = append(units, u)
		}
	}
	if len(units) < 2 {
		return nil
	}
	return units
}
