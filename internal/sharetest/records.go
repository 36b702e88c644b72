package sharetest

import (
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/oklog/ulid/v2"
	"google.golang.org/protobuf/proto"
)

// Another city's success, for endorsements and adoptions: a record of
// another node, so never a local reference.
var otherSuccess = ulid.Make().String()

// builders make, per kind, a valid record whose every text field carries
// the marker mk, naming random records of the graph; they return the
// records named, in field order. A kind without one fails
// TestEveryKindHasABuilder.
var builders = map[record.Kind]func(g *Graph, mk string, vis hcnetv1.Visibility) (proto.Message, []*Rec){
	record.KindPartner:     (*Graph).buildPartner,
	record.KindPartnership: (*Graph).buildPartnership,
	record.KindHealthPlan:  (*Graph).buildHealthPlan,
	record.KindIndicator:   (*Graph).buildIndicator,
	record.KindPractice:    (*Graph).buildPractice,
	record.KindSuccess:     (*Graph).buildSuccess,
	record.KindEndorsement: (*Graph).buildEndorsement,
}

// build makes a record of r's kind with r's marker and visibility.
func (g *Graph) build(r *Rec) (proto.Message, []*Rec) {
	b, ok := builders[r.Kind]
	if !ok {
		panic("sharetest: no builder for kind " + string(r.Kind))
	}
	return b(g, r.Marker, r.Visibility)
}

func (g *Graph) buildPartner(mk string, vis hcnetv1.Visibility) (proto.Message, []*Rec) {
	return &hcnetv1.Partner{
		Visibility:   vis,
		Organisation: "Organisation " + mk,
		Kind:         hcnetv1.PartnerKind(1 + g.rng.IntN(8)),
		Sector:       hcnetv1.Sector(1 + g.rng.IntN(11)),
		Description:  "What " + mk + " does",
		Website:      "https://" + mk + ".example.org",
		Contact:      &hcnetv1.Contact{Name: "Contact " + mk, Email: mk + "@example.org", Phone: "+46 40 12 34"},
	}, nil
}

func (g *Graph) buildPartnership(mk string, vis hcnetv1.Visibility) (proto.Message, []*Rec) {
	var named []*Rec
	p := &hcnetv1.Partnership{
		Visibility:    vis,
		Title:         "Partnership " + mk,
		Description:   "What " + mk + " is about",
		Level:         hcnetv1.PartnershipLevel(1 + g.rng.IntN(4)),
		Status:        hcnetv1.PartnershipStatus(1 + g.rng.IntN(5)),
		Sectors:       []hcnetv1.Sector{hcnetv1.Sector(1 + g.rng.IntN(11))},
		HotLocalIssue: "The issue of " + mk,
		EquityGroups:  []string{"group of " + mk},
	}
	for _, pr := range g.some(record.KindPartner, 3) {
		p.Partners = append(p.Partners, &hcnetv1.PartnershipMember{PartnerId: pr.ID, Role: "role in " + mk})
		named = append(named, pr)
	}
	return p, named
}

func (g *Graph) buildHealthPlan(mk string, vis hcnetv1.Visibility) (proto.Message, []*Rec) {
	var named []*Rec
	p := &hcnetv1.HealthPlan{
		Visibility:      vis,
		Title:           "Plan " + mk,
		Description:     "What " + mk + " plans",
		Status:          hcnetv1.PlanStatus_PLAN_STATUS_DRAFT,
		PeriodStartYear: 2024,
		PeriodEndYear:   2030,
		Goals: []*hcnetv1.Goal{
			{Id: "g1" + mk, Title: "First goal of " + mk},
			{Id: "g2" + mk, Title: "Second goal of " + mk},
		},
	}
	for i := range g.rng.IntN(3) {
		a := &hcnetv1.Action{Title: "Action of " + mk, GoalId: p.Goals[i%2].Id, Status: hcnetv1.ActionStatus(1 + g.rng.IntN(5))}
		if ps := g.one(record.KindPartnership); ps != nil {
			a.PartnershipId = ps.ID
			named = append(named, ps)
		}
		p.Actions = append(p.Actions, a)
	}
	for _, ps := range g.some(record.KindPartnership, 3) {
		p.PartnershipIds = append(p.PartnershipIds, ps.ID)
		named = append(named, ps)
	}
	return p, named
}

