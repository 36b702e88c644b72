package sample

import (
	"fmt"
	"strings"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// partnerKey names a sample partner so that partnerships and practices can
// refer to it before the node has given it an id.
type partnerKey int

const (
	socialServices partnerKey = iota
	schools
	environment
	healthAuthority
	university
	ngo
	housing
	sports
	residents
	business
	partnerCity1
	partnerCity2
)

// partnerDef is a partner record to create and the key it is known by.
type partnerDef struct {
	key     partnerKey
	partner *hcnetv1.Partner
}

// partners are the city's partners: its own departments (private: they are
// internal), public bodies, academia, civil society, business, residents
// and two partner cities.
func partners(s CitySpec) []partnerDef {
	pb := phrasebooks[s.Language]
	o := s.Orgs
	others, _ := neighbours(s)
	d0 := s.Districts[0]
	const (
		private = hcnetv1.Visibility_VISIBILITY_PRIVATE
		network = hcnetv1.Visibility_VISIBILITY_NETWORK
		public  = hcnetv1.Visibility_VISIBILITY_PUBLIC
	)
	p := func(key partnerKey, vis hcnetv1.Visibility, org string, kind hcnetv1.PartnerKind, sector hcnetv1.Sector,
		desc string, contact *hcnetv1.Contact) partnerDef {
		return partnerDef{key, &hcnetv1.Partner{
			Visibility: vis, Organisation: org, Kind: kind, Sector: sector,
			Description: desc, Contact: contact,
		}}
	}
	k := hcnetv1.PartnerKind_PARTNER_KIND_LOCAL_GOVERNMENT_DEPARTMENT
	return []partnerDef{
		p(socialServices, private, o.SocialServices, k, hcnetv1.Sector_SECTOR_SOCIAL_SERVICES,
			fmt.Sprintf("The city's social services. Hosts the Healthy City coordination and leads the health guides in %s.", d0),
			contact(pb.people[0], "Healthy City coordinator")),
		p(schools, private, o.Schools, k, hcnetv1.Sector_SECTOR_EDUCATION,
			"Runs the municipal primary schools and the school health services.",
			contact(pb.people[1], "Head of pupil health")),
		p(environment, private, o.Environment, k, hcnetv1.Sector_SECTOR_ENVIRONMENT,
			"Plans green spaces, schoolyards and walking routes; monitors air quality and noise.", nil),
		p(healthAuthority, network, o.HealthAuthority, hcnetv1.PartnerKind_PARTNER_KIND_PUBLIC_AGENCY, hcnetv1.Sector_SECTOR_HEALTH,
			fmt.Sprintf("The regional health authority for %s: primary care centres, child health services and the regional public health survey.", s.Region),
			contact(pb.people[2], "Public health strategist")),
		p(university, public, o.University, hcnetv1.PartnerKind_PARTNER_KIND_ACADEMIA, hcnetv1.Sector_SECTOR_EDUCATION,
			"Public health researchers who evaluate the partnerships and analyse the indicators by district and group.", nil),
		p(ngo, public, o.NGO, hcnetv1.PartnerKind_PARTNER_KIND_NGO, hcnetv1.Sector_SECTOR_SOCIAL_SERVICES,
			"Recruits and supports the volunteers who lead walking groups and meet newly arrived families.", nil),
		p(housing, network, o.Housing, hcnetv1.PartnerKind_PARTNER_KIND_PRIVATE_SECTOR, hcnetv1.Sector_SECTOR_HOUSING,
			fmt.Sprintf("Housing company with many rental homes in %s and %s; opens courtyards and premises for activities.", d0, s.Districts[1]), nil),
		p(sports, public, o.Sports, hcnetv1.PartnerKind_PARTNER_KIND_COMMUNITY_ORGANISATION, hcnetv1.Sector_SECTOR_SPORT,
			"The sports clubs' umbrella association; "+sportsWork(s)+".", nil),
		p(residents, network, o.Residents, hcnetv1.PartnerKind_PARTNER_KIND_RESIDENTS, hcnetv1.Sector_SECTOR_URBAN_PLANNING,
			fmt.Sprintf("Tenants and residents of %s; sits on the district health council.", d0), nil),
		p(business, public, o.Business, hcnetv1.PartnerKind_PARTNER_KIND_PRIVATE_SECTOR, hcnetv1.Sector_SECTOR_ECONOMY,
			businessWork(s), nil),
		p(partnerCity1, public, others[0].Orgs.Municipality, hcnetv1.PartnerKind_PARTNER_KIND_CITY, hcnetv1.Sector_SECTOR_HEALTH,
			fmt.Sprintf("%s (%s), a Healthy City we exchange with on healthy ageing.", others[0].Name, strings.ToUpper(others[0].Country)), nil),
		p(partnerCity2, public, others[1].Orgs.Municipality, hcnetv1.PartnerKind_PARTNER_KIND_CITY, hcnetv1.Sector_SECTOR_HEALTH,
			fmt.Sprintf("%s (%s), a Healthy City we exchange with on healthy ageing.", others[1].Name, strings.ToUpper(others[1].Country)), nil),
	}
}

// sportsWork is what the sports clubs do in s's practices.
func sportsWork(s CitySpec) string {
	work := []string{"trains walk leaders"}
	if s.runs(movingSchool) {
		work = append(work, "coaches teachers in daily movement")
	}
	if s.runs(smallWorkplaces) {
		work = append(work, "leads active breaks in small businesses")
	}
	if s.runs(youthFirstAid) {
		work = append(work, "sends coaches to the mental health first aid courses")
	}
	if len(work) == 1 {
		return work[0]
	}
	return strings.Join(work[:len(work)-1], ", ") + " and " + work[len(work)-1]
}

// businessWork is the business network's part, which depends on whether
// s runs the workplace programme or is preparing it.
func businessWork(s CitySpec) string {
	if s.runs(smallWorkplaces) {
		return "Network of local small businesses; co-funds activities and leads the healthy small workplaces programme."
	}
	return "Network of local small businesses; co-funds activities and is preparing a healthy workplaces programme."
}

// contact is an invented person with an address in the reserved example.org
// domain.
func contact(name, role string) *hcnetv1.Contact {
	return &hcnetv1.Contact{Name: name, Role: role, Email: emailLocal(name) + "@example.org"}
}

// emailLocal folds a name to the ASCII an e-mail local part can carry:
// "Łódź Wiśniewski" becomes "lodz.wisniewski".
func emailLocal(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case r == ' ' || r == '-':
			b.WriteByte('.')
		default:
			if f, ok := asciiFold[r]; ok {
				b.WriteString(f)
			}
		}
	}
	return b.String()
}

var asciiFold = map[rune]string{
	'å': "a", 'ä': "a", 'à': "a", 'á': "a", 'ą': "a", 'æ': "ae",
	'ö': "o", 'ø': "o", 'ó': "o", 'ò': "o",
	'é': "e", 'è': "e", 'ę': "e", 'í': "i", 'ı': "i", 'ì': "i", 'ú': "u", 'ü': "u", 'ù': "u",
	'ñ': "n", 'ń': "n", 'ł': "l", 'ś': "s", 'ż': "z", 'ź': "z", 'ć': "c",
}
