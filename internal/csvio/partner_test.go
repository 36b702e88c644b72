package csvio

import (
	"bytes"
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

const partnerHeader = "id,organisation,kind,sector,description,website,visibility,contact_name,contact_role,contact_email,contact_phone\n"

func TestReadPartners(t *testing.T) {
	tests := []struct {
		title string
		in    string
		want  []*hcnetv1.Partner
		lines []int
	}{
		{
			title: "åäö and a quoted comma",
			in: partnerHeader +
				`,Malmö stad,local_government_department,urban_planning,"Parks, streets and squares",,public,Åsa Öberg,planner,asa@example.se,` + "\n",
			want: []*hcnetv1.Partner{{
				Organisation: "Malmö stad",
				Kind:         hcnetv1.PartnerKind_PARTNER_KIND_LOCAL_GOVERNMENT_DEPARTMENT,
				Sector:       hcnetv1.Sector_SECTOR_URBAN_PLANNING,
				Description:  "Parks, streets and squares",
				Visibility:   hcnetv1.Visibility_VISIBILITY_PUBLIC,
				Contact:      &hcnetv1.Contact{Name: "Åsa Öberg", Role: "planner", Email: "asa@example.se"},
			}},
			lines: []int{2},
		},
		{
			title: "quoted newline moves the next record's line",
			in: "organisation,description,kind,sector\n" +
				"Röda korset,\"first line\nsecond line\",ngo,social_services\n" +
				"Lunds universitet,,academia,education\n",
			want: []*hcnetv1.Partner{
				{Organisation: "Röda korset", Description: "first line\nsecond line", Kind: hcnetv1.PartnerKind_PARTNER_KIND_NGO, Sector: hcnetv1.Sector_SECTOR_SOCIAL_SERVICES},
				{Organisation: "Lunds universitet", Kind: hcnetv1.PartnerKind_PARTNER_KIND_ACADEMIA, Sector: hcnetv1.Sector_SECTOR_EDUCATION},
			},
			lines: []int{2, 4},
		},
		{
			title: "byte order mark, header in any order and case, CRLF",
			in:    "\ufeffSector,Organisation\r\nhealth,Vårdcentralen\r\n",
			want:  []*hcnetv1.Partner{{Organisation: "Vårdcentralen", Sector: hcnetv1.Sector_SECTOR_HEALTH}},
			lines: []int{2},
		},
		{
			title: "blank rows skipped",
			in:    "organisation,kind\nIFK,ngo\n,\n\n",
			want:  []*hcnetv1.Partner{{Organisation: "IFK", Kind: hcnetv1.PartnerKind_PARTNER_KIND_NGO}},
			lines: []int{2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			got, lines, err := ReadPartners(strings.NewReader(tt.in), "p.csv")
			if err != nil {
				t.Fatalf("ReadPartners: %v", err)
			}
			assertRecords(t, got, tt.want)
			assertInts(t, lines, tt.lines)
		})
	}
}

func TestReadPartnersProblems(t *testing.T) {
	tests := []struct {
		title string
		in    string
		want  []string
	}{
		{
			title: "every bad row and cell, at the line the record starts",
			in: "organisation,kind,sector,description\n" +
				"Ok org,ngo,health,\n" +
				"Bad kind,church,health,\n" + // line 3
				"Spans,ngo,health,\"a\nb\nc\"\n" + // lines 4-6
				"Both bad,robot,astrology,\n" + // line 7
				"Too,few\n" + // line 8
				"Too,many,cells,here,extra\n" + // line 9
				"One cell\n", // line 10
			want: []string{
				`p.csv:3: kind: unknown partner kind "church"`,
				`p.csv:7: kind: unknown partner kind "robot"`,
				`p.csv:7: sector: unknown sector "astrology"`,
				"p.csv:8: has 2 cells; the header has 4",
				"p.csv:9: has 5 cells; the header has 4",
				"p.csv:10: has 1 cell; the header has 4",
			},
		},
		{
			title: "unknown and missing columns",
			in:    "organisaton,kind,kind\nx,ngo,ngo\n",
			want: []string{
				"p.csv:1: organisaton: unknown column",
				"p.csv:1: kind: column appears twice",
				"p.csv:1: organisation: required column is missing",
			},
		},
		{
			title: "empty file",
			in:    "",
			want:  []string{"p.csv:1: the file is empty"},
		},
		{
			title: "stray quote",
			in:    "organisation,kind\nA \"quoted\" name,ngo\nFine,ngo\n",
			want:  []string{`p.csv:2: bare " in non-quoted-field`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			_, _, err := ReadPartners(strings.NewReader(tt.in), "p.csv")
			assertProblems(t, err, tt.want)
		})
	}
}

func TestPartnersRoundTrip(t *testing.T) {
	in := []*hcnetv1.Partner{
		{
			Id: "01JAAAAAAAAAAAAAAAAAAAAAAA", Organisation: "Malmö stad, miljöförvaltningen",
			Kind: hcnetv1.PartnerKind_PARTNER_KIND_LOCAL_GOVERNMENT_DEPARTMENT, Sector: hcnetv1.Sector_SECTOR_ENVIRONMENT,
			Description: "Luft, buller\noch \"grönytor\"", Website: "https://malmo.se", Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK,
			Contact: &hcnetv1.Contact{Name: "Åke Ärlig", Phone: "+46 40 34 10 00"},
		},
		{Id: "01JBBBBBBBBBBBBBBBBBBBBBBB", Organisation: "Fryshuset", Kind: hcnetv1.PartnerKind_PARTNER_KIND_NGO, Sector: hcnetv1.Sector_SECTOR_SPORT},
	}
	var first bytes.Buffer
	if err := WritePartners(&first, in); err != nil {
		t.Fatal(err)
	}
	if bytes.HasPrefix(first.Bytes(), bom) {
		t.Fatal("export starts with a byte order mark")
	}
	got, _, err := ReadPartners(bytes.NewReader(first.Bytes()), "export.csv")
	if err != nil {
		t.Fatalf("reading the export back: %v", err)
	}
	assertRecords(t, got, in)
	var second bytes.Buffer
	if err := WritePartners(&second, got); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Fatalf("second export differs:\n%s\nvs\n%s", first.String(), second.String())
	}
}

func assertRecords[M proto.Message](tb testing.TB, got, want []M) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Fatalf("got %d records, want %d: %v", len(got), len(want), got)
	}
	for i := range got {
		if !proto.Equal(got[i], want[i]) {
			tb.Errorf("record %d:\n got %v\nwant %v", i, got[i], want[i])
		}
	}
}

func assertInts(tb testing.TB, got, want []int) {
	tb.Helper()
	if len(got) != len(want) {
		tb.Fatalf("lines = %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			tb.Fatalf("lines = %v, want %v", got, want)
		}
	}
}

// assertProblems checks that err is Problems and that each problem starts
// with the wanted text, in order: the wording after the start may improve.
func assertProblems(tb testing.TB, err error, want []string) {
	tb.Helper()
	ps, ok := err.(Problems)
	if !ok {
		tb.Fatalf("error = %v (%T), want Problems", err, err)
	}
	if len(ps) != len(want) {
		tb.Fatalf("got %d problems, want %d:\n%v", len(ps), len(want), ps)
	}
	for i, p := range ps {
		if !strings.HasPrefix(p.String(), want[i]) {
			tb.Errorf("problem %d = %q, want it to start with %q", i, p.String(), want[i])
		}
	}
}