func (g *Graph) buildIndicator(mk string, vis hcnetv1.Visibility) (proto.Message, []*Rec) {
	plans := g.ofKind[record.KindHealthPlan]
	plan := plans[g.rng.IntN(len(plans))]
	ind := &hcnetv1.Indicator{
		Visibility:  vis,
		PlanId:      plan.ID,
		Name:        "Indicator " + mk,
		Description: "What " + mk + " measures",
		Unit:        "%",
		Baseline:    10,
		Target:      20,
	}
	if goals := plan.Msg.(*hcnetv1.HealthPlan).GetGoals(); g.rng.IntN(3) > 0 {
		ind.GoalId = goals[g.rng.IntN(len(goals))].GetId()
	}
	return ind, []*Rec{plan}
}

func (g *Graph) buildPractice(mk string, vis hcnetv1.Visibility) (proto.Message, []*Rec) {
	var named []*Rec
	p := &hcnetv1.Practice{
		Visibility:       vis,
		Texts:            map[string]*hcnetv1.PracticeText{"en": {Title: "Practice " + mk, Summary: "In short, " + mk, Body: "All of " + mk}},
		OriginalLanguage: "en",
		Status:           hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
		Problem:          "The problem of " + mk,
		Partners:         []string{"a partner of " + mk},
		LessonsLearnt:    "What " + mk + " taught",
		Contacts:         []*hcnetv1.Contact{{Name: "Contact " + mk, Email: mk + "@example.org"}},
	}
	for _, ps := range g.some(record.KindPartnership, 2) {
		p.PartnershipIds = append(p.PartnershipIds, ps.ID)
		named = append(named, ps)
	}
	for _, ind := range g.some(record.KindIndicator, 2) {
		p.IndicatorIds = append(p.IndicatorIds, ind.ID)
		named = append(named, ind)
	}
	switch g.rng.IntN(3) {
	case 0:
		p.AdoptedFrom = &hcnetv1.PracticeRef{CityId: "copenhagen", Country: "dk", PracticeId: otherSuccess}
	case 1:
		if pr := g.atHome(record.KindPractice); pr != nil {
			p.AdoptedFrom = &hcnetv1.PracticeRef{CityId: g.home.GetCityId(), Country: g.home.GetCountry(), PracticeId: pr.ID}
			named = append(named, pr)
		}
	}
	return p, named
}

func (g *Graph) buildSuccess(mk string, vis hcnetv1.Visibility) (proto.Message, []*Rec) {
	var named []*Rec
	s := &hcnetv1.Success{
		Visibility:    vis,
		Title:         "Success " + mk,
		Outcome:       "What " + mk + " achieved",
		PartnerCities: []*hcnetv1.CityRef{{CityId: "copenhagen", Country: "dk", Name: "København"}},
	}
	if ps := g.one(record.KindPartnership); ps != nil {
		s.PartnershipId = ps.ID
		named = append(named, ps)
	}
	return s, named
}

func (g *Graph) buildEndorsement(mk string, vis hcnetv1.Visibility) (proto.Message, []*Rec) {
	var named []*Rec
	e := &hcnetv1.Endorsement{
		Visibility: vis,
		Success:    &hcnetv1.SuccessRef{CityId: "copenhagen", Country: "dk", SuccessId: otherSuccess},
		Statement:  "We endorse, " + mk,
	}
	if s := g.atHome(record.KindSuccess); s != nil {
		e.Success = &hcnetv1.SuccessRef{CityId: g.home.GetCityId(), Country: g.home.GetCountry(), SuccessId: s.ID}
		named = append(named, s)
	}
	return e, named
}

// atHome picks, when the graph knows its node's city, a record of the
// kind for a reference that names that city, or none.
func (g *Graph) atHome(kind record.Kind) *Rec {
	if g.home == nil {
		return nil
	}
	return g.one(kind)
}
