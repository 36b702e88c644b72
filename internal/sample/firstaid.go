package sample

import (
	"fmt"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// firstAidText is the English text of the mental health first aid
// practice; the body takes the pilot district.
var firstAidText = text{
	"Mental health first aid: a course for the adults around young people",
	"Teachers, youth workers and sports coaches take a two-day course in noticing mental ill health in young people, asking how they are and guiding them to the right help; the school health services and youth mental health services take the referrals.",
	"The first courses were held in %s, for the staff of its schools and youth centres and for the coaches of its sports clubs. Instructors from the regional health authority and the city teach in pairs, and every participant leaves with a map of where young people in the district can turn for help.",
}

// firstAidPractice is a mental health first aid course for the adults
// young people meet every day, piloted in the second priority district.
// It links the city's first aid partnership, which is within the public
// sector; the sports clubs send coaches but are not party to it.
func firstAidPractice(s CitySpec, texts map[string]*hcnetv1.PracticeText, ps map[partnershipKey]string, _ func(int) string) *hcnetv1.Practice {
	pb := phrasebooks[s.Language]
	o := s.Orgs
	d0, d1 := s.Districts[0], s.Districts[1]
	return &hcnetv1.Practice{
		Visibility:       hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Texts:            texts,
		OriginalLanguage: s.Language,
		Status:           hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
		Problem: "More and more young people report anxiety, low mood and sleeping problems. The adults they meet every day do not know how to ask or where to send them, " +
			"and waiting times at child and adolescent psychiatry are long.",
		Context: fmt.Sprintf("In %s and %s, one pupil in %d in the last years of compulsory school reported feeling low or anxious every week in the school health survey; youth centres and clubs see the young people the schools lose.",
			d0, d1, figure(s, "low mood", 3, 3)),
		Partners: []string{
			o.Schools + " (lead)",
			o.HealthAuthority + " (instructors, youth mental health services)",
			o.SocialServices + " (youth centres and field workers)",
			o.Sports + " (sends coaches to the courses)",
		},
		Activities: "A two-day course (14 hours) for school staff, youth workers and sports coaches, taught in pairs; a refresher evening a year later; " +
			"a one-page map, district by district, of where young people can turn; a named contact at the school health services for every school.",
		Resources: "Four instructors trained by the national programme; course material per participant; substitute teachers while staff attend.",
		Results: fmt.Sprintf("About %d adults have taken the course; after it, most say they dare to ask a young person how they are, and the school health services see young people earlier.",
			10*figure(s, "first aiders", 25, 40)),
		LessonsLearnt: "Give the course in working time, or few school staff come. Teach in pairs, one instructor from health care and one from the city. The map of where to turn is what participants use most.",
		TransferNotes: "The course is licensed through a national programme in many countries: check who may train instructors. Draw the map of where to turn anew for each city's services.",
		Evidence: fmt.Sprintf("Questionnaires before, after and six months after the course (n=%d), compared with the national programme's results.",
			figure(s, "course survey", 150, 200)),
		Contacts:     []*hcnetv1.Contact{contact(pb.people[1], "Head of pupil health")},
		Licence:      licence,
		Sectors:      []hcnetv1.Sector{hcnetv1.Sector_SECTOR_EDUCATION, hcnetv1.Sector_SECTOR_HEALTH, hcnetv1.Sector_SECTOR_SOCIAL_SERVICES},
		Settings:     []hcnetv1.Setting{hcnetv1.Setting_SETTING_SCHOOLS, hcnetv1.Setting_SETTING_COMMUNITIES},
		Mechanisms:   []hcnetv1.Mechanism{hcnetv1.Mechanism_MECHANISM_TACKLE_HOT_LOCAL_ISSUES, hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP},
		Sdg:          &hcnetv1.SdgTags{Goals: []int32{3}, Targets: []string{"3.4"}},
		SixPs:        []hcnetv1.SixP{hcnetv1.SixP_SIX_P_PEOPLE, hcnetv1.SixP_SIX_P_PARTICIPATION},
		EquityGroups: []string{"young people 13–19", "pupils in " + d0 + " and " + d1},
		// No indicator of the plan measures young people's mental health
		// yet; the course questionnaires are the evidence.
		PartnershipIds: nonEmpty(ps[mentalHealthFirstAid]),
	}
}
