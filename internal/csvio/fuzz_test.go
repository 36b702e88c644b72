package csvio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"
)

// checkReadResult fails unless a sheet read returned a line per record,
// each past the header and in order, and, when it failed, problems that
// each name a line (or a CSV parse error, which names its own).
func checkReadResult(t *testing.T, n int, lines []int, err error) {
	t.Helper()
	if len(lines) != n {
		t.Fatalf("%d records, %d lines", n, len(lines))
	}
	for i, l := range lines {
		if l < 2 || (i > 0 && l <= lines[i-1]) {
			t.Fatalf("lines %v: not past the header and increasing", lines)
		}
	}
	if err != nil {
		var ps Problems
		var pe *csv.ParseError
		switch {
		case errors.As(err, &ps):
			if len(ps) == 0 {
				t.Fatal("an empty Problems as an error")
			}
			for _, p := range ps {
				if p.Line < 1 {
					t.Fatalf("problem without a line: %+v", p)
				}
				if !strings.HasPrefix(p.String(), "fuzz.csv:") {
					t.Fatalf("problem %q does not start with FILE:LINE", p)
				}
			}
		case errors.As(err, &pe):
			if pe.StartLine < 1 || !strings.Contains(err.Error(), "line") {
				t.Fatalf("parse error without a line: %v", err)
			}
		default:
			t.Fatalf("error of type %T names no line: %v", err, err)
		}
	}
}

var csvSeeds = []string{
	"",
	"\xef\xbb\xbf",
	"organisation\n",
	partnerHeader + `,Malmö stad,local_government_department,urban_planning,"Parks, streets and squares",,public,Åsa Öberg,planner,asa@example.se,` + "\n",
	"organisation,kind\n\"unterminated,ngo\n",
	"organisation,organisation\nx,y\n",
	"organisation,kind\nRöda korset,ngo,extra\n,,\n",
	"title,level,partners,visibility\nParks,between_cities,\"Malmö stad; Röda korset (01JDDDDDDDDDDDDDDDDDDDDDDD)\",public\n",
	"title,start_date,end_date,sdg_goals\nX,9999-99-99,0001-01-01,3;99\n",
	"\"a\"b,c\n",
}

// FuzzReadPartners reads arbitrary bytes as a partners sheet.
func FuzzReadPartners(f *testing.F) {
	for _, s := range csvSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, lines, err := ReadPartners(bytes.NewReader(data), "fuzz.csv")
		checkReadResult(t, len(ps), lines, err)
	})
}

// FuzzReadPartnerships reads arbitrary bytes as a partnerships sheet,
// resolving partner names through the test directory.
func FuzzReadPartnerships(f *testing.F) {
	for _, s := range csvSeeds {
		f.Add([]byte(s))
	}
	dir := testDirectory()
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, lines, err := ReadPartnerships(bytes.NewReader(data), "fuzz.csv", dir)
		checkReadResult(t, len(ps), lines, err)
	})
}
