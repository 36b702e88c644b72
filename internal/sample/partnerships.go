package sample

import (
	"fmt"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// partnershipKey names a sample partnership so the plan, practices and
// success can refer to it before the node has given it an id.
type partnershipKey int

const (
	healthGuides partnershipKey = iota
	healthSurvey
	movingSchools
	healthyNeighbourhood
	healthyAgeingCities
	healthyWorkplaces
	mentalHealthFirstAid
)

type partnershipDef struct {
	key         partnershipKey
	partnership *hcnetv1.Partnership
}

// partnerships are the city's partnerships, one or more at every level, in
// different stages of life. Those of a topic are there only when the city
// runs it, but for the workplace partnership, which a city that does not
// run the programme is preparing. ids holds the node's ids of the partners.
func partnerships(s CitySpec, ids map[partnerKey]string) []partnershipDef {
	defs := allPartnerships(s, ids)
	out := defs[:0]
	for _, d := range defs {
		if (d.key == movingSchools && !s.runs(movingSchool)) || (d.key == mentalHealthFirstAid && !s.runs(youthFirstAid)) {
			continue
		}
		out = append(out, d)
	}
	return out
}

// allPartnerships are the partnerships a sample city may have.
func allPartnerships(s CitySpec, ids map[partnerKey]string) []partnershipDef {
	d0, d1 := s.Districts[0], s.Districts[1]
	m := func(k partnerKey, role string) *hcnetv1.PartnershipMember {
		return &hcnetv1.PartnershipMember{PartnerId: ids[k], Role: role}
	}
	sdg := func(goals []int32, targets ...string) *hcnetv1.SdgTags {
		return &hcnetv1.SdgTags{Goals: goals, Targets: targets}
	}
	type (
		sec  = hcnetv1.Sector
		set  = hcnetv1.Setting
		mech = hcnetv1.Mechanism
		sixp = hcnetv1.SixP
	)
	return []partnershipDef{{healthGuides, &hcnetv1.Partnership{
		Visibility:  hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Title:       "Health guides for newly arrived families in " + d0,
		Description: fmt.Sprintf("Health guides who speak the residents' languages hold group sessions on health and the health care system and accompany families to their first visit at the primary care centre in %s.", d0),
		Level:       hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS,
		Status:      hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE,
		Partners: []*hcnetv1.PartnershipMember{
			m(socialServices, "lead"),
			m(healthAuthority, "primary care and child health services"),
			m(ngo, "recruits and supports the health guides"),
			m(residents, "provides premises and reaches residents"),
		},
		Sectors:       []sec{hcnetv1.Sector_SECTOR_SOCIAL_SERVICES, hcnetv1.Sector_SECTOR_HEALTH},
		Settings:      []set{hcnetv1.Setting_SETTING_COMMUNITIES, hcnetv1.Setting_SETTING_HEALTH_CARE_FACILITIES},
		HotLocalIssue: fmt.Sprintf("Newly arrived families in %s rarely use primary care and child health services and come late to the emergency room.", d0),
		Mechanisms:    []mech{hcnetv1.Mechanism_MECHANISM_TACKLE_HOT_LOCAL_ISSUES, hcnetv1.Mechanism_MECHANISM_BUILD_ON_CULTURAL_AND_HISTORICAL_BACKGROUNDS, hcnetv1.Mechanism_MECHANISM_INVOLVE_DECISION_MAKERS},
		Sdg:           sdg([]int32{3, 10}, "3.8", "10.2"),
		SixPs:         []sixp{hcnetv1.SixP_SIX_P_PEOPLE, hcnetv1.SixP_SIX_P_PARTICIPATION},
		EquityGroups:  []string{"newly arrived families", "residents of " + d0, "parents of small children"},
		PrimaryHealthCare: &hcnetv1.PrimaryHealthCareLink{
			Linked:     true,
			Services:   []string{"primary care centre " + d0, "child health services", "maternity care"},
			Engagement: "Families say which topics the sessions cover; two residents sit on the steering group.",
		},
		ParticipatoryPlatform: d0 + " district health council",
		FundingSources:        []string{"municipal budget", "regional health authority", "national integration grant"},
		DecisionMakers:        []string{"social welfare committee", "regional primary care board"},
		StartDate:             "2023-09-01",
	}}, {healthSurvey, &hcnetv1.Partnership{
		Visibility:  hcnetv1.Visibility_VISIBILITY_NETWORK,
		Title:       "Health survey by district 2022–2024",
		Description: "The regional health authority and the university extended the public health survey so that every district has a sample large enough to compare; the results are the baseline of the health plan.",
		Level:       hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_WITHIN_HEALTH_SECTOR,
		Status:      hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_COMPLETED,
		Partners: []*hcnetv1.PartnershipMember{
			m(healthAuthority, "lead, runs the survey"),
			m(university, "sampling design and analysis"),
		},
		Sectors:        []sec{hcnetv1.Sector_SECTOR_HEALTH, hcnetv1.Sector_SECTOR_EDUCATION},
		Settings:       []set{hcnetv1.Setting_SETTING_COMMUNITIES},
		HotLocalIssue:  "The city-wide averages hid how far apart the districts are.",
		Mechanisms:     []mech{hcnetv1.Mechanism_MECHANISM_HOLISTIC_APPROACH, hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP},
		Sdg:            sdg([]int32{3, 10, 17}, "3.4", "10.3", "17.18"),
		SixPs:          []sixp{hcnetv1.SixP_SIX_P_PEOPLE, hcnetv1.SixP_SIX_P_PLACE},
		EquityGroups:   []string{"born abroad", "low income (lowest fifth)", "women 65+"},
		FundingSources: []string{"regional health authority", "university research grant"},
		DecisionMakers: []string{"regional public health committee"},
		StartDate:      "2022-01-15",
		EndDate:        "2024-12-31",
	}}, {movingSchools, &hcnetv1.Partnership{
		Visibility:  hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Title:       "Moving schools: daily movement for every pupil",
		Description: "Every primary school gives each pupil 30 minutes of movement a day; schoolyards are redesigned for play, starting in the priority districts.",
		Level:       hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_WITHIN_PUBLIC_SECTOR,
		Status:      hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE,
		Partners: []*hcnetv1.PartnershipMember{
			m(schools, "lead"),
			m(environment, "redesigns schoolyards"),
			m(healthAuthority, "school health data"),
		},
		Sectors:       []sec{hcnetv1.Sector_SECTOR_EDUCATION, hcnetv1.Sector_SECTOR_URBAN_PLANNING, hcnetv1.Sector_SECTOR_HEALTH},
		Settings:      []set{hcnetv1.Setting_SETTING_SCHOOLS},
		HotLocalIssue: fmt.Sprintf("Fewer than half of the pupils in %s and %s move an hour a day.", d0, d1),
		Mechanisms:    []mech{hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP, hcnetv1.Mechanism_MECHANISM_HOLISTIC_APPROACH, hcnetv1.Mechanism_MECHANISM_INVOLVE_DECISION_MAKERS},
		Sdg:           sdg([]int32{3, 4, 11}, "3.4", "4.1", "11.7"),
		SixPs:         []sixp{hcnetv1.SixP_SIX_P_PEOPLE, hcnetv1.SixP_SIX_P_PLACE},
		EquityGroups:  []string{"pupils in " + d0 + " and " + d1, "girls 10–15"},
		PrimaryHealthCare: &hcnetv1.PrimaryHealthCareLink{
			Linked:     true,
			Services:   []string{"school health services"},
			Engagement: "Pupils' councils chose what the new schoolyards contain.",
		},
		ParticipatoryPlatform: "pupils' councils",
		FundingSources:        []string{"municipal budget", "national schoolyard grant"},
		DecisionMakers:        []string{"education committee", "school principals"},
		StartDate:             "2024-08-15",
	}}, {healthyNeighbourhood, &hcnetv1.Partnership{
		Visibility:  hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Title:       fmt.Sprintf("Healthy neighbourhood %s–%s", d0, d1),
		Description: neighbourhoodWork(s),
		Level:       hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS,
		Status:      hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE,
		Partners: []*hcnetv1.PartnershipMember{
			m(housing, "lead, opens courtyards and premises"),
			m(residents, "runs the meeting place"),
			m(sports, "trains walk leaders"),
			m(ngo, "volunteers"),
			m(business, "funder"),
			m(socialServices, "coordination"),
		},
		Sectors:       []sec{hcnetv1.Sector_SECTOR_HOUSING, hcnetv1.Sector_SECTOR_SPORT, hcnetv1.Sector_SECTOR_URBAN_PLANNING, hcnetv1.Sector_SECTOR_ECONOMY},
		Settings:      []set{hcnetv1.Setting_SETTING_COMMUNITIES, hcnetv1.Setting_SETTING_MARKETS},
		HotLocalIssue: "Older residents living alone leave home less and less; the courtyards are empty and feel unsafe.",
		Mechanisms:    []mech{hcnetv1.Mechanism_MECHANISM_HOLISTIC_APPROACH, hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP, hcnetv1.Mechanism_MECHANISM_ADDITIONAL_FINANCIAL_RESOURCES},
		Sdg:           sdg([]int32{3, 11}, "3.4", "11.7"),
		SixPs:         []sixp{hcnetv1.SixP_SIX_P_PLACE, hcnetv1.SixP_SIX_P_PARTICIPATION, hcnetv1.SixP_SIX_P_PROSPERITY},
		EquityGroups:  []string{"older people living alone", "residents of " + d0, "residents of " + d1},
		PrimaryHealthCare: &hcnetv1.PrimaryHealthCareLink{
			Linked:     true,
			Services:   []string{"primary care centre " + d0},
			Engagement: "Residents plan the courtyards in walks and workshops; the tenants' board decides on the budget.",
		},
		ParticipatoryPlatform: "courtyard workshops and the tenants' board",
		FundingSources:        []string{"housing company", "local business network", "municipal neighbourhood fund"},
		DecisionMakers:        []string{"housing company board", "district committee"},
		StartDate:             "2024-03-01",
	}}, {healthyAgeingCities, &hcnetv1.Partnership{
		Visibility:  hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Title:       "Healthy ageing: walking groups across cities",
		Description: "Three Healthy Cities exchange walk leaders' training, materials and results, and evaluate the walking groups with one questionnaire.",
		Level:       hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_BETWEEN_CITIES,
		Status:      hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE,
		Partners: []*hcnetv1.PartnershipMember{
			m(partnerCity1, "partner city"),
			m(partnerCity2, "partner city"),
			m(university, "joint evaluation"),
			m(sports, "walk leaders' training"),
		},
		Sectors:               []sec{hcnetv1.Sector_SECTOR_HEALTH, hcnetv1.Sector_SECTOR_SPORT},
		Settings:              []set{hcnetv1.Setting_SETTING_COMMUNITIES},
		HotLocalIssue:         "Loneliness and inactivity among older people.",
		Mechanisms:            []mech{hcnetv1.Mechanism_MECHANISM_BUILD_ON_MUTUAL_SUCCESS, hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP},
		Sdg:                   sdg([]int32{3, 17}, "3.4", "17.17"),
		SixPs:                 []sixp{hcnetv1.SixP_SIX_P_PEOPLE, hcnetv1.SixP_SIX_P_PEACE},
		EquityGroups:          []string{"older people living alone", "women 65+"},
		ParticipatoryPlatform: "annual walk leaders' meeting of the three cities",
		FundingSources:        []string{"EU programme for health", "municipal budgets"},
		DecisionMakers:        []string{"mayors of the three cities"},
		StartDate:             "2024-01-01",
		EndDate:               "2027-12-31",
	}}, {healthyWorkplaces, workplacesPartnership(s, m, sdg)}, {mentalHealthFirstAid, &hcnetv1.Partnership{
		Visibility:  hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Title:       "Mental health first aid for the adults around young people",
		Description: "Schools, social services and the regional health authority train the adults young people meet every day to notice mental ill health early and guide young people to help, starting in " + d1 + ".",
		Level:       hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_WITHIN_PUBLIC_SECTOR,
		Status:      hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE,
		Partners: []*hcnetv1.PartnershipMember{
			m(schools, "lead"),
			m(healthAuthority, "instructors, youth mental health services"),
			m(socialServices, "youth centres and field workers"),
		},
		Sectors:       []sec{hcnetv1.Sector_SECTOR_EDUCATION, hcnetv1.Sector_SECTOR_HEALTH, hcnetv1.Sector_SECTOR_SOCIAL_SERVICES},
		Settings:      []set{hcnetv1.Setting_SETTING_SCHOOLS, hcnetv1.Setting_SETTING_COMMUNITIES},
		HotLocalIssue: "More young people report anxiety and low mood, and waiting times at child and adolescent psychiatry are long.",
		Mechanisms:    []mech{hcnetv1.Mechanism_MECHANISM_TACKLE_HOT_LOCAL_ISSUES, hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP},
		Sdg:           sdg([]int32{3}, "3.4"),
		SixPs:         []sixp{hcnetv1.SixP_SIX_P_PEOPLE},
		EquityGroups:  []string{"young people 13–19", "pupils in " + d0 + " and " + d1},
		PrimaryHealthCare: &hcnetv1.PrimaryHealthCareLink{
			Linked:     true,
			Services:   []string{"school health services", "youth mental health services"},
			Engagement: "Young people from the pupils' councils helped draw the map of where to turn.",
		},
		ParticipatoryPlatform: "pupils' councils and the youth council",
		FundingSources:        []string{"municipal budget", "national mental health grant"},
		DecisionMakers:        []string{"education committee", "social welfare committee"},
		StartDate:             "2024-09-01",
	}}}
}

// workplacesPartnership is the healthy workplaces partnership with the
// business network. It stays private either way: in a city that runs the
// programme its agreement names the firms taking part and the sick leave
// figures they share, and elsewhere it is still being prepared.
func workplacesPartnership(s CitySpec, m func(partnerKey, string) *hcnetv1.PartnershipMember, sdg func([]int32, ...string) *hcnetv1.SdgTags) *hcnetv1.Partnership {
	p := &hcnetv1.Partnership{
		Visibility:  hcnetv1.Visibility_VISIBILITY_PRIVATE,
		Title:       "Healthy workplaces in small businesses",
		Description: "A programme for small businesses on physical activity, mental health and smoke-free workplaces, being prepared with the business network.",
		Level:       hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS,
		Status:      hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_PLANNED,
		Partners: []*hcnetv1.PartnershipMember{
			m(business, "lead"),
			m(healthAuthority, "occupational health advice"),
		},
		Sectors:        []hcnetv1.Sector{hcnetv1.Sector_SECTOR_ECONOMY, hcnetv1.Sector_SECTOR_HEALTH},
		Settings:       []hcnetv1.Setting{hcnetv1.Setting_SETTING_WORKPLACES},
		HotLocalIssue:  "Small businesses get little health promotion at work.",
		Mechanisms:     []hcnetv1.Mechanism{hcnetv1.Mechanism_MECHANISM_ADDITIONAL_FINANCIAL_RESOURCES, hcnetv1.Mechanism_MECHANISM_INVOLVE_DECISION_MAKERS},
		Sdg:            sdg([]int32{3, 8}, "3.5", "8.8"),
		SixPs:          []hcnetv1.SixP{hcnetv1.SixP_SIX_P_PROSPERITY},
		EquityGroups:   []string{"employees of small businesses"},
		FundingSources: []string{"local business network"},
		DecisionMakers: []string{"business network board"},
		StartDate:      "2026-09-01",
	}
	if s.runs(smallWorkplaces) {
		p.Title = "Healthy workplaces in small businesses in " + s.Districts[1]
		p.Description = "Health checks, active breaks and health talks for the staff of small businesses, piloted in " + s.Districts[1] +
			" since 2024. The agreement with the business network names the firms taking part and the sick leave figures they share."
		p.Status = hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE
		p.Partners = append(p.Partners, m(sports, "leads active breaks"))
		p.Sectors = append(p.Sectors, hcnetv1.Sector_SECTOR_SPORT)
		p.FundingSources = append(p.FundingSources, "regional health authority")
		p.StartDate = "2024-09-01"
	}
	return p
}

// neighbourhoodWork describes the healthy neighbourhood partnership, whose
// green courtyards are under way only in a city that runs them.
func neighbourhoodWork(s CitySpec) string {
	if s.runs(greenCourtyards) {
		return "Walking groups from the courtyards, green courtyards with benches and allotments, and a meeting place run by residents, paid for together by the housing company and local businesses."
	}
	return "Walking groups from the courtyards and a meeting place run by residents, paid for together by the housing company and local businesses; green courtyards with benches and allotments come next."
}
