package csvio

import (
	"bytes"
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

const (
	idMalmo = "01JAAAAAAAAAAAAAAAAAAAAAAA"
	idSkane = "01JBBBBBBBBBBBBBBBBBBBBBBB"
	idRK1   = "01JCCCCCCCCCCCCCCCCCCCCCCC"
	idRK2   = "01JDDDDDDDDDDDDDDDDDDDDDDD"
	idUni   = "01JEEEEEEEEEEEEEEEEEEEEEEE"
)

// testDirectory has a name with parentheses and two partners sharing a name.
func testDirectory() *Directory {
	return NewDirectory([]*hcnetv1.Partner{
		{Id: idMalmo, Organisation: "Malmö stad"},
		{Id: idSkane, Organisation: "Region Skåne (RS)"},
		{Id: idRK1, Organisation: "Röda korset"},
		{Id: idRK2, Organisation: "Röda korset"},
		{Id: idUni, Organisation: "Lunds universitet"},
	})
}

func TestParseMembers(t *testing.T) {
	tests := []struct {
		title string
		cell  string
		want  []*hcnetv1.PartnershipMember
		err   string
	}{
		{title: "name and role", cell: "Malmö stad (lead); Lunds universitet (evaluation)",
			want: []*hcnetv1.PartnershipMember{{PartnerId: idMalmo, Role: "lead"}, {PartnerId: idUni, Role: "evaluation"}}},
		{title: "no role", cell: "Malmö stad",
			want: []*hcnetv1.PartnershipMember{{PartnerId: idMalmo}}},
		{title: "case ignored", cell: "malmö STAD (lead)",
			want: []*hcnetv1.PartnershipMember{{PartnerId: idMalmo, Role: "lead"}}},
		{title: "role with parentheses", cell: "Malmö stad (provides venues (weekends))",
			want: []*hcnetv1.PartnershipMember{{PartnerId: idMalmo, Role: "provides venues (weekends)"}}},
		{title: "name with parentheses and role", cell: "Region Skåne (RS) (funder)",
			want: []*hcnetv1.PartnershipMember{{PartnerId: idSkane, Role: "funder"}}},
		{title: "name with parentheses, no role", cell: "Region Skåne (RS)",
			want: []*hcnetv1.PartnershipMember{{PartnerId: idSkane}}},
		{title: "name with parentheses, empty role", cell: "Region Skåne (RS) ()",
			want: []*hcnetv1.PartnershipMember{{PartnerId: idSkane}}},
		{title: "id instead of name", cell: idRK2 + " (volunteers)",
			want: []*hcnetv1.PartnershipMember{{PartnerId: idRK2, Role: "volunteers"}}},
		{title: "unknown organisation", cell: "Malmö stad (lead); Okänd förening (host)", err: `unknown organisation "Okänd förening"`},
		{title: "ambiguous organisation", cell: "Röda korset (volunteers)", err: `organisation "Röda korset" is the name of 2 partners`},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			got, err := parseMembers(tt.cell, testDirectory())
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			assertRecords(t, got, tt.want)
		})
	}
}

