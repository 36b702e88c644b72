package fedtest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	hubweb "github.com/hcnet/hcnet/hub/web"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// publicPages serves hub h's web pages as anyone sees them: without the
// admin token.
func publicPages(t *testing.T, h *hubtest.Hub) string {
	t.Helper()
	conn, err := grpc.NewClient(h.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	web, err := hubweb.New(hcnetv1.NewHubServiceClient(conn), hubweb.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web)
	t.Cleanup(srv.Close)
	return srv.URL
}

func getPage(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", url, res.StatusCode, b)
	}
	return string(b)
}

var rowRe = regexp.MustCompile(`(?s)<tr[ >].*?</tr>`)

// row is the table row of page whose header cell names who.
func row(t *testing.T, page, who string) string {
	t.Helper()
	for _, r := range rowRe.FindAllString(page, -1) {
		if strings.Contains(r, ">"+who+"<") {
			return r
		}
	}
	t.Fatalf("no row for %s in:\n%s", who, page)
	return ""
}

// TestRegionalHubListsNetworksWithTheirCities: the regional hub's
// members page shows a national network as a network, with each city it
// vouches for, by the name the national hub's signed attestation gives,
// the records it forwarded for that city, the city's own reporting light
// and the attestation; a city that is the regional hub's own member is
// listed as before.
func TestRegionalHubListsNetworksWithTheirCities(t *testing.T) {
	ctx := context.Background()
	f := startThreeLevels(t)
	lund := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	member(t, f.national, lund, true)
	cph := nodetest.StartWith(t, nodetest.Options{CityID: "copenhagen", Name: "København", Country: "dk"})
	member(t, f.regional, cph, true)

	// Malmö shares an adopted plan and a practice (reporting); Lund and
	// Copenhagen a practice each (no adopted plan shared).
	plan := nodetest.HealthPlan("Malmö stads hälsoplan")
	plan.Visibility = hcnetv1.Visibility_VISIBILITY_PUBLIC
	var ids []string
	p, err := f.city.Client(t).CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: plan})
	if err != nil {
		t.Fatal(err)
	}
	ids = append(ids, p.GetHealthPlan().GetId())
	for _, n := range []*nodetest.Node{f.city, lund, cph} {
		pr, err := n.Client(t).CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Mötesplatser", hcnetv1.Visibility_VISIBILITY_PUBLIC)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, pr.GetPractice().GetId())
	}
	// A record that stays in the national network is not forwarded.
	if _, err := lund.Client(t).CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Bara i nätverket", hcnetv1.Visibility_VISIBILITY_NETWORK)}); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		poll.Until(t, "record "+id+" at the regional hub", func() bool { return hubVersion(t, f.regional, id) == 1 })
	}
	var network string
	poll.Until(t, "the national hub vouches for both cities", func() bool {
		ms, err := f.regional.Client(t).ListMembers(ctx, &hcnetv1.ListMembersRequest{})
		if err != nil {
			return false
		}
		for _, m := range ms.GetMembers() {
			if m.GetHub() && len(m.GetVouches()) == 2 {
				network = m.GetName()
				return true
			}
		}
		return false
	})
	// Each city's name is what the national hub approved, in its signed
	// attestation: the regional hub holds no city profile of them.
	ms, err := f.regional.Client(t).ListMembers(ctx, &hcnetv1.ListMembersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range ms.GetMembers() {
		for _, v := range m.GetVouches() {
			names = append(names, v.GetCityId()+"="+v.GetCityName())
		}
	}
	if got := strings.Join(names, " "); got != "lund=Lund malmo=Malmö" {
		t.Errorf("the vouches name %q, want lund=Lund malmo=Malmö", got)
	}

	page := getPage(t, publicPages(t, f.regional)+"/members")
	hubRow := row(t, page, network)
	for _, want := range []string{`<span class="tag">member hub</span>`, "a network of 2 cities", "1 of 2 reporting", `<td class="num" data-label="Records">3</td>`, "approved since"} {
		if !strings.Contains(hubRow, want) {
			t.Errorf("the network's row lacks %q:\n%s", want, hubRow)
		}
	}
	if strings.Contains(hubRow, "nothing shared yet") {
		t.Errorf("the network is shown as a city that shared nothing:\n%s", hubRow)
	}
	for _, c := range []struct {
		city, name, light, count string
	}{
		{"malmo", "Malmö", `<span class="status green">Reporting</span>`, `<td class="num" data-label="Records">2</td>`},
		{"lund", "Lund", `<span class="status amber">No adopted plan shared</span>`, `<td class="num" data-label="Records">1</td>`},
	} {
		r := row(t, page, c.name)
		for _, want := range []string{`class="network-city"`, `href="/cities/se/` + c.city + `"`, c.light, c.count,
			"through " + network, "Vouched for by " + network + " since ", "Yes, last "} {
			if !strings.Contains(r, want) {
				t.Errorf("%s's row lacks %q:\n%s", c.city, want, r)
			}
		}
		if strings.Contains(r, "Not counted") {
			t.Errorf("%s's attestation is shown as overridden:\n%s", c.city, r)
		}
	}
	for _, id := range []string{">malmo<", ">lund<"} {
		if strings.Contains(page, id) {
			t.Errorf("a network's city is named by its id %s:\n%s", id, page)
		}
	}
	// The network's cities come right after it, before any other member.
	if i, j, k := strings.Index(page, ">"+network+"<"), strings.Index(page, ">Malmö<"), strings.Index(page, ">Lund<"); !(i < j && i < k) {
		t.Errorf("the cities are not listed under their network (%d, %d, %d)", i, j, k)
	}

	// Copenhagen's count is what the regional hub holds from it: its
	// practice and its city profile, shared with its own hub.
	var held int
	if err := f.regional.Hub.Store.DB().Read.QueryRow(`SELECT count(*) FROM records WHERE country = 'dk' AND city_id = 'copenhagen'`).Scan(&held); err != nil || held < 1 {
		t.Fatalf("copenhagen's records at the regional hub: %d (%v)", held, err)
	}
	direct := row(t, page, "København")
	for _, want := range []string{`href="/cities/dk/copenhagen"`, `<span class="status amber">No adopted plan shared</span>`, fmt.Sprintf(`<td class="num" data-label="Records">%d</td>`, held), "approved since"} {
		if !strings.Contains(direct, want) {
			t.Errorf("the direct member's row lacks %q:\n%s", want, direct)
		}
	}
	if strings.Contains(direct, "network-city") {
		t.Errorf("a direct member is listed as a network's city:\n%s", direct)
	}
	// Counted by city: Malmö reports; Lund and Copenhagen partly.
	if !strings.Contains(page, "1 reporting · 2 partly · 0 overdue") {
		t.Errorf("the totals do not count the network's cities:\n%s", page)
	}

	// The annual report's member table shows the network the same way.
	report := getPage(t, publicPages(t, f.regional)+"/report")
	if r := row(t, report, network+" (SE) "); !strings.Contains(r, "A network of 2 cities, judged per city below: 1 reporting") {
		t.Errorf("the report's network row:\n%s", r)
	}
	for city, light := range map[string]string{"Malmö": `<span class="status green">Reporting</span>`, "Lund": `<span class="status amber">No adopted plan shared</span>`} {
		if r := row(t, report, city+" (SE)"); !strings.Contains(r, light) || !strings.Contains(r, "through "+network) {
			t.Errorf("the report's row for %s:\n%s", city, r)
		}
	}
	// The summary says what it counts: member networks, the cities
	// through them, the hub's own member cities, and cities reporting.
	for _, want := range []string{`<span class="n">1</span> member network<`, `<span class="n">2</span> cities through the member networks`,
		`<span class="n">1</span> direct member city<`, `<span class="n">1</span> city reporting`} {
		if !strings.Contains(report, want) {
			t.Errorf("the report's summary lacks %q: it does not count the network's reporting cities", want)
		}
	}
	// The member table's CSV has the network's cities after it.
	table := getPage(t, publicPages(t, f.regional)+"/report.csv")
	for _, want := range []string{"\nse,se-net," + network + ",approved,Network: judged per city,false,false,false,0,",
		"\nse,malmo,Malmö,approved,Reporting,true,true,false,2,", "\nse,lund,Lund,approved,No adopted plan shared,false,true,false,1,",
		"\ndk,copenhagen,København,approved,No adopted plan shared,"} {
		if !strings.Contains(table, want) {
			t.Errorf("the member table lacks %q:\n%s", want, table)
		}
	}
	if i, j := strings.Index(table, "\nse,se-net,"), strings.Index(table, "\nse,malmo,"); i < 0 || j < i {
		t.Errorf("the network's cities do not follow it:\n%s", table)
	}
	// Plans in progress are counted per city: Malmö's adopted plan with
	// its one action, none for Lund, and no row for the network itself.
	plans := getPage(t, publicPages(t, f.regional)+"/report.csv?table=plans")
	for _, want := range []string{"\nse,malmo,Malmö,1,1,", "\nse,lund,Lund,0,0,", "\ndk,copenhagen,"} {
		if !strings.Contains(plans, want) {
			t.Errorf("the plans table lacks %q:\n%s", want, plans)
		}
	}
	if strings.Contains(plans, "se-net") {
		t.Errorf("the plans table counts the network as a city:\n%s", plans)
	}
}
