package sample

import (
	"fmt"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// courtyardsText is the English text of the green courtyards practice; the
// body takes the pilot district.
var courtyardsText = text{
	"Green courtyards: growing and meeting where people live",
	"Tenants turn the courtyards of rental housing into green places with raised beds, fruit trees, benches and shade; a gardener from the housing company and volunteers help through the growing season.",
	"The first courtyards were planted in %s, where many families live in flats without a balcony or a garden. Tenants decide together what to grow, the beds are shared, and the harvest festival every autumn is open to the whole district.",
}

// courtyardsPractice is the green courtyards of the rental estates,
// piloted in the first priority district. It is the healthy neighbourhood
// partnership's second strand, next to the walking groups, and links it.
func courtyardsPractice(s CitySpec, texts map[string]*hcnetv1.PracticeText, ps map[partnershipKey]string, ind func(int) string) *hcnetv1.Practice {
	pb := phrasebooks[s.Language]
	o := s.Orgs
	d0, d1 := s.Districts[0], s.Districts[1]
	return &hcnetv1.Practice{
		Visibility:       hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Texts:            texts,
		OriginalLanguage: s.Language,
		Status:           hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
		Problem:          "The courtyards of the rental estates were lawn and asphalt that nobody used; residents, older ones above all, had few places to meet close to home, and the summers are getting hotter.",
		Context:          fmt.Sprintf("Rental housing from the 1960s and 1970s in %s and %s, owned by %s; many households have low incomes and no garden or allotment.", d0, d1, o.Housing),
		Partners: []string{
			o.Housing + " (lead, courtyards and a gardener)",
			o.Residents + " (tenants plan and run the beds)",
			o.Environment + " (trees, plants and climate adaptation advice)",
			o.NGO + " (volunteers)",
		},
		Activities: "Courtyard workshops where tenants draw the plans; raised beds shared by the tenants of each building; fruit trees, shade and benches; " +
			"a gardener twice a week through the growing season; a harvest festival every autumn.",
		Resources: "Courtyard budget from the housing company; a municipal climate adaptation grant for trees and rain gardens; a seasonal gardener; tools in a shared shed.",
		Results: fmt.Sprintf("%d courtyards planted; about %d households grow vegetables; more older residents spend time outdoors close to home.",
			figure(s, "courtyards", 6, 10), 10*figure(s, "growers", 8, 15)),
		IndicatorIds:  nonEmpty(ind(1), ind(0)),
		LessonsLearnt: "Let tenants draw the plans, and start with one building that wants it. Beds near the entrances are used most. A gardener on fixed days keeps the beds alive through the summer holidays.",
		TransferNotes: "Needs a housing owner willing to give up lawn and pay for the upkeep; climate adaptation grants pay for trees and rain gardens in many countries.",
		Evidence:      fmt.Sprintf("Counts of people using the courtyards before and after (observation on %d days) and a tenant survey analysed by the university.", figure(s, "observation days", 20, 20)),
		Contacts:      []*hcnetv1.Contact{contact(pb.people[0], "Healthy City coordinator")},
		Licence:       licence,
		Sectors:       []hcnetv1.Sector{hcnetv1.Sector_SECTOR_HOUSING, hcnetv1.Sector_SECTOR_ENVIRONMENT, hcnetv1.Sector_SECTOR_URBAN_PLANNING},
		Settings:      []hcnetv1.Setting{hcnetv1.Setting_SETTING_COMMUNITIES},
		Mechanisms:    []hcnetv1.Mechanism{hcnetv1.Mechanism_MECHANISM_HOLISTIC_APPROACH, hcnetv1.Mechanism_MECHANISM_ADDITIONAL_FINANCIAL_RESOURCES},
		Sdg:           &hcnetv1.SdgTags{Goals: []int32{3, 11, 13}, Targets: []string{"3.4", "11.7", "13.1"}},
		SixPs:         []hcnetv1.SixP{hcnetv1.SixP_SIX_P_PLACE, hcnetv1.SixP_SIX_P_PLANET, hcnetv1.SixP_SIX_P_PARTICIPATION},
		EquityGroups:  []string{"tenants of rental housing in " + d0, "households without a garden", "older people living alone"},
		// The courtyards are the healthy neighbourhood partnership's work.
		PartnershipIds: nonEmpty(ps[healthyNeighbourhood]),
	}
}
