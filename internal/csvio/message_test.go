package csvio

import (
	"errors"
	"strings"
	"testing"
)

// TestProblemsCarryTheirMessages: each problem the reader itself finds
// (header, cell, directory, duplicate) carries its message, whose
// English is exactly the text hcctl prints, placeholders and all filled.
func TestProblemsCarryTheirMessages(t *testing.T) {
	in := "indicator,date,value,district,group\n" +
		"Loneliness 75+,2024-12-31,17.9,Limhamn,\n" +
		"Unknown thing,2024-12-31,1,,\n" +
		"Obesity,2024-12-31,1,,\n" +
		"Loneliness 75+,2025-12-31,twelve,,\n" +
		"Loneliness 75+,2024-12-31,3,Rosengård,women\n" +
		",2024-12-31,3,,\n" +
		"loneliness 75+,2024-12-31,18,Limhamn,\n"
	_, _, err := ReadMeasurements(strings.NewReader(in), "m.csv", testIndicators())
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("want Problems, got %v", err)
	}
	want := []string{
		`unknown indicator {{.Name}}: the node has no indicator of that name (add the indicator to the health plan first)`,
		`indicator {{.Name}} is the name of {{.Count}} indicators ({{.IDs}}); give them distinct names or write the id`,
		`{{.Cell}} is not a number, like 12.5`,
		`a value is for a district or a group, not both (this row also names {{.Other}})`,
		`is required: the indicator's name as the health plan has it, or its id`,
		`line {{.Line}} has a value of this indicator for the same date and district {{.Label}}; keep one`,
	}
	if len(ps) != len(want) {
		t.Fatalf("%d problems, want %d:\n%s", len(ps), len(want), ps)
	}
	for i, w := range want {
		m := ps[i].Message
		if m == nil || m.ID != w {
			t.Errorf("problem %d (%s) has message %v, want %q", i, ps[i], m, w)
			continue
		}
		if m.English() != ps[i].Text || strings.Contains(ps[i].Text, "{{") {
			t.Errorf("problem %d: its message reads %q, its text %q", i, m.English(), ps[i].Text)
		}
	}
	if got := ps[5].Text; got != `line 2 has a value of this indicator for the same date and district "Limhamn"; keep one` {
		t.Errorf("the duplicate reads %q", got)
	}

	// The header's problems, and an empty file.
	_, _, err = ReadPartners(strings.NewReader("organisation,kidn,kind,kind,\nA,x,ngo,ngo,\n"), "p.csv")
	if !errors.As(err, &ps) {
		t.Fatalf("want Problems, got %v", err)
	}
	ids := map[string]bool{}
	for _, p := range ps {
		if p.Message == nil || p.Message.English() != p.Text || p.File != "p.csv" || p.Line != 1 {
			t.Errorf("header problem %s: message %v", p, p.Message)
			continue
		}
		ids[p.Message.ID] = true
	}
	for _, id := range []string{"unknown column (the columns are {{.Columns}})", "column appears twice", "has no name in the header"} {
		if !ids[id] {
			t.Errorf("no header problem %q among %s", id, ps)
		}
	}
	// A row short of cells, and a partnership naming one unknown partner.
	_, _, err = ReadPartnerships(strings.NewReader("title,partners\nWalks\nTalks,Nobody (host)\n"), "ps.csv", NewDirectory(nil))
	if !errors.As(err, &ps) || len(ps) != 2 {
		t.Fatalf("want 2 problems, got %v", err)
	}
	for i, w := range []string{"has {{.Cells}} cell; the header has {{.Header}}", "unknown organisation {{.Name}}: the node has no partner of that name (import or add the partners first)"} {
		if m := ps[i].Message; m == nil || m.ID != w || m.English() != ps[i].Text {
			t.Errorf("problem %s has message %v, want %q", ps[i], m, w)
		}
	}
	if ps[0].Text != "has 1 cell; the header has 2" {
		t.Errorf("the short row reads %q", ps[0].Text)
	}
	_, _, err = ReadPartners(strings.NewReader(""), "e.csv")
	if !errors.As(err, &ps) || len(ps) != 1 || ps[0].Message == nil || ps[0].Text != "the file is empty; a header row naming the columns is required" {
		t.Errorf("an empty file: %v", err)
	}
}
