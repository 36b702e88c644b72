package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// These tests run hcctl in-process against real nodes.

type result struct {
	stdout, stderr string
	code           int
}

// hcctl runs the command line args against node n, finding the token
// through n's data folder as an officer would.
func hcctl(tb testing.TB, n *nodetest.Node, args ...string) result {
	tb.Helper()
	return runWith(tb, nil, append([]string{"--node", n.Addr, "--dir", n.Dir}, args...)...)
}

func runWith(tb testing.TB, env map[string]string, args ...string) result {
	tb.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, Env{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string { return env[k] },
	})
	return result{stdout: out.String(), stderr: errb.String(), code: code}
}

// ok runs a command that must succeed and returns its output.
func ok(tb testing.TB, n *nodetest.Node, args ...string) string {
	tb.Helper()
	r := hcctl(tb, n, args...)
	if r.code != 0 {
		tb.Fatalf("hcctl %q: exit %d\n%s", args, r.code, r.stderr)
	}
	return r.stdout
}

// fails runs a command that must fail and returns its stderr.
func fails(tb testing.TB, n *nodetest.Node, args ...string) string {
	tb.Helper()
	r := hcctl(tb, n, args...)
	if r.code == 0 {
		tb.Fatalf("hcctl %q succeeded, want failure\n%s", args, r.stdout)
	}
	return r.stderr
}

func decode[M proto.Message](tb testing.TB, s string, m M) M {
	tb.Helper()
	if err := protojson.Unmarshal([]byte(s), m); err != nil {
		tb.Fatalf("output is not %T JSON: %v\n%s", m, err, s)
	}
	return m
}

func addPartner(tb testing.TB, n *nodetest.Node, args ...string) *hcnetv1.Partner {
	tb.Helper()
	out := ok(tb, n, append([]string{"partner", "add", "-o", "json", "--visibility", "network"}, args...)...)
	return decode(tb, out, &hcnetv1.CreatePartnerResponse{}).GetPartner()
}

func TestPartnershipOfThreeSectors(t *testing.T) {
	n := nodetest.Start(t)
	city := addPartner(t, n, "--organisation", "Malmö stad, stadsbyggnadskontoret", "--kind", "local_government_department", "--sector", "urban_planning")
	health := addPartner(t, n, "--organisation", "Vårdcentralen Rosengård", "--kind", "public_agency", "--sector", "health")
	school := addPartner(t, n, "--organisation", "Örtagårdsskolan", "--kind", "local_government_department", "--sector", "education")

	out := ok(t, n, "partnership", "add", "-o", "json",
		"--title", "Aktiva skolgårdar i Rosengård", "--level", "across_sectors", "--status", "active", "--visibility", "public",
		// By name, by name with a comma, and by id.
		"--partner", "Vårdcentralen Rosengård:health checks", "--partner", "Malmö stad, stadsbyggnadskontoret:lead",
		"--partner", school.GetId()+":provides the school yard",
		"--sector", "health,education", "--sector", "urban_planning", "--setting", "schools",
		"--mechanism", "tackle_hot_local_issues", "--sdg", "3", "--sdg-target", "3.4,11.7",
		"--equity-group", "children in crowded housing", "--start-date", "2025-03-01")
	created := decode(t, out, &hcnetv1.CreatePartnershipResponse{}).GetPartnership()
	wantMembers := []*hcnetv1.PartnershipMember{
		{PartnerId: health.GetId(), Role: "health checks"},
		{PartnerId: city.GetId(), Role: "lead"},
		{PartnerId: school.GetId(), Role: "provides the school yard"},
	}
	if len(created.GetPartners()) != 3 {
		t.Fatalf("partners = %v", created.GetPartners())
	}
	for i, m := range created.GetPartners() {
		assertMessage(t, m, wantMembers[i])
	}

	table := ok(t, n, "partnership", "list")
	lines := strings.Split(strings.TrimSpace(table), "\n")
	if len(lines) != 2 {
		t.Fatalf("table has %d lines, want header and one row:\n%s", len(lines), table)
	}
	for _, want := range []string{"ID", "TITLE", "LEVEL", "STATUS", "PARTNERS", "SECTORS"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("header %q lacks %s", lines[0], want)
		}
	}
	for _, want := range []string{created.GetId(), "Aktiva skolgårdar i Rosengård", "across_sectors", "active", " 3 ", "health, education, urban_planning", "public"} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("row %q lacks %q", lines[1], want)
		}
	}

	list := decode(t, ok(t, n, "partnership", "list", "-o", "json", "--sector", "education"), &hcnetv1.ListPartnershipsResponse{})
	if len(list.GetPartnerships()) != 1 || !proto.Equal(list.GetPartnerships()[0], created) {
		t.Fatalf("json list = %v, want the created partnership", list)
	}
	if got := decode(t, ok(t, n, "partnership", "list", "-o", "json", "--sector", "housing"), &hcnetv1.ListPartnershipsResponse{}); len(got.GetPartnerships()) != 0 {
		t.Fatalf("filter on housing found %v", got)
	}

	csv := ok(t, n, "partner", "list", "-o", "csv")
	if !strings.HasPrefix(csv, "id,organisation,kind,sector,visibility\n") || !strings.Contains(csv, `"Malmö stad, stadsbyggnadskontoret"`) {
		t.Fatalf("csv list:\n%s", csv)
	}
}

