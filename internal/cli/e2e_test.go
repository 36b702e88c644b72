package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
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

func TestUpdateChangesOnlyFlaggedFields(t *testing.T) {
	n := nodetest.Start(t)
	p := addPartner(t, n, "--organisation", "Röda korset Malmö", "--kind", "ngo", "--sector", "social_services", "--description", "Volontärer", "--contact-name", "Åsa")
	out := ok(t, n, "partner", "update", p.GetId(), "--sector", "health", "--contact-email", "asa@example.se", "-o", "json")
	got := decode(t, out, &hcnetv1.UpdatePartnerResponse{}).GetPartner()
	want := proto.Clone(p).(*hcnetv1.Partner)
	want.Sector = hcnetv1.Sector_SECTOR_HEALTH
	want.Contact.Email = "asa@example.se"
	want.Version, want.UpdateTime = got.GetVersion(), got.GetUpdateTime()
	assertMessage(t, got, want)
	if got.GetVersion() != p.GetVersion()+1 {
		t.Fatalf("version = %d, want %d", got.GetVersion(), p.GetVersion()+1)
	}

	stderr := fails(t, n, "partner", "update", p.GetId())
	if !strings.Contains(stderr, "nothing to change") {
		t.Fatalf("stderr = %q", stderr)
	}
}

func TestStaleUpdateIsAborted(t *testing.T) {
	n := nodetest.Start(t)
	p := addPartner(t, n, "--organisation", "Fryshuset", "--kind", "ngo", "--sector", "sport")
	ok(t, n, "partner", "update", p.GetId(), "--description", "first change")
	// The officer still has the version they read before that change.
	stderr := fails(t, n, "partner", "update", p.GetId(), "--description", "second change", "--version", "1")
	want := "hcctl: update partner " + p.GetId() + ": changed by someone else since you read it; run again\n"
	if stderr != want {
		t.Fatalf("stderr = %q, want %q", stderr, want)
	}
	stderr = fails(t, n, "partner", "delete", p.GetId(), "--version", "1")
	if !strings.Contains(stderr, "changed by someone else") {
		t.Fatalf("stale delete: %q", stderr)
	}
	got := decode(t, ok(t, n, "partner", "get", p.GetId(), "-o", "json"), &hcnetv1.GetPartnerResponse{}).GetPartner()
	if got.GetDescription() != "first change" {
		t.Fatalf("description = %q after a refused update", got.GetDescription())
	}
}

func TestWrongToken(t *testing.T) {
	n := nodetest.Start(t)
	tests := []struct {
		title string
		env   map[string]string
		args  []string
	}{
		{title: "wrong --token", args: []string{"--node", n.Addr, "--token", "not-the-token", "city", "get"}},
		{title: "wrong HCNET_TOKEN", env: map[string]string{"HCNET_TOKEN": "nope", "HCNET_NODE": n.Addr}, args: []string{"partner", "list"}},
		{title: "no token at all", args: []string{"--node", n.Addr, "city", "get"}},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			r := runWith(t, tt.env, tt.args...)
			if r.code != exitError {
				t.Fatalf("exit %d, want %d", r.code, exitError)
			}
			for _, want := range []string{"did not accept the admin token", "--dir", "--token", "HCNET_TOKEN"} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr %q lacks %q", r.stderr, want)
				}
			}
			if strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("stderr is not one line: %q", r.stderr)
			}
		})
	}
}

func TestInvalidInputListsEveryField(t *testing.T) {
	n := nodetest.Start(t)
	stderr := fails(t, n, "partnership", "add", "--title", "", "--sdg", "18", "--sdg-target", "x.1", "--start-date", "2025-02-30")
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if !strings.HasPrefix(lines[0], "hcctl: add partnership: the node refused the input") {
		t.Fatalf("first line %q", lines[0])
	}
	for _, want := range []string{"partnership.title: ", "partnership.sdg.goals[0]: ", "partnership.sdg.targets[0]: ", "partnership.start_date: ", "partnership.visibility: "} {
		found := false
		for _, l := range lines[1:] {
			found = found || strings.HasPrefix(l, want)
		}
		if !found {
			t.Errorf("no line for %s in\n%s", want, stderr)
		}
	}
	if !strings.Contains(stderr, "(--sdg-target)") {
		t.Errorf("violations do not name their flags:\n%s", stderr)
	}
}

