package nodetest

import (
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Named fixtures: records as a Swedish Healthy City would enter them, so
// tests read like the officers' work and every required field is set.
// Each call returns a fresh message the caller may change.

// Partner is a municipal department working on public health.
func Partner(organisation string) *hcnetv1.Partner {
	return &hcnetv1.Partner{
		Visibility:   hcnetv1.Visibility_VISIBILITY_NETWORK,
		Organisation: organisation,
		Kind:         hcnetv1.PartnerKind_PARTNER_KIND_LOCAL_GOVERNMENT_DEPARTMENT,
		Sector:       hcnetv1.Sector_SECTOR_HEALTH,
		Description:  "Runs the city's public health programme in the districts.",
		Website:      "https://malmo.se/folkhalsa",
		Contact:      &hcnetv1.Contact{Name: "Anna Lindqvist", Role: "public health strategist", Email: "anna.lindqvist@malmo.se", Phone: "+46 40 34 10 00"},
	}
}

// Partnership is an active cross-sector partnership led by the partners
// given, tagged with SDG 3 and target 3.4.
func Partnership(title string, partnerIDs ...string) *hcnetv1.Partnership {
	p := &hcnetv1.Partnership{
		Visibility:    hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Title:         title,
		Description:   "Neighbourhood walks and meeting places against loneliness among older residents.",
		Level:         hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS,
		Status:        hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE,
		Sectors:       []hcnetv1.Sector{hcnetv1.Sector_SECTOR_HEALTH, hcnetv1.Sector_SECTOR_SOCIAL_SERVICES},
		Settings:      []hcnetv1.Setting{hcnetv1.Setting_SETTING_COMMUNITIES},
		HotLocalIssue: "Loneliness among residents over 75",
		Mechanisms:    []hcnetv1.Mechanism{hcnetv1.Mechanism_MECHANISM_TACKLE_HOT_LOCAL_ISSUES, hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP},
		Sdg:           &hcnetv1.SdgTags{Goals: []int32{3}, Targets: []string{"3.4"}},
		SixPs:         []hcnetv1.SixP{hcnetv1.SixP_SIX_P_PEOPLE, hcnetv1.SixP_SIX_P_PARTICIPATION},
		EquityGroups:  []string{"residents of Rosengård", "older people living alone"},
		PrimaryHealthCare: &hcnetv1.PrimaryHealthCareLink{
			Linked:     true,
			Services:   []string{"Rosengård health centre"},
			Engagement: "Residents plan the walks with the district council.",
		},
		ParticipatoryPlatform: "district health council",
		FundingSources:        []string{"city of Malmö", "Region Skåne"},
		DecisionMakers:        []string{"city council"},
		StartDate:             "2024-03-01",
		EndDate:               "2026-12-31",
	}
	for i, id := range partnerIDs {
		role := "partner"
		if i == 0 {
			role = "lead"
		}
		p.Partners = append(p.Partners, &hcnetv1.PartnershipMember{PartnerId: id, Role: role})
	}
	return p
}

// HealthPlan is an adopted plan 2024–2030 with goals "g1" and "g2".
func HealthPlan(title string) *hcnetv1.HealthPlan {
	return &hcnetv1.HealthPlan{
		Visibility:      hcnetv1.Visibility_VISIBILITY_NETWORK,
		Title:           title,
		Description:     "The city's plan for a socially sustainable Malmö.",
		Status:          hcnetv1.PlanStatus_PLAN_STATUS_ADOPTED,
		PeriodStartYear: 2024,
		PeriodEndYear:   2030,
		Adoption:        &hcnetv1.AdoptionDecision{Body: "city council", Date: "2024-02-15", Reference: "KS-2023-1234"},
		Goals: []*hcnetv1.Goal{
			{Id: "g1", Title: "Fewer older people feel lonely", Sdg: &hcnetv1.SdgTags{Goals: []int32{3}}},
			{Id: "g2", Title: "More children walk or cycle to school", Sdg: &hcnetv1.SdgTags{Goals: []int32{11}, Targets: []string{"11.2"}}},
		},
		Actions: []*hcnetv1.Action{
			{Id: "a1", Title: "Open meeting places in every district", GoalId: "g1", DueDate: "2025-06-30", Status: hcnetv1.ActionStatus_ACTION_STATUS_IN_PROGRESS},
		},
	}
}

// Indicator measures goal goalID of plan planID in per cent.
func Indicator(planID, goalID, name string) *hcnetv1.Indicator {
	return &hcnetv1.Indicator{
		Visibility:   hcnetv1.Visibility_VISIBILITY_NETWORK,
		PlanId:       planID,
		GoalId:       goalID,
		Name:         name,
		Description:  "Share of residents 75+ who report feeling lonely often.",
		Unit:         "%",
		Direction:    hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_DECREASE,
		Baseline:     18.5,
		BaselineDate: "2023-12-31",
		Target:       12,
		TargetDate:   "2030-12-31",
		Sdg:          &hcnetv1.SdgTags{Goals: []int32{3}},
	}
}

// Practice is an ongoing good practice written in Swedish and English.
func Practice(title string) *hcnetv1.Practice {
	return &hcnetv1.Practice{
		Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Texts: map[string]*hcnetv1.PracticeText{
			"en": {Title: title, Summary: "Walks led by volunteers twice a week.", Body: "Volunteers from the district lead walks."},
			"sv": {Title: "Promenadgrupper för äldre", Summary: "Promenader två gånger i veckan."},
		},
		OriginalLanguage: "sv",
		Status:           hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
		Problem:          "Loneliness among older residents",
		Activities:       "Weekly walks, coffee afterwards at the library.",
		Partners:         []string{"Malmö public health department (lead)"},
		LessonsLearnt:    "Start small, in one district.",
		Licence:          "CC-BY-4.0",
		Sectors:          []hcnetv1.Sector{hcnetv1.Sector_SECTOR_HEALTH},
		Settings:         []hcnetv1.Setting{hcnetv1.Setting_SETTING_COMMUNITIES},
		Mechanisms:       []hcnetv1.Mechanism{hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP},
		Sdg:              &hcnetv1.SdgTags{Goals: []int32{3}, Targets: []string{"3.4"}},
		Contacts:         []*hcnetv1.Contact{{Name: "Erik Nilsson", Email: "erik.nilsson@malmo.se"}},
	}
}

// Success is a success shared with Copenhagen; partnershipID may be empty.
func Success(title, partnershipID string) *hcnetv1.Success {
	return &hcnetv1.Success{
		Visibility:    hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Title:         title,
		PartnershipId: partnershipID,
		Outcome:       "Loneliness among participants fell from 31% to 19%.",
		Date:          "2025-05-20",
		PartnerCities: []*hcnetv1.CityRef{{CityId: "copenhagen", Country: "dk", Name: "København"}},
		Sdg:           &hcnetv1.SdgTags{Goals: []int32{3, 11}},
	}
}

// Endorsement endorses a success Copenhagen recorded.
func Endorsement(successID string) *hcnetv1.Endorsement {
	return &hcnetv1.Endorsement{
		Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK,
		Success:    &hcnetv1.SuccessRef{CityId: "copenhagen", Country: "dk", SuccessId: successID},
		Statement:  "Malmö confirms the walks ran together with Copenhagen.",
		Date:       "2025-06-01",
	}
}
