package sample

import (
	"fmt"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// CitySpec is what differs from one sample city to the next. Everything else
// is written once, as templates, in this package.
type CitySpec struct {
	// ID is the city's short lower-case identifier ("malmo").
	ID string
	// Name as the city writes it ("Malmö").
	Name string
	// Country is ISO 3166-1 alpha-2, lower case ("se").
	Country string
	// Language is the BCP 47 tag the city works in ("sv"); practices are
	// written in it and in English.
	Language string
	Region   string
	// Population is rounded; MemberSince is the year the city joined the
	// Healthy Cities movement.
	Population  int64
	MemberSince int32
	Website     string
	// Districts are the city's districts, at least four. The first two are
	// the priority districts: the ones with the poorest living conditions,
	// where partnerships start and the equity gaps in the indicators show.
	Districts []string
	// Orgs are the local names of the partner organisations. They are proper
	// nouns in the city's language, and its grammar (Finnish and Polish
	// inflect the city's name) rules out templating them.
	Orgs Orgs
	// Endorse is another city's success this city endorses. When nil, Load
	// endorses the success of the city before it in Cities, by the
	// placeholder id PlaceholderSuccessID gives; a federation demo that knows
	// the real id sets it here or calls Endorse later.
	Endorse *hcnetv1.SuccessRef
	// NoEndorsement leaves the endorsement out of Load altogether: a
	// federation demo endorses once every city has its success, by the
	// real ids, rather than a placeholder no hub will ever hold.
	NoEndorsement bool

	// topics are the practices the city runs besides the walking groups
	// and the health guides (defaultTopics when empty). They are chosen
	// city by city in Cities, two each, so that no two cities of one
	// country, which meet at their national hub, and no two neighbours in
	// Cities, which partner, bring the same work, and so that each choice
	// fits the city. Every city runs the moving school or the first aid
	// courses: their partnership is its one within the public sector.
	topics []topic
}

// Orgs names a sample city's partner organisations in its own language.
type Orgs struct {
	// Municipality is the city as an organisation, as partner cities name it.
	Municipality    string
	SocialServices  string
	Schools         string
	Environment     string
	HealthAuthority string
	University      string
	NGO             string
	Housing         string
	Sports          string
	// Residents is a residents' association in Districts[0].
	Residents string
	Business  string
}

// Ref is the city as other cities name it in a success.
func (s CitySpec) Ref() *hcnetv1.CityRef {
	return &hcnetv1.CityRef{CityId: s.ID, Country: s.Country, Name: s.Name}
}

// Validate reports what a spec lacks for Load to produce complete records.
func (s CitySpec) Validate() error {
	switch {
	case s.ID == "" || s.Name == "":
		return fmt.Errorf("sample city: id and name are required")
	case len(s.Country) != 2:
		return fmt.Errorf("sample city %s: country %q is not a two-letter code", s.ID, s.Country)
	case len(s.Districts) < 4:
		return fmt.Errorf("sample city %s: %d districts, need at least 4", s.ID, len(s.Districts))
	}
	if _, ok := phrasebooks[s.Language]; !ok {
		return fmt.Errorf("sample city %s: no phrasebook for language %q", s.ID, s.Language)
	}
	o := s.Orgs
	for _, name := range []string{o.Municipality, o.SocialServices, o.Schools, o.Environment, o.HealthAuthority,
		o.University, o.NGO, o.Housing, o.Sports, o.Residents, o.Business} {
		if name == "" {
			return fmt.Errorf("sample city %s: an organisation name is missing", s.ID)
		}
	}
	return nil
}

// Cities are the sample cities, in the order a federation demo starts them.
// Each partners with the two cities after it and endorses the one before it.
var Cities = []CitySpec{
	{
		ID: "malmo", Name: "Malmö", Country: "se", Language: "sv", Region: "Skåne",
		Population: 362000, MemberSince: 1993, Website: "https://malmo.se",
		Districts: []string{"Rosengård", "Fosie", "Södra Innerstaden", "Hyllie", "Limhamn-Bunkeflo"},
		Orgs: Orgs{
			Municipality:    "Malmö stad",
			SocialServices:  "Malmö stad, arbetsmarknads- och socialförvaltningen",
			Schools:         "Malmö stad, grundskoleförvaltningen",
			Environment:     "Malmö stad, miljöförvaltningen",
			HealthAuthority: "Region Skåne",
			University:      "Malmö universitet, fakulteten för hälsa och samhälle",
			NGO:             "Röda Korset Malmö",
			Housing:         "MKB Fastighets AB",
			Sports:          "Idrottsalliansen Malmö",
			Residents:       "Hyresgästföreningen Rosengård",
			Business:        "Företagarna Malmö",
		},
		// Malmö: courtyards of the 1960s estates to green, pupils to move.
		topics: []topic{movingSchool, greenCourtyards},
	},
	{
		ID: "odense", Name: "Odense", Country: "dk", Language: "da", Region: "Region Syddanmark",
		Population: 207000, MemberSince: 1998, Website: "https://www.odense.dk",
		Districts: []string{"Vollsmose", "Bolbro", "Odense C", "Dalum", "Hjallese"},
		Orgs: Orgs{
			Municipality:    "Odense Kommune",
			SocialServices:  "Odense Kommune, Socialforvaltningen",
			Schools:         "Odense Kommune, Børn- og Ungeforvaltningen",
			Environment:     "Odense Kommune, By- og Kulturforvaltningen",
			HealthAuthority: "Region Syddanmark",
			University:      "Syddansk Universitet, Institut for Sundhedstjenesteforskning",
			NGO:             "Røde Kors Odense",
			Housing:         "Fyns Almennyttige Boligselskab",
			Sports:          "DGI Fyn",
			Residents:       "Beboerforeningen i Vollsmose",
			Business:        "Odense Erhvervsnetværk",
		},
		// Odense: a business network that wants healthy workplaces; young people to reach.
		topics: []topic{smallWorkplaces, youthFirstAid},
	},
	{
		ID: "turku", Name: "Turku", Country: "fi", Language: "fi", Region: "Varsinais-Suomi",
		Population: 201000, MemberSince: 1995, Website: "https://www.turku.fi",
		Districts: []string{"Varissuo", "Runosmäki", "Keskusta", "Nummi", "Hirvensalo"},
		Orgs: Orgs{
			Municipality:    "Turun kaupunki",
			SocialServices:  "Turun kaupunki, hyvinvointitoimiala",
			Schools:         "Turun kaupunki, kasvatus- ja opetustoimiala",
			Environment:     "Turun kaupunki, kaupunkiympäristötoimiala",
			HealthAuthority: "Varsinais-Suomen hyvinvointialue",
			University:      "Turun yliopisto, kansanterveystieteen yksikkö",
			NGO:             "Suomen Punainen Risti, Turun osasto",
			Housing:         "TVT Asunnot Oy",
			Sports:          "Turun Urheiluliitto",
			Residents:       "Varissuon asukasyhdistys",
			Business:        "Turun Yrittäjät",
		},
		// Turku: the moving school is a Finnish national programme.
		topics: []topic{movingSchool, youthFirstAid},
	},
	{
		ID: "zaragoza", Name: "Zaragoza", Country: "es", Language: "es", Region: "Aragón",
		Population: 686000, MemberSince: 2002, Website: "https://www.zaragoza.es",
		Districts: []string{"Delicias", "Las Fuentes", "Casco Histórico", "Actur-Rey Fernando", "Universidad"},
		Orgs: Orgs{
			Municipality:    "Ayuntamiento de Zaragoza",
			SocialServices:  "Ayuntamiento de Zaragoza, Área de Acción Social",
			Schools:         "Ayuntamiento de Zaragoza, Servicio de Educación",
			Environment:     "Ayuntamiento de Zaragoza, Área de Medio Ambiente y Movilidad",
			HealthAuthority: "Servicio Aragonés de Salud",
			University:      "Universidad de Zaragoza, Departamento de Medicina Preventiva y Salud Pública",
			NGO:             "Cruz Roja Zaragoza",
			Housing:         "Zaragoza Vivienda",
			Sports:          "Club Deportivo Delicias",
			Residents:       "Asociación Vecinal de Delicias",
			Business:        "Red de Empresas Saludables de Zaragoza",
		},
		// Zaragoza: its business partner is a network of healthy businesses.
		topics: []topic{movingSchool, smallWorkplaces},
	},
	{
		ID: "lodz", Name: "Łódź", Country: "pl", Language: "pl", Region: "Łódzkie",
		Population: 655000, MemberSince: 1991, Website: "https://uml.lodz.pl",
		Districts: []string{"Bałuty", "Widzew", "Śródmieście", "Polesie", "Górna"},
		Orgs: Orgs{
			Municipality:    "Urząd Miasta Łodzi",
			SocialServices:  "Urząd Miasta Łodzi, Wydział Zdrowia i Spraw Społecznych",
			Schools:         "Urząd Miasta Łodzi, Wydział Edukacji",
			Environment:     "Urząd Miasta Łodzi, Wydział Ochrony Środowiska i Klimatu",
			HealthAuthority: "Łódzki Oddział Wojewódzki NFZ",
			University:      "Uniwersytet Medyczny w Łodzi, Zakład Epidemiologii i Biostatystyki",
			NGO:             "Polski Czerwony Krzyż, Oddział Łódź",
			Housing:         "Zarząd Lokali Miejskich w Łodzi",
			Sports:          "Łódzkie Towarzystwo Biegowe",
			Residents:       "Stowarzyszenie Mieszkańców Bałut",
			Business:        "Łódzka Izba Przemysłowo-Handlowa",
		},
		// Łódź: the courtyards of its tenement blocks; young people to reach.
		topics: []topic{greenCourtyards, youthFirstAid},
	},
	{
		ID: "udine", Name: "Udine", Country: "it", Language: "it", Region: "Friuli Venezia Giulia",
		Population: 98000, MemberSince: 1995, Website: "https://www.comune.udine.it",
		Districts: []string{"San Domenico", "Cussignacco", "Centro storico", "Laipacco", "Paderno"},
		Orgs: Orgs{
			Municipality:    "Comune di Udine",
			SocialServices:  "Comune di Udine, Servizio Sociale",
			Schools:         "Comune di Udine, Servizio Istruzione",
			Environment:     "Comune di Udine, Servizio Ambiente e Mobilità",
			HealthAuthority: "Azienda Sanitaria Universitaria Friuli Centrale",
			University:      "Università degli Studi di Udine, Dipartimento di Area Medica",
			NGO:             "Croce Rossa Italiana, Comitato di Udine",
			Housing:         "ATER Udine",
			Sports:          "UISP Udine",
			Residents:       "Comitato di quartiere San Domenico",
			Business:        "Confcommercio Udine",
		},
		// Udine: public housing courtyards to green, pupils to move.
		topics: []topic{movingSchool, greenCourtyards},
	},
	{
		ID: "umea", Name: "Umeå", Country: "se", Language: "sv", Region: "Västerbotten",
		Population: 131000, MemberSince: 2004, Website: "https://www.umea.se",
		Districts: []string{"Ålidhem", "Tomtebo", "Centrum", "Haga", "Holmsund"},
		Orgs: Orgs{
			Municipality:    "Umeå kommun",
			SocialServices:  "Umeå kommun, individ- och familjeomsorgen",
			Schools:         "Umeå kommun, för- och grundskoleförvaltningen",
			Environment:     "Umeå kommun, miljö- och hälsoskydd",
			HealthAuthority: "Region Västerbotten",
			University:      "Umeå universitet, institutionen för epidemiologi och global hälsa",
			NGO:             "Röda Korset Umeå",
			Housing:         "AB Bostaden i Umeå",
			Sports:          "Västerbottens idrottsförbund",
			Residents:       "Hyresgästföreningen Ålidhem",
			Business:        "Företagarna Umeå",
		},
		// Umeå: a young university town with many small businesses.
		topics: []topic{smallWorkplaces, youthFirstAid},
	},
	{
		ID: "orebro", Name: "Örebro", Country: "se", Language: "sv", Region: "Örebro län",
		Population: 158000, MemberSince: 2001, Website: "https://www.orebro.se",
		Districts: []string{"Vivalla", "Varberga", "Centrum", "Adolfsberg", "Brickebacken"},
		Orgs: Orgs{
			Municipality:    "Örebro kommun",
			SocialServices:  "Örebro kommun, förvaltningen social välfärd",
			Schools:         "Örebro kommun, förskole- och skolförvaltningen",
			Environment:     "Örebro kommun, miljöförvaltningen",
			HealthAuthority: "Region Örebro län",
			University:      "Örebro universitet, institutionen för hälsovetenskaper",
			NGO:             "Röda Korset Örebro",
			Housing:         "Örebrobostäder AB",
			Sports:          "Örebro läns idrottsförbund",
			Residents:       "Hyresgästföreningen Vivalla",
			Business:        "Företagarna Örebro",
		},
		// Örebro: schools and small businesses, a pair no other Swedish city runs.
		topics: []topic{movingSchool, smallWorkplaces},
	},
	{
		ID: "jonkoping", Name: "Jönköping", Country: "se", Language: "sv", Region: "Jönköpings län",
		Population: 145000, MemberSince: 2006, Website: "https://www.jonkoping.se",
		Districts: []string{"Råslätt", "Öxnehaga", "Centrum", "Huskvarna", "Bankeryd"},
		Orgs: Orgs{
			Municipality:    "Jönköpings kommun",
			SocialServices:  "Jönköpings kommun, socialförvaltningen",
			Schools:         "Jönköpings kommun, utbildningsförvaltningen",
			Environment:     "Jönköpings kommun, miljö- och hälsoskyddsförvaltningen",
			HealthAuthority: "Region Jönköpings län",
			University:      "Jönköping University, Hälsohögskolan",
			NGO:             "Röda Korset Jönköping",
			Housing:         "AB Vätterhem",
			Sports:          "Smålandsidrotten",
			Residents:       "Hyresgästföreningen Råslätt",
			Business:        "Företagarna Jönköping",
		},
		// Jönköping: courtyards and young people; its neighbours both run the moving school.
		topics: []topic{greenCourtyards, youthFirstAid},
	},
	{
		ID: "aarhus", Name: "Aarhus", Country: "dk", Language: "da", Region: "Region Midtjylland",
		Population: 367000, MemberSince: 2009, Website: "https://aarhus.dk",
		Districts: []string{"Gellerup", "Bispehaven", "Midtbyen", "Viby", "Risskov"},
		Orgs: Orgs{
			Municipality:    "Aarhus Kommune",
			SocialServices:  "Aarhus Kommune, Sociale Forhold og Beskæftigelse",
			Schools:         "Aarhus Kommune, Børn og Unge",
			Environment:     "Aarhus Kommune, Teknik og Miljø",
			HealthAuthority: "Region Midtjylland",
			University:      "Aarhus Universitet, Institut for Folkesundhed",
			NGO:             "Røde Kors Aarhus",
			Housing:         "Brabrand Boligforening",
			Sports:          "DGI Østjylland",
			Residents:       "Beboerrådet i Gellerup",
			Business:        "Erhverv Aarhus",
		},
		// Aarhus: schools and young people; Odense, the other Danish city, runs the workplaces.
		topics: []topic{movingSchool, youthFirstAid},
	},
}

// Lookup returns the sample city with the given id.
func Lookup(id string) (CitySpec, bool) {
	for _, c := range Cities {
		if c.ID == id {
			return c, true
		}
	}
	return CitySpec{}, false
}

// neighbours returns the cities after and before s in Cities, wrapping
// around: the partner cities it names in its success and the city whose
// success it endorses. A city not in Cities partners with the first two.
func neighbours(s CitySpec) (partners []CitySpec, before CitySpec) {
	i := cityIndex(s)
	n := len(Cities)
	if i < 0 {
		return []CitySpec{Cities[0], Cities[1]}, Cities[n-1]
	}
	return []CitySpec{Cities[(i+1)%n], Cities[(i+2)%n]}, Cities[(i+n-1)%n]
}

// cityIndex is s's place in Cities, or -1 for a city not among them.
func cityIndex(s CitySpec) int {
	for j, c := range Cities {
		if c.ID == s.ID && c.Country == s.Country {
			return j
		}
	}
	return -1
}
