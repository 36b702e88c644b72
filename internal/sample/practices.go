package sample

import (
	"fmt"
	"strings"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// practices are the city's good practices, each written in English and
// the city's own language: the walking groups, then its topics, then the
// health guides. ps and inds hold the node's ids of the partnerships and
// of the indicators (in indicatorDefs order).
func practices(s CitySpec, ps map[partnershipKey]string, inds []string) []*hcnetv1.Practice {
	pb := phrasebooks[s.Language]
	o := s.Orgs
	d0, d1 := s.Districts[0], s.Districts[1]
	// The title names the pilot district, so that a hub listing practices
	// from many cities shows each city's own work rather than one title
	// many times over. The local title puts it after a dash, where no
	// grammatical case is needed.
	texts := func(local, en text, pilot string) map[string]*hcnetv1.PracticeText {
		return map[string]*hcnetv1.PracticeText{
			"en":       {Title: en.title + " (" + pilot + ")", Summary: en.summary, Body: fmt.Sprintf(en.body, pilot)},
			s.Language: {Title: local.title + " – " + pilot, Summary: local.summary, Body: fmt.Sprintf(local.body, pilot)},
		}
	}
	n := func(salt string, base, spread uint32) uint32 { return figure(s, salt, base, spread) }
	ind := func(i int) string {
		if i < len(inds) {
			return inds[i]
		}
		return ""
	}
	var chosen []*hcnetv1.Practice
	for _, t := range topicsOf(s) {
		def := topicDefs[t]
		chosen = append(chosen, def.practice(s, texts(def.local(pb), def.en, s.Districts[def.pilot]), ps, ind))
	}
	walking := &hcnetv1.Practice{
		Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Texts: texts(pb.practices[0], text{
			"Walk and talk: walking groups for older residents",
			"Weekly walking groups led by trained volunteers get older residents moving and meeting others; primary care nurses refer people who live alone.",
			"The groups started as a pilot in %s and now run in every district. Walks are 3–5 km, always end with coffee, and start from courtyards the housing company has made accessible. No sign-up is needed.",
		}, d0),
		OriginalLanguage: s.Language,
		Status:           hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
		Problem:          "Older residents living alone leave home less and less; inactivity and loneliness feed each other.",
		Context:          fmt.Sprintf("%s has many older tenants in rental housing built in the 1960s and 1970s, above all in %s and %s, with little to do close to home.", s.Name, d0, d1),
		Partners: []string{
			o.Housing + " (opens courtyards, lead)",
			o.Sports + " (trains walk leaders)",
			o.NGO + " (volunteers)",
			o.HealthAuthority + " (nurses refer participants)",
		},
		Activities:     "Two-day course for volunteer walk leaders; weekly walks from fixed meeting points; coffee afterwards; referral card for primary care nurses; a yearly walking festival.",
		Resources:      "0.5 coordinator post; about 40 volunteer walk leaders; coffee budget from local businesses; benches and lighting in the courtyards.",
		Results:        fmt.Sprintf("About %d residents walk at least once a month; the share of physically active women 65+ rose in the pilot district.", 10*n("walkers", 30, 50)),
		IndicatorIds:   nonEmpty(ind(1)),
		LessonsLearnt:  "Fixed times and places matter more than distance. Leaders who live in the area keep groups going. Coffee afterwards is not optional.",
		TransferNotes:  "Needs a housing partner that opens its courtyards and a volunteer organisation; the referral card must fit the local primary care routines.",
		Evidence:       fmt.Sprintf("Before-and-after questionnaire to participants (n=%d), evaluated by the university.", n("walk survey", 180, 300)),
		Contacts:       []*hcnetv1.Contact{contact(pb.people[0], "Healthy City coordinator")},
		ContactPoint:   agreedPerson(pb.people[2], "Public health strategist, walking groups"),
		Licence:        licence,
		Sectors:        []hcnetv1.Sector{hcnetv1.Sector_SECTOR_HEALTH, hcnetv1.Sector_SECTOR_SPORT, hcnetv1.Sector_SECTOR_HOUSING},
		Settings:       []hcnetv1.Setting{hcnetv1.Setting_SETTING_COMMUNITIES},
		Mechanisms:     []hcnetv1.Mechanism{hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP, hcnetv1.Mechanism_MECHANISM_BUILD_ON_MUTUAL_SUCCESS},
		Sdg:            &hcnetv1.SdgTags{Goals: []int32{3, 11}, Targets: []string{"3.4", "11.7"}},
		SixPs:          []hcnetv1.SixP{hcnetv1.SixP_SIX_P_PEOPLE, hcnetv1.SixP_SIX_P_PLACE},
		EquityGroups:   []string{"older people living alone", "women 65+"},
		PartnershipIds: nonEmpty(ps[healthyNeighbourhood], ps[healthyAgeingCities]),
	}
	guides := &hcnetv1.Practice{
		Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK,
		Texts: texts(pb.practices[2], text{
			"Health guides: health information in people's own languages",
			"Trained health guides who speak residents' languages hold group sessions on health, the health care system and children's health, and accompany families to their first primary care visit.",
			"The work started in %s, where many newly arrived families live. Sessions are held in association premises and at the library, in the languages most spoken in the district and in " + pb.englishName + ".",
		}, d0),
		OriginalLanguage: s.Language,
		Status:           hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
		Problem:          "Newly arrived families rarely use primary care and child health services and come late to the emergency room.",
		Context:          fmt.Sprintf("%s has received many refugees since 2015 and 2022; half of the residents of %s were born abroad.", s.Name, d0),
		Partners: []string{
			o.SocialServices + " (lead)",
			o.HealthAuthority + " (primary care, child health services)",
			o.NGO + " (recruits health guides)",
			o.Residents + " (premises)",
		},
		Activities:     "Ten-day training for health guides; group sessions in six languages; accompanied first visits; a monthly open session at the library.",
		Resources:      "Four part-time health guides; meeting rooms from the residents' association; interpreters for the training.",
		Results:        fmt.Sprintf("More than %d participants a year;", 50*n("guided", 8, 16)) + " first visits to the child health services before 4 weeks of age rose in the pilot district.",
		IndicatorIds:   nonEmpty(ind(0)),
		LessonsLearnt:  "Recruit guides from the communities themselves. Primary care staff must know the guides by name. Keep sessions small.",
		TransferNotes:  "The languages and the health care system differ; translate the material anew, do not only translate words.",
		Evidence:       fmt.Sprintf("Attendance records and a follow-up interview study (n=%d); evaluation report in preparation.", n("interviews", 30, 50)),
		Contacts:       []*hcnetv1.Contact{contact(pb.people[0], "Healthy City coordinator"), contact(pb.people[2], "Public health strategist")},
		Licence:        licence,
		Sectors:        []hcnetv1.Sector{hcnetv1.Sector_SECTOR_SOCIAL_SERVICES, hcnetv1.Sector_SECTOR_HEALTH},
		Settings:       []hcnetv1.Setting{hcnetv1.Setting_SETTING_COMMUNITIES, hcnetv1.Setting_SETTING_HEALTH_CARE_FACILITIES},
		Mechanisms:     []hcnetv1.Mechanism{hcnetv1.Mechanism_MECHANISM_TACKLE_HOT_LOCAL_ISSUES, hcnetv1.Mechanism_MECHANISM_BUILD_ON_CULTURAL_AND_HISTORICAL_BACKGROUNDS},
		Sdg:            &hcnetv1.SdgTags{Goals: []int32{3, 10}, Targets: []string{"3.8", "10.2"}},
		SixPs:          []hcnetv1.SixP{hcnetv1.SixP_SIX_P_PEOPLE, hcnetv1.SixP_SIX_P_PARTICIPATION},
		EquityGroups:   []string{"newly arrived families", "residents of " + d0},
		PartnershipIds: nonEmpty(ps[healthGuides]),
	}
	return append(append([]*hcnetv1.Practice{walking}, chosen...), guides)
}

// figure is a number a practice reports, between base and base+spread:
// it varies with the city, as its indicators do, and is the same every run.
func figure(s CitySpec, salt string, base, spread uint32) uint32 {
	return base + hash(s.ID+"/"+salt)%spread
}

// movingSchoolText is the English text of the moving school practice; the
// body takes the pilot district.
var movingSchoolText = text{
	"Moving school: 30 minutes of daily movement for every pupil",
	"Every primary school pupil gets 30 minutes of movement a day, in lessons and breaks, on schoolyards redesigned for play.",
	"The schools in %s started first. Teachers got a short course from the sports clubs, schoolyards got new space for play and growing, and the school health services follow how pupils feel.",
}

// movingSchoolPractice is daily movement in every primary school, piloted
// in the second priority district.
func movingSchoolPractice(s CitySpec, texts map[string]*hcnetv1.PracticeText, ps map[partnershipKey]string, ind func(int) string) *hcnetv1.Practice {
	pb := phrasebooks[s.Language]
	o := s.Orgs
	d0, d1 := s.Districts[0], s.Districts[1]
	return &hcnetv1.Practice{
		Visibility:       hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Texts:            texts,
		OriginalLanguage: s.Language,
		Status:           hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
		Problem:          fmt.Sprintf("Fewer than half of the pupils in %s and %s moved an hour a day, and school results lagged.", d0, d1),
		Context:          "Municipal primary schools, grades 1–9; schoolyards were mostly asphalt.",
		Partners: []string{
			o.Schools + " (lead)",
			o.Environment + " (schoolyards)",
			o.Sports + " (coaches teachers)",
		},
		Activities:     "Movement breaks in lessons; active breaks with play leaders; schoolyard redesign with the pupils' councils; a school health check in grades 4 and 7.",
		Resources:      "A half-day course per teacher; schoolyard investment shared with a national grant; play equipment.",
		Results:        "All primary schools have daily movement since autumn 2025; more pupils in the priority districts are eligible for upper secondary school.",
		IndicatorIds:   nonEmpty(ind(3), ind(1)),
		LessonsLearnt:  "Start with the school leaders; let pupils design the schoolyards; short breaks every lesson beat one long session.",
		TransferNotes:  "Check the national curriculum's room for movement in lessons; schoolyard grants differ between countries.",
		Evidence:       "School health data for grades 4 and 7 and the national school statistics, compared with schools that started a year later.",
		Contacts:       []*hcnetv1.Contact{contact(pb.people[1], "Head of pupil health")},
		Licence:        licence,
		Sectors:        []hcnetv1.Sector{hcnetv1.Sector_SECTOR_EDUCATION, hcnetv1.Sector_SECTOR_URBAN_PLANNING, hcnetv1.Sector_SECTOR_SPORT},
		Settings:       []hcnetv1.Setting{hcnetv1.Setting_SETTING_SCHOOLS},
		Mechanisms:     []hcnetv1.Mechanism{hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP, hcnetv1.Mechanism_MECHANISM_INVOLVE_DECISION_MAKERS},
		Sdg:            &hcnetv1.SdgTags{Goals: []int32{3, 4}, Targets: []string{"3.4", "4.1"}},
		SixPs:          []hcnetv1.SixP{hcnetv1.SixP_SIX_P_PEOPLE, hcnetv1.SixP_SIX_P_PLACE},
		EquityGroups:   []string{"pupils in " + d0 + " and " + d1, "girls 10–15"},
		PartnershipIds: nonEmpty(ps[movingSchools]),
	}
}

// success is the success of the between-cities partnership, naming the two
// partner cities, which are asked to endorse it.
func success(s CitySpec, ps map[partnershipKey]string) *hcnetv1.Success {
	others, _ := neighbours(s)
	names := make([]string, len(others))
	refs := make([]*hcnetv1.CityRef, len(others))
	for i, c := range others {
		names[i] = c.Name
		refs[i] = c.Ref()
	}
	return &hcnetv1.Success{
		Visibility:    hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Title:         fmt.Sprintf("Walking groups reach 1,500 older residents in %s and %s", s.Name, strings.Join(names, " and ")),
		PartnershipId: ps[healthyAgeingCities],
		Outcome: "With one shared walk leaders' course and one questionnaire, the three cities' walking groups reached 1,500 older residents in 2025; " +
			"two thirds of them say they feel less lonely, and the share who are active 150 minutes a week rose by 9 points.",
		Date:          "2025-11-20",
		PartnerCities: refs,
		Sdg:           &hcnetv1.SdgTags{Goals: []int32{3, 17}, Targets: []string{"3.4", "17.17"}},
	}
}

// endorsement is this city's endorsement of ref, a success of another city.
func endorsement(s CitySpec, ref *hcnetv1.SuccessRef) *hcnetv1.Endorsement {
	return &hcnetv1.Endorsement{
		Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Success:    ref,
		Statement: fmt.Sprintf("%s took part in this work and endorses the result: our walk leaders trained together, and %s's groups in %s use the same questionnaire.",
			s.Name, s.Name, s.Districts[0]),
		Date: "2025-12-05",
	}
}

// licence is the licence every sample practice is shared under.
const licence = "CC-BY-4.0"

// nonEmpty drops empty ids, so a record never refers to something the node
// did not create.
func nonEmpty(ids ...string) []string {
	var out []string
	for _, id := range ids {
		if id != "" {
			out = append(out, id)
		}
	}
	return out
}