func TestOtherKinds(t *testing.T) {
	n := nodetest.Start(t)
	plan := decode(t, ok(t, n, "plan", "add", "-o", "json", "--title", "Folkhälsoplan 2024–2030", "--status", "draft", "--visibility", "public",
		"--period-start-year", "2024", "--period-end-year", "2030", "--goal", "g1:Mindre ensamhet bland äldre",
		"--action", "Öppna mötesplatser|g1|2025-06-30|planned"), &hcnetv1.CreateHealthPlanResponse{}).GetHealthPlan()
	actionID := plan.GetActions()[0].GetId()
	if actionID == "" {
		t.Fatalf("the node gave the action no id: %v", plan)
	}
	plan = decode(t, ok(t, n, "plan", "update", plan.GetId(), "-o", "json", "--action-status", actionID+"=done"), &hcnetv1.UpdateHealthPlanResponse{}).GetHealthPlan()
	if plan.GetActions()[0].GetStatus() != hcnetv1.ActionStatus_ACTION_STATUS_DONE {
		t.Fatalf("action = %v", plan.GetActions()[0])
	}

	ind := decode(t, ok(t, n, "indicator", "add", "-o", "json", "--plan-id", plan.GetId(), "--goal-id", "g1", "--name", "Ofta ensamma", "--unit", "%",
		"--direction", "decrease", "--baseline", "24", "--baseline-date", "2023-12-31", "--target", "15", "--target-date", "2030-12-31", "--visibility", "public"),
		&hcnetv1.CreateIndicatorResponse{}).GetIndicator()
	ok(t, n, "indicator", "record", ind.GetId(), "--date", "2024-12-31", "--value", "22.5")
	out := ok(t, n, "indicator", "record", ind.GetId(), "--date", "2024-12-31", "--value", "31", "--district", "Rosengård", "-o", "json")
	if ms := decode(t, out, &hcnetv1.RecordMeasurementResponse{}).GetIndicator().GetMeasurements(); len(ms) != 2 {
		t.Fatalf("measurements = %v", ms)
	}
	if table := ok(t, n, "indicator", "list", "--plan-id", plan.GetId()); !strings.Contains(table, "22.5 (2024-12-31)") {
		t.Fatalf("latest value missing:\n%s", table)
	}

	pr := decode(t, ok(t, n, "practice", "add", "-o", "json", "--lang", "sv", "--title", "Mötesplatser", "--summary", "Mot ensamhet",
		"--status", "ongoing", "--visibility", "public"), &hcnetv1.CreatePracticeResponse{}).GetPractice()
	pr = decode(t, ok(t, n, "practice", "update", pr.GetId(), "-o", "json", "--lang", "en", "--title", "Meeting places"), &hcnetv1.UpdatePracticeResponse{}).GetPractice()
	if len(pr.GetTexts()) != 2 || pr.GetOriginalLanguage() != "sv" {
		t.Fatalf("practice texts = %v, original %q", pr.GetTexts(), pr.GetOriginalLanguage())
	}

	s := decode(t, ok(t, n, "success", "add", "-o", "json", "--title", "Ensamheten minskade", "--outcome", "En tredjedel färre",
		"--partner-city", "se/lund/Lund", "--visibility", "public"), &hcnetv1.CreateSuccessResponse{}).GetSuccess()
	e := decode(t, ok(t, n, "success", "endorse", "-o", "json", "--city", "lund", "--country", "SE", "--success", s.GetId(), "--visibility", "public"),
		&hcnetv1.CreateEndorsementResponse{}).GetEndorsement()
	if got := ok(t, n, "endorsement", "list"); !strings.Contains(got, "se/lund/"+s.GetId()) {
		t.Fatalf("endorsement list:\n%s", got)
	}
	if got := ok(t, n, "endorsement", "delete", e.GetId()); got != "deleted endorsement "+e.GetId()+"\n" {
		t.Fatalf("delete: %q", got)
	}
	if stderr := fails(t, n, "endorsement", "get", e.GetId()); !strings.Contains(stderr, "not found") {
		t.Fatalf("get after delete: %q", stderr)
	}

	city := decode(t, ok(t, n, "city", "update", "-o", "json", "--population", "362133", "--language", "sv,en"), &hcnetv1.UpdateCityResponse{}).GetCity()
	if city.GetPopulation() != 362133 || city.GetId() != n.CityID {
		t.Fatalf("city = %v", city)
	}
}

func TestListAllFollowsPages(t *testing.T) {
	n := nodetest.Start(t)
	for _, name := range []string{"A", "B", "C", "D", "E"} {
		addPartner(t, n, "--organisation", "Förening "+name, "--kind", "ngo", "--sector", "culture")
	}
	r := hcctl(t, n, "partner", "list", "--page-size", "2")
	if r.code != 0 || strings.Count(r.stdout, "\n") != 3 || !strings.Contains(r.stderr, "--page-token") {
		t.Fatalf("one page: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	all := decode(t, ok(t, n, "partner", "list", "--page-size", "2", "--all", "-o", "json"), &hcnetv1.ListPartnersResponse{})
	if len(all.GetPartners()) != 5 || all.GetNextPageToken() != "" || all.GetTotalSize() != 5 {
		t.Fatalf("--all = %d partners, token %q, total %d", len(all.GetPartners()), all.GetNextPageToken(), all.GetTotalSize())
	}
}