// fixturesOn fills a node with partners and partnerships whose text needs
// care in CSV: åäö, commas, quotes, line breaks.
func fixturesOn(tb testing.TB, n *nodetest.Node) {
	tb.Helper()
	c := n.Client(tb)
	ctx := context.Background()
	var ids []string
	for _, name := range []string{"Malmö stad, miljöförvaltningen", "Region Skåne (RS)", "Föreningen \"Äldre i Rörelse\""} {
		p := nodetest.Partner(name)
		p.Description = "Rad ett, med komma\nrad två"
		resp, err := c.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: p})
		if err != nil {
			tb.Fatal(err)
		}
		ids = append(ids, resp.GetPartner().GetId())
	}
	for _, title := range []string{"Promenader i Rosengård", "Skolgårdar; aktiva"} {
		p := nodetest.Partnership(title, ids...)
		p.Partners[1].Role = ""
		p.Description = "Träffar varje vecka,\n\"kaffe\" och samtal"
		if _, err := c.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: p}); err != nil {
			tb.Fatal(err)
		}
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	from := nodetest.Start(t)
	fixturesOn(t, from)
	to := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	dir := t.TempDir()

	partners := ok(t, from, "export", "--kind", "partners")
	partnerships := ok(t, from, "export", "--kind", "partnerships")
	if !strings.Contains(partners, "Malmö stad, miljöförvaltningen") || !strings.Contains(partnerships, "Region Skåne (RS) ()") {
		t.Fatalf("exports lack the fixtures:\n%s\n%s", partners, partnerships)
	}
	pFile, psFile := filepath.Join(dir, "partners.csv"), filepath.Join(dir, "partnerships.csv")
	writeFile(t, pFile, partners)
	writeFile(t, psFile, partnerships)

	if out := ok(t, to, "import", "--kind", "partners", pFile); out != "imported "+pFile+": 3 created, 0 updated\n" {
		t.Fatalf("import partners: %q", out)
	}
	if out := ok(t, to, "import", "--kind", "partnerships", psFile); out != "imported "+psFile+": 2 created, 0 updated\n" {
		t.Fatalf("import partnerships: %q", out)
	}
	if again := ok(t, to, "export", "--kind", "partners"); again != partners {
		t.Fatalf("partners differ after the round trip:\n%s\nvs\n%s", partners, again)
	}
	if again := ok(t, to, "export", "--kind", "partnerships", "--out", filepath.Join(dir, "again.csv")); again != "" {
		t.Fatalf("--out wrote to stdout: %q", again)
	}
	again, err := os.ReadFile(filepath.Join(dir, "again.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != partnerships {
		t.Fatalf("partnerships differ after the round trip:\n%s\nvs\n%s", partnerships, again)
	}

	// Importing the same file again replaces rather than duplicates.
	if out := ok(t, to, "import", "--kind", "partners", pFile); out != "imported "+pFile+": 0 created, 3 updated\n" {
		t.Fatalf("second import: %q", out)
	}
}

// dbHash fingerprints the node's database file and its write-ahead log,
// where a committed change would land first.
func dbHash(tb testing.TB, n *nodetest.Node) string {
	tb.Helper()
	h := sha256.New()
	for _, name := range []string{n.DBPath, n.DBPath + "-wal"} {
		b, err := os.ReadFile(name)
		if err != nil && !os.IsNotExist(err) {
			tb.Fatal(err)
		}
		h.Write([]byte(name))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestBadFileWritesNothing(t *testing.T) {
	n := nodetest.Start(t)
	fixturesOn(t, n)
	dir := t.TempDir()
	tests := []struct {
		title string
		kind  string
		file  string
		want  []string
	}{
		{
			title: "problems found while reading",
			kind:  "partners",
			file: "organisation,kind,sector,visibility,description\n" +
				"Ny förening,ngo,health,network,\n" +
				"\"Flera\nrader\",robot,health,network,x\n" + // line 3
				"Fel,ngo,astrology,everyone,\n" + // line 5
				"för,få\n", // line 6
			want: []string{
				`FILE:3: kind: unknown partner kind "robot"`,
				`FILE:5: sector: unknown sector "astrology"`,
				`FILE:5: visibility: unknown visibility "everyone"`,
				"FILE:6: has 2 cells; the header has 5",
			},
		},
		{
			title: "unknown organisations",
			kind:  "partnerships",
			file: "title,partners,level,status,visibility\n" +
				"Ny,Okänd förening (lead),across_sectors,active,public\n" +
				"Ny 2,\"Malmö stad, miljöförvaltningen (lead); Region Skåne (funder)\",across_sectors,active,public\n",
			want: []string{
				`FILE:2: partners: unknown organisation "Okänd förening"`,
				`FILE:3: partners: unknown organisation "Region Skåne"`,
			},
		},
		{
			title: "problems the node finds, at the lines of their rows",
			kind:  "partners",
			file: "organisation,kind,sector,visibility,contact_email,website,description\n" +
				"Bra förening,ngo,health,network,ok@example.se,,\n" +
				"Dålig,ngo,health,network,inte en adress,,\"två\nrader\"\n" + // line 3
				",ngo,health,network,,ftp://x,\n", // line 5
			want: []string{
				`FILE:3: contact_email: "inte en adress" is not an e-mail address`,
				"FILE:5: organisation: ",
				`FILE:5: website: "ftp://x" is not an http(s) address`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			file := filepath.Join(dir, strings.ReplaceAll(tt.title, " ", "_")+".csv")
			writeFile(t, file, tt.file)
			before := dbHash(t, n)
			r := hcctl(t, n, "import", "--kind", tt.kind, file)
			if r.code != exitError {
				t.Fatalf("exit %d, want %d\n%s", r.code, exitError, r.stderr)
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if len(lines) != len(tt.want)+1 {
				t.Fatalf("got %d lines, want %d problems and a summary:\n%s", len(lines), len(tt.want), r.stderr)
			}
			for i, w := range tt.want {
				if w = strings.ReplaceAll(w, "FILE", file); !strings.HasPrefix(lines[i], w) {
					t.Errorf("line %d = %q, want it to start with %q", i+1, lines[i], w)
				}
			}
			if last := lines[len(lines)-1]; !strings.HasSuffix(last, "nothing was imported") {
				t.Errorf("summary = %q", last)
			}
			if after := dbHash(t, n); after != before {
				t.Fatal("the database changed")
			}
		})
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
