package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// equityCities is a hub with two member cities whose indicators have
// district and group values. Malmö's loneliness (lower is better) has
// Rosengård 34 % above the city, "Limhamn <Bunkeflo>" 6 % below and
// women 65+ 15 % above, measured after the city's latest value; its
// physical activity (higher is better) has Rosengård 20 % above and
// Husie 20 % below. Lund's loneliness has Centrum 50 % above. Lund's
// partnership reaches "Residents of ROSENGARD", its practice "Women 65+
// living alone".
type equityCities struct {
	srv                  *httptest.Server
	loneliness, activity string
	lundIndicator        string
	partnership          string
}

func startEquityCities(t *testing.T) *equityCities {
	t.Helper()
	ctx := context.Background()
	h := hubtest.Start(t)
	malmo := nodetest.Start(t)
	lund := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	member(t, h, malmo)
	member(t, h, lund)
	district := func(label string) *hcnetv1.Breakdown {
		return &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT, Label: label}
	}
	group := func(label string) *hcnetv1.Breakdown {
		return &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_GROUP, Label: label}
	}
	indicator := func(c hcnetv1.CityServiceClient, name string, dir hcnetv1.IndicatorDirection, ms ...*hcnetv1.Measurement) string {
		t.Helper()
		plan, err := c.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Health plan with " + name)})
		if err != nil {
			t.Fatal(err)
		}
		ind := nodetest.Indicator(plan.GetHealthPlan().GetId(), "g1", name)
		ind.Direction, ind.Measurements = dir, ms
		res, err := c.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: ind})
		if err != nil {
			t.Fatal(err)
		}
		return res.GetIndicator().GetId()
	}
	decrease, increase := hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_DECREASE, hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_INCREASE
	ec := &equityCities{}
	mc := malmo.Client(t)
	ec.loneliness = indicator(mc, "Loneliness among residents 75+", decrease,
		&hcnetv1.Measurement{Date: "2024-12-31", Value: 17},
		&hcnetv1.Measurement{Date: "2025-12-31", Value: 16},
		&hcnetv1.Measurement{Date: "2025-12-31", Value: 21.5, Breakdown: district("Rosengård")},
		&hcnetv1.Measurement{Date: "2025-12-31", Value: 15, Breakdown: district("Limhamn <Bunkeflo>")},
		&hcnetv1.Measurement{Date: "2026-03-31", Value: 18.4, Breakdown: group("women 65+")},
	)
	ec.activity = indicator(mc, "Residents physically active", increase,
		&hcnetv1.Measurement{Date: "2025-12-31", Value: 50},
		&hcnetv1.Measurement{Date: "2025-12-31", Value: 60, Breakdown: district("Rosengård")},
		&hcnetv1.Measurement{Date: "2025-12-31", Value: 40, Breakdown: district("Husie")},
	)
	lc := lund.Client(t)
	ec.lundIndicator = indicator(lc, "Loneliness in Lund", decrease,
		&hcnetv1.Measurement{Date: "2025-12-31", Value: 10},
		&hcnetv1.Measurement{Date: "2025-12-31", Value: 15, Breakdown: district("Centrum")},
	)
	partner, err := lc.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner("Lunds kommun")})
	if err != nil {
		t.Fatal(err)
	}
	ps := nodetest.Partnership("Meeting places with Rosengård", partner.GetPartner().GetId())
	ps.EquityGroups = []string{"Residents of ROSENGARD"}
	pr, err := lc.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: ps})
	if err != nil {
		t.Fatal(err)
	}
	ec.partnership = pr.GetPartnership().GetId()
	pract := nodetest.Practice("Lunch clubs for older women")
	pract.EquityGroups = []string{"Women 65+ living alone"}
	if _, err := lc.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: pract}); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "the hub holds the shared records", func() bool {
		st, err := h.Client(t).GetStats(ctx, &hcnetv1.GetStatsRequest{})
		return err == nil && st.GetIndicators() == 3 && st.GetPartnerships() == 1 && st.GetPractices() == 1
	})
	ec.srv = servePages(t, h)
	return ec
}

