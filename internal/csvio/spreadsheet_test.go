package csvio

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// asExcel rewrites a comma-separated sheet the way a spreadsheet in a
// Swedish, German or French locale saves it: ";" between cells, decimal
// commas in the SDG targets.
func asExcel(tb testing.TB, sheet string) string {
	tb.Helper()
	recs, err := csv.NewReader(strings.NewReader(sheet)).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	targets := -1
	for i, h := range recs[0] {
		if h == "sdg_targets" {
			targets = i
		}
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = ';'
	for i, rec := range recs {
		if i > 0 && targets >= 0 {
			rec[targets] = strings.ReplaceAll(rec[targets], ".", ",")
		}
		if err := w.Write(rec); err != nil {
			tb.Fatal(err)
		}
	}
	w.Flush()
	return b.String()
}

func TestReadSemicolonSheet(t *testing.T) {
	in := "organisation;kind;description\r\n" +
		"Malmö stad;city;Träffar, kaffe och samtal\r\n" +
		"\"Föreningen; Äldre\";ngo;\r\n"
	got, lines, err := ReadPartners(strings.NewReader(in), "p.csv")
	if err != nil {
		t.Fatal(err)
	}
	assertRecords(t, got, []*hcnetv1.Partner{
		{Organisation: "Malmö stad", Kind: hcnetv1.PartnerKind_PARTNER_KIND_CITY, Description: "Träffar, kaffe och samtal"},
		{Organisation: "Föreningen; Äldre", Kind: hcnetv1.PartnerKind_PARTNER_KIND_NGO},
	})
	assertInts(t, lines, []int{2, 3})
}

func TestSniffDelimiter(t *testing.T) {
	tests := []struct {
		title, header string
		want          rune
	}{
		{"comma", "organisation,kind\n", ','},
		{"semicolon", "organisation;kind;sector\n", ';'},
		{"tab", "organisation\tkind\n", '\t'},
		{"one column", "organisation\nA;B,C\n", ','},
		{"quoted header with a comma", "\"organisation, name\";kind\n", ';'},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			cr, err := sheetReader(strings.NewReader(tt.header))
			if err != nil {
				t.Fatal(err)
			}
			if cr.Comma != tt.want {
				t.Fatalf("delimiter %q, want %q", cr.Comma, tt.want)
			}
		})
	}
}

// TestDecimalCommaOnlyWithoutCommaDelimiter: in a semicolon file an SDG
// target "3,4" is 3.4; in a comma file the same quoted cell is left as it
// is for the node to judge, since there a comma need not be a decimal mark.
func TestDecimalCommaOnlyWithoutCommaDelimiter(t *testing.T) {
	semi, _, err := ReadPartnerships(strings.NewReader("title;sdg_targets\nA;3,4; 11,a\n"), "ps.csv", testDirectory())
	if err == nil {
		t.Fatal("a list cell with the delimiter unquoted read as one cell")
	}
	semi, _, err = ReadPartnerships(strings.NewReader("title;sdg_targets\nA;\"3,4; 11,a\"\n"), "ps.csv", testDirectory())
	if err != nil {
		t.Fatal(err)
	}
	if got := semi[0].GetSdg().GetTargets(); strings.Join(got, " ") != "3.4 11.a" {
		t.Fatalf("targets %q, want 3.4 and 11.a", got)
	}
	comma, _, err := ReadPartnerships(strings.NewReader("title,sdg_targets\nA,\"3,4\"\n"), "ps.csv", testDirectory())
	if err != nil {
		t.Fatal(err)
	}
	if got := comma[0].GetSdg().GetTargets(); strings.Join(got, " ") != "3,4" {
		t.Fatalf("targets %q in a comma file, want 3,4 as written", got)
	}
}

// TestSharedNamesRoundTrip: two partners may have the same organisation
// name; an export of partnerships naming them reads back to the same
// partners, also after a spreadsheet saved it with semicolons and
// decimal commas.
func TestSharedNamesRoundTrip(t *testing.T) {
	dir := testDirectory() // two partners are called "Röda korset"
	in := []*hcnetv1.Partnership{{
		Id: "01JFFFFFFFFFFFFFFFFFFFFFFF", Title: "Besök, varje vecka",
		Partners: []*hcnetv1.PartnershipMember{
			{PartnerId: idRK1, Role: "volunteers"}, {PartnerId: idRK2}, {PartnerId: idMalmo, Role: "lead"},
		},
		Sdg: &hcnetv1.SdgTags{Goals: []int32{3}, Targets: []string{"3.4", "3.d"}},
	}}
	var out bytes.Buffer
	if err := WritePartnerships(&out, in, dir); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Malmö stad (lead)") {
		t.Fatalf("a partner with a name of its own is not written by name:\n%s", out.String())
	}
	for _, sheet := range []string{out.String(), asExcel(t, out.String())} {
		got, _, err := ReadPartnerships(strings.NewReader(sheet), "export.csv", dir)
		if err != nil {
			t.Fatalf("reading the export back: %v\n%s", err, sheet)
		}
		assertRecords(t, got, in)
	}
}
