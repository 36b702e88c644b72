package record

import (
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func TestValidateShared(t *testing.T) {
	const id = "01J9Z8Y7X6W5V4T3S2R1Q0P9N8"
	practice := func() *hcnetv1.Practice {
		return &hcnetv1.Practice{Id: id, Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC,
			Status: hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING, OriginalLanguage: "sv",
			Texts: map[string]*hcnetv1.PracticeText{"sv": {Title: "Mötesplatser"}}}
	}
	partnership := func(partners ...*hcnetv1.SharedPartner) *hcnetv1.SharedRecord {
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Partnership{Partnership: &hcnetv1.SharedPartnership{
			Partnership: &hcnetv1.Partnership{Id: id, Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK, Title: "Samverkan",
				Level: hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS, Status: hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE},
			Partners: partners,
		}}}
	}
	ngo := &hcnetv1.SharedPartner{Kind: hcnetv1.PartnerKind_PARTNER_KIND_NGO, Sector: hcnetv1.Sector_SECTOR_HEALTH, Role: "runs the meetings"}
	tests := []struct {
		title string
		rec   *hcnetv1.SharedRecord
		want  string // the field named, "" for a valid record
	}{
		{title: "valid practice", rec: &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: practice()}}},
		{title: "valid partnership with an unnamed partner", rec: partnership(ngo)},
		{title: "practice SDG 999", want: "practice.sdg.goals[0]", rec: func() *hcnetv1.SharedRecord {
			p := practice()
			p.Sdg = &hcnetv1.SdgTags{Goals: []int32{999}}
			return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: p}}
		}()},
		{title: "plan status 99", want: "plan.status", rec: &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_HealthPlan{HealthPlan: &hcnetv1.HealthPlan{
			Id: id, Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK, Title: "Plan", Status: 99, PeriodStartYear: 2024, PeriodEndYear: 2030}}}},
		{title: "shared partner sector 9999", want: "partnership.partners[0].sector", rec: partnership(&hcnetv1.SharedPartner{Kind: hcnetv1.PartnerKind_PARTNER_KIND_NGO, Sector: 9999})},
		{title: "shared partner kind 99", want: "partnership.partners[0].kind", rec: partnership(&hcnetv1.SharedPartner{Kind: 99})},
		// A partner that may not travel as far as its partnership is
		// shared by its role alone.
		{title: "shared partner by its role alone", rec: partnership(&hcnetv1.SharedPartner{Role: "hosts the meetings"})},
		// So is an indicator whose plan may not.
		{title: "indicator without its plan", rec: &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Indicator{Indicator: &hcnetv1.Indicator{
			Id: id, Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC, Name: "Loneliness", Unit: "%"}}}},
		{title: "indicator with a malformed plan id", want: "indicator.plan_id", rec: &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Indicator{Indicator: &hcnetv1.Indicator{
			Id: id, Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC, PlanId: "plan-1", Name: "Loneliness", Unit: "%"}}}},
		// And an endorsement of its own city's success that may not.
		{title: "endorsement without its success", rec: &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Endorsement{Endorsement: &hcnetv1.Endorsement{
			Id: id, Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC, Statement: "We did it together"}}}},
		{title: "endorsement with a malformed success", want: "endorsement.success.success_id", rec: &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Endorsement{Endorsement: &hcnetv1.Endorsement{
			Id: id, Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC, Success: &hcnetv1.SuccessRef{Country: "se", CityId: "malmo", SuccessId: "s-1"}}}}},
		{title: "300 shared partners", want: "partnership.partners", rec: func() *hcnetv1.SharedRecord {
			ps := make([]*hcnetv1.SharedPartner, 300)
			for i := range ps {
				ps[i] = ngo
			}
			return partnership(ps...)
		}()},
		{title: "no record", want: "record", rec: &hcnetv1.SharedRecord{}},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			vs := ValidateShared(tt.rec)
			if tt.want == "" {
				if len(vs) > 0 {
					t.Fatalf("refused a valid record: %v", vs)
				}
				return
			}
			if len(vs) == 0 || vs[0].Field != tt.want {
				t.Fatalf("violations %q, want the first on %s", vs.Error(), tt.want)
			}
			if !strings.Contains(vs.Error(), tt.want+": ") {
				t.Fatalf("message %q does not name %s", vs.Error(), tt.want)
			}
		})
	}
}

// BenchmarkValidateShared is the check ingest adds to every record, next
// to its signature's verification (some 45 µs of ed25519 here).
func BenchmarkValidateShared(b *testing.B) {
	rec := &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: &hcnetv1.Practice{
		Id: "01J9Z8Y7X6W5V4T3S2R1Q0P9N8", Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Status: hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING, OriginalLanguage: "sv",
		Texts: map[string]*hcnetv1.PracticeText{
			"sv": {Title: "Mötesplatser mot ensamhet", Summary: "Äldre möts över generationer i Rosengård", Body: strings.Repeat("Text om praktiken. ", 20)},
			"en": {Title: "Meeting places against loneliness", Summary: "Older residents meet across generations"},
		},
		Problem: "Isolation", Sdg: &hcnetv1.SdgTags{Goals: []int32{3, 10}, Targets: []string{"3.4"}},
		Sectors:  []hcnetv1.Sector{hcnetv1.Sector_SECTOR_HEALTH, hcnetv1.Sector_SECTOR_URBAN_PLANNING},
		Settings: []hcnetv1.Setting{hcnetv1.Setting_SETTING_COMMUNITIES},
		Partners: []string{"Malmö stad", "Röda korset"},
	}}}
	for b.Loop() {
		if vs := ValidateShared(rec); len(vs) > 0 {
			b.Fatal(vs)
		}
	}
}