func (ec *equityCities) get(t *testing.T, path string) (int, string) {
	t.Helper()
	code, _, body := (&network{srv: ec.srv}).get(t, path)
	return code, body
}

// matrixCells are the cells of an indicator's row in the matrix, by
// column.
func matrixCells(t *testing.T, page, indicatorID string) []string {
	t.Helper()
	start := strings.Index(page, `<tr id="indicator-`+indicatorID+`">`)
	if start < 0 {
		t.Fatalf("the matrix has no row for indicator %s:\n%s", indicatorID, page)
	}
	row := page[start:]
	row = row[:strings.Index(row, "</tr>")]
	return strings.Split(row, "<td")[1:]
}

func TestEquityMatrix(t *testing.T) {
	ec := startEquityCities(t)
	code, page := ec.get(t, "/cities/se/malmo/equity")
	if code != http.StatusOK {
		t.Fatalf("matrix: %d\n%s", code, page)
	}
	// Columns: districts by label, then groups; the label escaped.
	heads := regexp.MustCompile(`<th scope="col">([^<]*)</th>`).FindAllStringSubmatch(page, -1)
	var cols []string
	for _, h := range heads {
		cols = append(cols, h[1])
	}
	want := []string{"Indicator", "District: Husie", "District: Limhamn &lt;Bunkeflo&gt;", "District: Rosengård", "Group: women 65&#43;"}
	if strings.Join(cols, "|") != strings.Join(want, "|") {
		t.Fatalf("columns %q, want %q", cols, want)
	}
	if strings.Contains(page, "<Bunkeflo>") {
		t.Fatal("a district's label is not escaped")
	}

	lone := matrixCells(t, page, ec.loneliness)
	for i, c := range []struct{ class, words string }{
		{"gap-none", "no values"},
		{"gap-near", "within the threshold (6.3%)"},
		{"gap-worse", "34.4% worse than the city"},
		{"gap-worse", "15% worse than the city"},
	} {
		if !strings.Contains(lone[i], `class="gap `+c.class+`"`) || !strings.Contains(lone[i], c.words) {
			t.Errorf("loneliness, %s: want %s with %q:\n%s", want[i+1], c.class, c.words, lone[i])
		}
	}
	// Women 65+ were measured after the city's latest value: the cell
	// says which value it is compared with.
	mustContain(t, lone[3], "against the city&#39;s value of 2025-12-31", "✕")
	if strings.Contains(lone[2], "against the city") {
		t.Errorf("Rosengård is compared with a value of its own date, yet names another:\n%s", lone[2])
	}
	// Higher is better here: 20 % above the city is better, 20 % below
	// is worse.
	act := matrixCells(t, page, ec.activity)
	for i, c := range []struct{ class, words string }{
		{"gap-worse", "20% worse than the city"},
		{"gap-none", "no values"},
		{"gap-better", "20% better than the city"},
	} {
		if !strings.Contains(act[i], `class="gap `+c.class+`"`) || !strings.Contains(act[i], c.words) {
			t.Errorf("activity, %s: want %s with %q:\n%s", want[i+1], c.class, c.words, act[i])
		}
	}
	mustContain(t, page, "How to read it", "worse than the whole city by more than 10%")
	// The city's own value and target carry their unit.
	mustContain(t, page, "Whole city: 16% (2025-12-31)", `Target: 12% <span class="date">(2030-12-31)</span>`)

	// A larger threshold: Rosengård's 34 % is within 40 %.
	_, page = ec.get(t, "/cities/se/malmo/equity?threshold=40")
	if lone := matrixCells(t, page, ec.loneliness); !strings.Contains(lone[2], `class="gap gap-near"`) {
		t.Errorf("at 40 %%, Rosengård is still marked:\n%s", lone[2])
	}
	// Against the target (12): Rosengård's 21.5 is far from it.
	_, page = ec.get(t, "/cities/se/malmo/equity?against=target")
	if lone := matrixCells(t, page, ec.loneliness); !strings.Contains(lone[2], `class="gap gap-far"`) || !strings.Contains(lone[2], "79.2% short of the target") {
		t.Errorf("against the target, Rosengård:\n%s", lone[2])
	}
	// A threshold that is no number is a problem next to its field; the
	// matrix still shows, at the default.
	code, page = ec.get(t, "/cities/se/malmo/equity?threshold=a%3Cb")
	if code != http.StatusBadRequest {
		t.Fatalf("a bad threshold: %d", code)
	}
	mustContain(t, page, `id="threshold-error"`, "Give the threshold as a number of percent", `value="a&lt;b"`, "34.4% worse than the city")
	if code, _ := ec.get(t, "/cities/se/malmo/equity?threshold=0"); code != http.StatusBadRequest {
		t.Fatalf("a threshold of 0: %d", code)
	}
	if code, _ := ec.get(t, "/cities/se/nowhere/equity"); code != http.StatusNotFound {
		t.Fatalf("a city the hub does not know: %d", code)
	}

	// Reached from the city's page and from the indicator's.
	_, page = ec.get(t, "/cities/se/malmo")
	mustContain(t, page, `href="/cities/se/malmo/equity"`)
	_, page = ec.get(t, "/records/se/malmo/"+ec.loneliness)
	mustContain(t, page, `href="/cities/se/malmo/equity#indicator-`+ec.loneliness+`"`)
}