func TestPartnershipsRoundTrip(t *testing.T) {
	in := []*hcnetv1.Partnership{
		{
			Id: "01JFFFFFFFFFFFFFFFFFFFFFFF", Title: "Mötesplats Rosengård, för äldre", Description: "Träffar\n\"varje\" vecka; kaffe",
			Level: hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS, Status: hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE,
			Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC,
			Partners: []*hcnetv1.PartnershipMember{
				{PartnerId: idMalmo, Role: "lead"}, {PartnerId: idSkane}, {PartnerId: idRK2, Role: "volunteers, on weekends"},
				{PartnerId: "01JZZZZZZZZZZZZZZZZZZZZZZZ", Role: "gone"},
			},
			Sectors:       []hcnetv1.Sector{hcnetv1.Sector_SECTOR_HEALTH, hcnetv1.Sector_SECTOR_URBAN_PLANNING},
			Settings:      []hcnetv1.Setting{hcnetv1.Setting_SETTING_COMMUNITIES},
			HotLocalIssue: "Ensamhet bland äldre",
			Mechanisms:    []hcnetv1.Mechanism{hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP, hcnetv1.Mechanism_MECHANISM_INVOLVE_DECISION_MAKERS},
			Sdg:           &hcnetv1.SdgTags{Goals: []int32{3, 11}, Targets: []string{"3.4", "11.7"}},
			SixPs:         []hcnetv1.SixP{hcnetv1.SixP_SIX_P_PEOPLE},
			EquityGroups:  []string{"äldre som bor ensamma", "nyanlända"},
			PrimaryHealthCare: &hcnetv1.PrimaryHealthCareLink{
				Linked: true, Services: []string{"vårdcentral"}, Engagement: "Råd, varje månad",
			},
			ParticipatoryPlatform: "Stadsdelsråd",
			FundingSources:        []string{"Allmänna arvsfonden"},
			DecisionMakers:        []string{"kommunstyrelsen"},
			StartDate:             "2025-03-01",
		},
		{Id: "01JGGGGGGGGGGGGGGGGGGGGGGG", Title: "Minimal"},
	}
	dir := testDirectory()
	var first bytes.Buffer
	if err := WritePartnerships(&first, in, dir); err != nil {
		t.Fatal(err)
	}
	// The partner the directory does not know is written by id, which
	// reads back only if the directory knows it on the way in; so is one
	// of the two partners called "Röda korset".
	back := NewDirectory([]*hcnetv1.Partner{
		{Id: idMalmo, Organisation: "Malmö stad"}, {Id: idSkane, Organisation: "Region Skåne (RS)"},
		{Id: idRK1, Organisation: "Röda korset"}, {Id: idRK2, Organisation: "Röda korset"},
		{Id: "01JZZZZZZZZZZZZZZZZZZZZZZZ", Organisation: "01JZZZZZZZZZZZZZZZZZZZZZZZ"},
	})
	got, _, err := ReadPartnerships(bytes.NewReader(first.Bytes()), "export.csv", back)
	if err != nil {
		t.Fatalf("reading the export back: %v\n%s", err, first.String())
	}
	assertRecords(t, got, in)
	var second bytes.Buffer
	if err := WritePartnerships(&second, got, back); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Fatalf("second export differs:\n%s\nvs\n%s", first.String(), second.String())
	}
}

func TestReadPartnershipsProblems(t *testing.T) {
	in := "title,partners,sdg_goals,phc_linked,level,colour\n" +
		"Ok,Malmö stad (lead),3,yes,across_sectors,\n" +
		"\"Two\nlines\",Okänd (x),three,maybe,everywhere,\n" // starts on line 3
	_, _, err := ReadPartnerships(strings.NewReader(in), "ps.csv", testDirectory())
	assertProblems(t, err, []string{
		"ps.csv:1: colour: unknown column",
		`ps.csv:3: partners: unknown organisation "Okänd"`,
		`ps.csv:3: sdg_goals: "three" is not a whole number`,
		`ps.csv:3: phc_linked: "maybe" is not yes or no`,
		`ps.csv:3: level: unknown partnership level "everywhere"`,
	})
}

func TestViolations(t *testing.T) {
	lines := []int{2, 3, 7}
	tests := []struct {
		title string
		in    Violation
		want  string
		kind  func(string, []int, []Violation) Problems
	}{
		{title: "row to line, nested field to column", kind: PartnershipViolations,
			in: Violation{Field: "partnerships[2].sdg.targets[0]", Description: `"3.44" is not an SDG target`}, want: `f.csv:7: sdg_targets: "3.44" is not an SDG target`},
		{title: "member field to partners column", kind: PartnershipViolations,
			in: Violation{Field: "partnerships[0].partners[1].partner_id", Description: "no such partner"}, want: "f.csv:2: partners: no such partner"},
		{title: "phc", kind: PartnershipViolations,
			in: Violation{Field: "partnerships[1].primary_health_care.services[0]", Description: "too long"}, want: "f.csv:3: phc_services: too long"},
		{title: "contact", kind: PartnerViolations,
			in: Violation{Field: "partners[1].contact.email", Description: "not an e-mail address"}, want: "f.csv:3: contact_email: not an e-mail address"},
		{title: "row out of range kept as is", kind: PartnerViolations,
			in: Violation{Field: "partners[9].organisation", Description: "is required"}, want: "f.csv: partners[9].organisation: is required"},
		{title: "not about a row", kind: PartnerViolations,
			in: Violation{Field: "partners", Description: "too many"}, want: "f.csv: partners: too many"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			got := tt.kind("f.csv", lines, []Violation{tt.in})
			if len(got) != 1 || got[0].String() != tt.want {
				t.Fatalf("got %v, want %q", got, tt.want)
			}
		})
	}
}
