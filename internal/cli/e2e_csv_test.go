package cli

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

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

	// The same file again is not imported twice; with --again its rows
	// (which carry their ids) replace rather than duplicate.
	if out := ok(t, to, "import", "--kind", "partners", pFile); !strings.HasPrefix(out, pFile+" was imported before (3 created, 0 updated); nothing written again.") {
		t.Fatalf("second import: %q", out)
	}
	if out := ok(t, to, "import", "--again", "--kind", "partners", pFile); out != "imported "+pFile+": 0 created, 3 updated\n" {
		t.Fatalf("import --again: %q", out)
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
		{
			title: "problems of the file and of the node in one run",
			kind:  "partners",
			file: "organisation,kind,sector,visibility,contact_email\n" +
				"Bra förening,ngo,health,network,ok@example.se\n" +
				"Fel,robot,health,network,inte en adress\n" +
				"Dålig,ngo,health,network,fel\n" +
				",ngo,health,network,\n",
			want: []string{
				`FILE:3: kind: unknown partner kind "robot"`,
				`FILE:3: contact_email: "inte en adress" is not an e-mail address`,
				`FILE:4: contact_email: "fel" is not an e-mail address`,
				"FILE:5: organisation: ",
			},
		},
		{
			title: "partnerships with problems of the file and of the node in one run",
			kind:  "partnerships",
			file: "title,partners,level,status,visibility,sdg_targets\n" +
				"Ny,Okänd förening (lead),across_sectors,active,public,3.4\n" +
				"Ny 2,Region Skåne (RS) (funder),across_sectors,active,public,tre\n",
			want: []string{
				`FILE:2: partners: unknown organisation "Okänd förening"`,
				`FILE:3: sdg_targets: "tre" is not an SDG target`,
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

// TestImportInChunks sends a file larger than one chunk: rows count across
// the whole stream, so a bad row in a later chunk is still reported at its
// own line, and a clean file arrives whole.
func TestImportInChunks(t *testing.T) {
	n := nodetest.Start(t)
	const rows = importChunk + 100
	file := filepath.Join(t.TempDir(), "many.csv")
	var b strings.Builder
	b.WriteString("organisation,kind,sector,visibility,contact_email\n")
	for i := range rows {
		email := fmt.Sprintf("kontakt%d@example.se", i)
		if i == rows-50 {
			email = "fel"
		}
		fmt.Fprintf(&b, "Förening nr %d,ngo,culture,private,%s\n", i, email)
	}
	writeFile(t, file, b.String())
	stderr := fails(t, n, "import", "--kind", "partners", file)
	want := fmt.Sprintf("%s:%d: contact_email: ", file, rows-50+2)
	if !strings.HasPrefix(stderr, want) {
		t.Fatalf("stderr = %q, want it to start with %q", stderr, want)
	}

	writeFile(t, file, strings.Replace(b.String(), ",fel\n", ",ratt@example.se\n", 1))
	if out := ok(t, n, "import", "--kind", "partners", file); out != fmt.Sprintf("imported %s: %d created, 0 updated\n", file, rows) {
		t.Fatalf("import: %q", out)
	}
}

// semicolons rewrites a sheet as a spreadsheet in a Swedish, German or
// French locale saves it: ";" between cells, a decimal comma in the SDG
// targets.
func semicolons(tb testing.TB, sheet string) string {
	tb.Helper()
	recs, err := csv.NewReader(strings.NewReader(sheet)).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Comma = ';'
	for i, rec := range recs {
		for j := range rec {
			if i > 0 && recs[0][j] == "sdg_targets" {
				rec[j] = strings.ReplaceAll(rec[j], ".", ",")
			}
		}
		if err := w.Write(rec); err != nil {
			tb.Fatal(err)
		}
	}
	w.Flush()
	return b.String()
}

// TestSpreadsheetRoundTripSharedNames moves partners, two of them with the
// same organisation name, and a partnership naming both to another node
// through files a European spreadsheet saved (semicolons, decimal
// commas), and exports them again unchanged.
func TestSpreadsheetRoundTripSharedNames(t *testing.T) {
	from := nodetest.Start(t)
	c := from.Client(t)
	ctx := context.Background()
	var ids []string
	for _, name := range []string{"Röda korset", "Röda korset", "Malmö stad"} {
		resp, err := c.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner(name)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, resp.GetPartner().GetId())
	}
	p := nodetest.Partnership("Besök, varje vecka", ids...)
	p.Sdg = &hcnetv1.SdgTags{Goals: []int32{3}, Targets: []string{"3.4", "3.d"}}
	if _, err := c.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: p}); err != nil {
		t.Fatal(err)
	}
	partners := ok(t, from, "export", "--kind", "partners")
	partnerships := ok(t, from, "export", "--kind", "partnerships")
	if !strings.Contains(partnerships, "3.4; 3.d") {
		t.Fatalf("export lacks the SDG targets:\n%s", partnerships)
	}

	to := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	dir := t.TempDir()
	pFile, psFile := filepath.Join(dir, "partners.csv"), filepath.Join(dir, "partnerships.csv")
	writeFile(t, pFile, semicolons(t, partners))
	writeFile(t, psFile, semicolons(t, partnerships))
	r := hcctl(t, to, "import", "--kind", "partners", pFile)
	if r.code != 0 || r.stdout != "imported "+pFile+": 3 created, 0 updated\n" {
		t.Fatalf("import partners: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if want := pFile + `:3: organisation: "Röda korset" is also the name of line 2`; !strings.Contains(r.stderr, "warning: "+want) {
		t.Fatalf("no warning about the shared name: %q", r.stderr)
	}
	if out := ok(t, to, "import", "--kind", "partnerships", psFile); out != "imported "+psFile+": 1 created, 0 updated\n" {
		t.Fatalf("import partnerships: %q", out)
	}
	if again := ok(t, to, "export", "--kind", "partners"); again != partners {
		t.Fatalf("partners differ after the round trip:\n%s\nvs\n%s", partners, again)
	}
	if again := ok(t, to, "export", "--kind", "partnerships"); again != partnerships {
		t.Fatalf("partnerships differ after the round trip:\n%s\nvs\n%s", partnerships, again)
	}
}
