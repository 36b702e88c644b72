package csvio

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// formulaNames are cells a spreadsheet would run as formulas if written
// verbatim, cells that must not change, and cells whose leading
// apostrophes must survive the round trip.
var formulaNames = []string{
	"=SUM(A1)", "-5 kids", "@home", "+46 40 34 10 00", "\tindented", "\rreturn", "=1+2;=3",
	"'quoted", "'=already escaped", "''@twice", "'", "''", "-", "=",
	"-5", "+1.5", "-0.25e3", "Malmö stad", "",
}

func TestEscapeFormula(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"=SUM(A1)", "'=SUM(A1)"},
		{"-5 kids", "'-5 kids"},
		{"@home", "'@home"},
		{"+46 40 34 10 00", "'+46 40 34 10 00"},
		{"\tindented", "'\tindented"},
		{"\rreturn", "'\rreturn"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"'=already escaped", "''=already escaped"},
		// Numbers are values, not formulas: a negative number stays one.
		{"-5", "-5"},
		{"+1.5", "+1.5"},
		{"-0.25e3", "-0.25e3"},
		{"-.5", "-.5"},
		{"-Inf", "'-Inf"},
		{"- 5", "'- 5"},
		// Nothing to escape.
		{"'quoted", "'quoted"},
		{"Malmö stad", "Malmö stad"},
		{"a=b", "a=b"},
		{" =x", " =x"},
		{"", ""},
	} {
		if got := EscapeFormula(tc.in); got != tc.want {
			t.Errorf("EscapeFormula(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, s := range formulaNames {
		if got := unescapeFormula(EscapeFormula(s)); got != s {
			t.Errorf("unescapeFormula(EscapeFormula(%q)) = %q", s, got)
		}
	}
}

// spreadsheetSafe fails unless every cell of the CSV text would be read
// by a spreadsheet as text or a number, never as a formula.
func spreadsheetSafe(t *testing.T, text string) {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune(formulaStarts, rune(cell[0])) && !isNumber(cell) {
				t.Errorf("cell %q starts a formula in:\n%s", cell, text)
			}
		}
	}
}

func TestPartnersWithFormulaNamesRoundTrip(t *testing.T) {
	var in []*hcnetv1.Partner
	for i, name := range formulaNames {
		if strings.TrimSpace(name) != name || name == "" {
			continue // organisation names are trimmed on the way in
		}
		in = append(in, &hcnetv1.Partner{Id: "01J" + strings.Repeat(string(rune('A'+i)), 23), Organisation: name,
			Description: name + "\n", Contact: &hcnetv1.Contact{Name: name, Phone: "+46 40 34 10 00"}})
	}
	var out bytes.Buffer
	if err := WritePartners(&out, in); err != nil {
		t.Fatal(err)
	}
	spreadsheetSafe(t, out.String())
	got, _, err := ReadPartners(bytes.NewReader(out.Bytes()), "export.csv")
	if err != nil {
		t.Fatalf("reading the export back: %v\n%s", err, out.String())
	}
	assertRecords(t, got, in)
}

func TestPartnershipsWithFormulaTextRoundTrip(t *testing.T) {
	dir := NewDirectory([]*hcnetv1.Partner{{Id: idMalmo, Organisation: "@home"}, {Id: idSkane, Organisation: "=SUM(A1)"}})
	in := []*hcnetv1.Partnership{{
		Id: "01JFFFFFFFFFFFFFFFFFFFFFFF", Title: "=HYPERLINK(\"http://example.com\")", Description: "-5 kids",
		Partners:     []*hcnetv1.PartnershipMember{{PartnerId: idMalmo, Role: "lead"}, {PartnerId: idSkane}},
		Sdg:          &hcnetv1.SdgTags{Goals: []int32{3}, Targets: []string{"-3.4"}},
		EquityGroups: []string{"+older people", "'quoted"}, FundingSources: []string{"@fund"},
		HotLocalIssue: "'=x", ParticipatoryPlatform: "\tforum",
	}}
	var out bytes.Buffer
	if err := WritePartnerships(&out, in, dir); err != nil {
		t.Fatal(err)
	}
	spreadsheetSafe(t, out.String())
	got, _, err := ReadPartnerships(bytes.NewReader(out.Bytes()), "export.csv", dir)
	if err != nil {
		t.Fatalf("reading the export back: %v\n%s", err, out.String())
	}
	assertRecords(t, got, in)
}

// TestReadHandMadeApostrophes: a file made by hand (or by another tool)
// that escaped a formula with an apostrophe reads as the text after it;
// an apostrophe before anything else is part of the text.
func TestReadHandMadeApostrophes(t *testing.T) {
	got, _, err := ReadPartners(strings.NewReader("organisation,description\n'=SUM(A1),'-5 kids\n'quoted,'\n"), "p.csv")
	if err != nil {
		t.Fatal(err)
	}
	assertRecords(t, got, []*hcnetv1.Partner{
		{Organisation: "=SUM(A1)", Description: "-5 kids"},
		{Organisation: "'quoted", Description: "'"},
	})
}

func TestWriterEscapesEveryCell(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	if err := w.Write([]string{"=cmd", "-5", "@x", "ok"}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "'=cmd,-5,'@x,ok\n"; got != want {
		t.Fatalf("wrote %q, want %q", got, want)
	}
}
