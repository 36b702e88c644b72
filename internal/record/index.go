package record

import (
	"strconv"
	"strings"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// Facet names a multi-valued property lists filter on.
type Facet string

// The facets of the vocabulary. Stored, so append-only.
const (
	FacetSector    Facet = "sector"
	FacetSetting   Facet = "setting"
	FacetMechanism Facet = "mechanism"
	FacetSDGGoal   Facet = "sdg"
	FacetSDGTarget Facet = "sdg_target"
	FacetSixP      Facet = "six_p"
	FacetPlan      Facet = "plan"
)

// Term is one facet value of a record ("sector" = "health").
type Term struct {
	Facet Facet
	Value string
}

// Ref is a reference from a record to another record: on the same node,
// or, when Across, of the city Country/City, which may be this node's own.
type Ref struct {
	Field string // path of the referring field, for error messages
	Kind  Kind
	ID    string
	// Across is set for a reference that names its city (an adopted
	// practice, an endorsed success): it is to a record on this node
	// only when Country and City are this node's.
	Across        bool
	Country, City string
}

// OnNode tells whether the reference is to a record on the node of the
// city country/city. A reference that names this city is one like any
// other: what the node checks and shares of it must not depend on how it
// was written.
func (r Ref) OnNode(country, city string) bool {
	return !r.Across || (r.Country == country && r.City == city)
}

// Index is what a store needs to find a record: its single-valued filter
// columns, its facet terms, the text to search and its references.
type Index struct {
	Status string
	Level  string
	Terms  []Term
	Text   string
	Refs   []Ref
}

type indexer struct {
	ix   Index
	text []string
}

func (x *indexer) term(f Facet, v string) {
	if v != "" {
		x.ix.Terms = append(x.ix.Terms, Term{Facet: f, Value: v})
	}
}

func terms[E Enum](x *indexer, f Facet, items []E) {
	for _, e := range items {
		x.term(f, ShortName(e))
	}
}

func (x *indexer) sdg(t *hcnetv1.SdgTags) {
	for _, g := range t.GetGoals() {
		x.term(FacetSDGGoal, strconv.Itoa(int(g)))
	}
	for _, tg := range t.GetTargets() {
		x.term(FacetSDGTarget, tg)
		// A target implies its goal: filtering by goal 3 finds "3.4".
		if goal, _, ok := strings.Cut(tg, "."); ok {
			x.term(FacetSDGGoal, goal)
		}
	}
}

func (x *indexer) words(s ...string) { x.text = append(x.text, s...) }

func (x *indexer) ref(field string, k Kind, id string) {
	if id != "" {
		x.ix.Refs = append(x.ix.Refs, Ref{Field: field, Kind: k, ID: id})
	}
}

// across is a reference to a record of the city country/city.
func (x *indexer) across(field string, k Kind, country, city, id string) {
	if id != "" {
		x.ix.Refs = append(x.ix.Refs, Ref{Field: field, Kind: k, ID: id, Across: true, Country: country, City: city})
	}
}

// IndexOf computes the index entries of a record. Private contact fields
// are not indexed: a free-text search should not find people.
func IndexOf(m proto.Message) Index {
	x := &indexer{}
	switch r := m.(type) {
	case *hcnetv1.City:
		x.words(r.GetName(), r.GetRegion(), r.GetDescription())
	case *hcnetv1.Partner:
		x.term(FacetSector, ShortName(r.GetSector()))
		x.words(r.GetOrganisation(), r.GetDescription())
	case *hcnetv1.Partnership:
		x.ix.Status = ShortName(r.GetStatus())
		x.ix.Level = ShortName(r.GetLevel())
		terms(x, FacetSector, r.GetSectors())
		terms(x, FacetSetting, r.GetSettings())
		terms(x, FacetMechanism, r.GetMechanisms())
		terms(x, FacetSixP, r.GetSixPs())
		x.sdg(r.GetSdg())
		x.words(r.GetTitle(), r.GetDescription(), r.GetHotLocalIssue(), r.GetParticipatoryPlatform())
		x.words(r.GetEquityGroups()...)
		for i, p := range r.GetPartners() {
			x.ref("partners["+strconv.Itoa(i)+"].partner_id", KindPartner, p.GetPartnerId())
		}
	case *hcnetv1.HealthPlan:
		x.ix.Status = ShortName(r.GetStatus())
		x.words(r.GetTitle(), r.GetDescription())
		for _, g := range r.GetGoals() {
			x.sdg(g.GetSdg())
			x.words(g.GetTitle(), g.GetDescription())
		}
		for i, a := range r.GetActions() {
			x.words(a.GetTitle())
			x.ref("actions["+strconv.Itoa(i)+"].partnership_id", KindPartnership, a.GetPartnershipId())
		}
		for i, id := range r.GetPartnershipIds() {
			x.ref("partnership_ids["+strconv.Itoa(i)+"]", KindPartnership, id)
		}
	case *hcnetv1.Indicator:
		x.term(FacetPlan, r.GetPlanId())
		x.sdg(r.GetSdg())
		x.words(r.GetName(), r.GetDescription())
		x.ref("plan_id", KindHealthPlan, r.GetPlanId())
	case *hcnetv1.Practice:
		x.ix.Status = ShortName(r.GetStatus())
		terms(x, FacetSector, r.GetSectors())
		terms(x, FacetSetting, r.GetSettings())
		terms(x, FacetMechanism, r.GetMechanisms())
		terms(x, FacetSixP, r.GetSixPs())
		x.sdg(r.GetSdg())
		for _, lang := range sortedKeys(r.GetTexts()) {
			t := r.GetTexts()[lang]
			x.words(t.GetTitle(), t.GetSummary(), t.GetBody())
		}
		x.words(r.GetProblem(), r.GetContext(), r.GetActivities(), r.GetResults(), r.GetLessonsLearnt(), r.GetTransferNotes())
		x.words(r.GetPartners()...)
		x.words(r.GetEquityGroups()...)
		for i, id := range r.GetIndicatorIds() {
			x.ref("indicator_ids["+strconv.Itoa(i)+"]", KindIndicator, id)
		}
		for i, id := range r.GetPartnershipIds() {
			x.ref("partnership_ids["+strconv.Itoa(i)+"]", KindPartnership, id)
		}
		if a := r.GetAdoptedFrom(); a != nil {
			x.across("adopted_from.practice_id", KindPractice, a.GetCountry(), a.GetCityId(), a.GetPracticeId())
		}
	case *hcnetv1.Success:
		x.sdg(r.GetSdg())
		x.words(r.GetTitle(), r.GetOutcome())
		for _, c := range r.GetPartnerCities() {
			x.words(c.GetName())
		}
		x.ref("partnership_id", KindPartnership, r.GetPartnershipId())
	case *hcnetv1.Endorsement:
		x.words(r.GetStatement())
		if sr := r.GetSuccess(); sr != nil {
			x.across("success.success_id", KindSuccess, sr.GetCountry(), sr.GetCityId(), sr.GetSuccessId())
		}
	}
	x.ix.Terms = dedupTerms(x.ix.Terms)
	var parts []string
	for _, w := range x.text {
		if w != "" {
			parts = append(parts, w)
		}
	}
	x.ix.Text = strings.Join(parts, "\n")
	return x.ix
}

func dedupTerms(ts []Term) []Term {
	seen := make(map[Term]bool, len(ts))
	out := ts[:0]
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
