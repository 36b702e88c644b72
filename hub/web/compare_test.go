package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// codedCity shares a plan and an indicator with code, measured for the
// whole city at the values given (one a year from 2023) and for one
// district, and returns the indicator's id.
func codedCity(t *testing.T, n *nodetest.Node, code, name string, values ...float64) string {
	t.Helper()
	ctx := context.Background()
	c := n.Client(t)
	pl, err := c.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan(n.CityID + " health plan")})
	if err != nil {
		t.Fatal(err)
	}
	ind := nodetest.Indicator(pl.GetHealthPlan().GetId(), "g1", name) // lower is better, target 12
	ind.Code = code
	for i, v := range values {
		date := []string{"2023-12-31", "2024-12-31", "2025-12-31"}[i]
		ind.Measurements = append(ind.Measurements, &hcnetv1.Measurement{Date: date, Value: v},
			&hcnetv1.Measurement{Date: date, Value: v + 6, Breakdown: &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT, Label: "Centre"}})
	}
	res, err := c.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: ind})
	if err != nil {
		t.Fatal(err)
	}
	return res.GetIndicator().GetId()
}

// TestCompareIndicatorsAcrossCities: three member cities share an
// indicator with the same code; the comparison draws one line per city,
// tables each city's latest value, change and distance to its own target,
// and the CSV has the same three cities' rows. A code one city reports is
// not among those to compare, and a malformed code is refused next to
// the field.
func TestCompareIndicatorsAcrossCities(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	malmo := nodetest.Start(t)
	lund := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	umea := nodetest.StartWith(t, nodetest.Options{CityID: "umea", Name: "Umeå", Country: "se"})
	for _, n := range []*nodetest.Node{malmo, lund, umea} {
		member(t, h, n)
	}
	const code = "kolada:N00945"
	malmoID := codedCity(t, malmo, code, "Loneliness 75+", 18, 17.5, 16)
	codedCity(t, lund, code, "Ensamhet <75+>", 14, 11.5)
	codedCity(t, umea, code, `=HYPERLINK("http://evil.example","x")`, 20)
	codedCity(t, malmo, "kolada:U00001", "Only Malmö measures this", 3)
	poll.Until(t, "the hub holds the four indicators", func() bool {
		st, err := h.Client(t).GetStats(ctx, &hcnetv1.GetStatsRequest{})
		return err == nil && st.GetIndicators() == 4
	})
	srv := servePages(t, h)
	nw := network{srv: srv}

	status, _, page := nw.get(t, "/compare")
	if status != http.StatusOK {
		t.Fatalf("/compare: %d\n%s", status, page)
	}
	mustContain(t, page, `<a href="/compare?code=kolada%3aN00945">kolada:N00945</a>`, `<td class="num">3</td>`)
	if strings.Contains(page, "kolada:U00001") {
		t.Error("a code only one city reports is listed to compare")
	}

	status, _, page = nw.get(t, "/records/se/malmo/"+malmoID)
	if status != http.StatusOK {
		t.Fatalf("indicator page: %d", status)
	}
	mustContain(t, page, `<code>kolada:N00945</code>`, `href="/compare?code=kolada%3aN00945"`)

	status, _, page = nw.get(t, "/compare?code=kolada:N00945")
	if status != http.StatusOK {
		t.Fatalf("comparison: %d\n%s", status, page)
	}
	if n := strings.Count(page, `<g class="series" role="list"`); n != 3 {
		t.Errorf("the chart has %d series, want 3", n)
	}
	mustContain(t, page, `<g class="series" role="list" aria-label="Malmö">`, `<g class="series" role="list" aria-label="Lund">`,
		`<g class="series" role="list" aria-label="Umeå">`,
		// Malmö: lower is better, 17.5 → 16 is better, 4 to go to 12.
		`<a href="/cities/se/malmo">Malmö</a></th>`, `data-label="Latest value">16%</td><td class="date" data-label="Date">2025-12-31</td>`,
		`-1.5 <span class="status green">better</span>`, `since 2024-12-31`, `4% to go`,
		// Lund is past its target; its name is escaped.
		`Ensamhet &lt;75&#43;&gt;`, `<strong>reached</strong>`,
		// Umeå has one value.
		`one value so far`, `8% to go`,
		`href="/compare.csv?code=kolada%3AN00945"`, "3 member cities report indicators with the code kolada:N00945.")
	if strings.Contains(page, "Only Malmö measures this") || strings.Contains(page, "Ensamhet <75+>") {
		t.Error("the comparison shows another code's indicator, or a name unescaped")
	}
	if strings.Contains(page, `aria-label="District: Centre"`) {
		t.Error("the comparison charts a district as if it were a city")
	}

	status, hdr, body := nw.get(t, "/compare.csv?code=kolada:N00945")
	if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %d %s", status, hdr.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("CSV has %d rows, want a header and three cities:\n%s", len(rows), body)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	byCity := map[string][]string{}
	for _, r := range rows[1:] {
		byCity[r[col["city_id"]]] = r
	}
	if m := byCity["malmo"]; m == nil || m[col["latest_value"]] != "16" || m[col["change"]] != "-1.5" || m[col["trend"]] != "better" || m[col["to_target"]] != "-4" || m[col["city"]] != "Malmö" {
		t.Errorf("Malmö's row: %q", m)
	}
	if l := byCity["lund"]; l == nil || l[col["target_reached"]] != "true" || l[col["indicator"]] != "Ensamhet <75+>" {
		t.Errorf("Lund's row: %q", l)
	}
	if u := byCity["umea"]; u == nil || u[col["indicator"]] != `'=HYPERLINK("http://evil.example","x")` || u[col["previous_value"]] != "" {
		t.Errorf("Umeå's row, its formula-like name not neutralised: %q", u)
	}

	status, _, page = nw.get(t, "/compare?code=kolada:N00000")
	if status != http.StatusOK {
		t.Fatalf("a code nobody reports: %d", status)
	}
	mustContain(t, page, "No member city shares an indicator with the code kolada:N00000.")
	if strings.Contains(page, "compare.csv") {
		t.Error("a comparison of nothing offers a download")
	}

	status, _, page = nw.get(t, "/compare?code=N00945")
	if status != http.StatusBadRequest {
		t.Fatalf("a code without a scheme: %d, want 400", status)
	}
	mustContain(t, page, `aria-invalid="true"`, "names no scheme", `value="N00945"`)
}
