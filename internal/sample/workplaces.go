package sample

import (
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// workplacesText is the English text of the healthy small workplaces
// practice; the body takes the pilot district.
var workplacesText = text{
	"Healthy small workplaces: active breaks and health talks at work",
	"Small businesses get a free health check for their staff, active breaks led by the sports clubs and short health talks by primary care nurses at the workplace.",
	"The programme began with the shops and workshops of %s, where most jobs are in businesses of fewer than ten people. The business association recruits the firms; each gets a year of support and a plan of its own.",
}

// workplacePractice is a health programme for small businesses, piloted in
// the second priority district. It links no partnership: the city's
// workplace partnership is private (see partnerships), and a public
// practice may carry only what travels as far as it does.
func workplacePractice(s CitySpec, texts map[string]*hcnetv1.PracticeText, _ map[partnershipKey]string, ind func(int) string) *hcnetv1.Practice {
	pb := phrasebooks[s.Language]
	o := s.Orgs
	d1 := s.Districts[1]
	return &hcnetv1.Practice{
		Visibility:       hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Texts:            texts,
		OriginalLanguage: s.Language,
		Status:           hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
		Problem:          "Employees of small businesses rarely get any health promotion at work: occupational health care, where they have it, stops at what the law asks. Many work long hours standing or driving and see a doctor only when they are ill.",
		Context:          "Shops, workshops, cafés and cleaning firms with 2–10 employees in " + d1 + ", many of them family businesses run by people born abroad.",
		Partners: []string{
			o.Business + " (lead, recruits the firms)",
			o.HealthAuthority + " (nurses hold the health checks and talks)",
			o.Sports + " (leads active breaks)",
		},
		Activities:    "A health check for every employee who wants one; ten-minute active breaks twice a week; four short health talks a year on back pain, sleep, stress and smoking; a plan for each firm drawn up with the owner.",
		Resources:     "One nurse day a week; sports club instructors paid per session; a small grant per firm for equipment.",
		Results:       "Firms that took part report fewer days of sick leave; more employees say they are active 150 minutes a week.",
		IndicatorIds:  nonEmpty(ind(1), ind(2)),
		LessonsLearnt: "Owners join when the programme costs them no working time: hold talks at opening or closing time. Active breaks work best led by someone from outside the firm.",
		TransferNotes: "Needs a business association the owners trust; where small firms have occupational health by law, work with that service instead.",
		Evidence:      "Health checks at the start and after a year (same employees) and the firms' own sick leave records.",
		Contacts:      []*hcnetv1.Contact{contact(pb.people[2], "Public health strategist")},
		Licence:       licence,
		Sectors:       []hcnetv1.Sector{hcnetv1.Sector_SECTOR_ECONOMY, hcnetv1.Sector_SECTOR_HEALTH, hcnetv1.Sector_SECTOR_SPORT},
		Settings:      []hcnetv1.Setting{hcnetv1.Setting_SETTING_WORKPLACES},
		Mechanisms:    []hcnetv1.Mechanism{hcnetv1.Mechanism_MECHANISM_TACKLE_HOT_LOCAL_ISSUES, hcnetv1.Mechanism_MECHANISM_ADDITIONAL_FINANCIAL_RESOURCES},
		Sdg:           &hcnetv1.SdgTags{Goals: []int32{3, 8}, Targets: []string{"3.4", "8.8"}},
		SixPs:         []hcnetv1.SixP{hcnetv1.SixP_SIX_P_PEOPLE, hcnetv1.SixP_SIX_P_PROSPERITY},
		EquityGroups:  []string{"employees of small businesses", "business owners born abroad"},
	}
}