func TestEquityGapsAcrossNetwork(t *testing.T) {
	ec := startEquityCities(t)
	code, page := ec.get(t, "/gaps")
	if code != http.StatusOK {
		t.Fatalf("gaps: %d\n%s", code, page)
	}
	mustContain(t, page, "4 districts and groups are worse than their city by more than 10%")
	rows := regexp.MustCompile(`(?s)<tr>\s*<td class="num">(\d+)</td>\s*<th scope="row"><a href="([^"]*)">([^<]*)</a></th>\s*<td><a href="([^"]*)">`).FindAllStringSubmatch(page, -1)
	var got []string
	for _, r := range rows {
		got = append(got, r[1]+" "+r[3]+" "+r[4])
	}
	want := []string{
		"1 District: Centrum /cities/se/lund",
		"2 District: Rosengård /cities/se/malmo",
		"3 District: Husie /cities/se/malmo",
		"4 Group: women 65&#43; /cities/se/malmo",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("gaps, largest first: %q, want %q", got, want)
	}
	// Each row links its city's matrix at the indicator's row; Limhamn,
	// within the threshold, and Rosengård's better activity are not
	// listed.
	if rows[0][2] != "/cities/se/lund/equity#indicator-"+ec.lundIndicator {
		t.Errorf("the largest gap links %q", rows[0][2])
	}
	if strings.Contains(page, "Limhamn") {
		t.Error("a district within the threshold is listed")
	}
	// Rosengård's row names Lund, whose partnership reaches "Residents of
	// ROSENGARD"; women 65+ name Lund for its practice.
	rosengard := page[strings.Index(page, ">District: Rosengård</a>"):]
	rosengard = rosengard[:strings.Index(rosengard, "</tr>")]
	mustContain(t, rosengard, "34.4% worse", "21.5% against 16% for the whole city", "higher than the city; lower is better", `<a href="/cities/se/lund">Lund</a>`)
	husie := page[strings.Index(page, ">District: Husie</a>"):]
	husie = husie[:strings.Index(husie, "</tr>")]
	mustContain(t, husie, "lower than the city; higher is better", "none found")

	groups := page[strings.Index(page, `id="groups"`):]
	mustContain(t, groups, "Rosengård", "partnership", `href="/records/se/lund/`+ec.partnership+`"`, "Meeting places with Rosengård",
		"reaches “Residents of ROSENGARD”", "Lunch clubs for older women", "reaches “Women 65&#43; living alone”",
		"No partnership or practice in the network names this group yet.")

	// Reached from the home page and the navigation.
	_, page = ec.get(t, "/")
	mustContain(t, page, `<a href="/gaps">Equity gaps across the network</a>`, `<a href="/gaps">Equity gaps</a>`)
}
