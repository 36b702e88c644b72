package sample

import (
	"fmt"
	"hash/fnv"
	"math"
	"strings"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Goal ids are set by the sample so that actions and indicators can name
// them in the same request that creates the plan.
const (
	goalEquity   = "g1"
	goalActive   = "g2"
	goalGoodLife = "g3"
)

// plan is the city health plan 2024–2030, adopted by the city council, with
// three goals and actions done step by step. ps holds the node's ids of the
// partnerships.
func plan(s CitySpec, ps map[partnershipKey]string) *hcnetv1.HealthPlan {
	pb := phrasebooks[s.Language]
	d := s.Districts
	return &hcnetv1.HealthPlan{
		Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Title:      pb.planTitle,
		Description: fmt.Sprintf("%s's city health plan, developed through its partnerships and district dialogues. "+
			"It aims to close the gaps in health between the districts, above all %s and %s, and the rest of the city.", s.Name, d[0], d[1]),
		Status:          hcnetv1.PlanStatus_PLAN_STATUS_ADOPTED,
		PeriodStartYear: 2024,
		PeriodEndYear:   2030,
		Adoption: &hcnetv1.AdoptionDecision{
			Body:      pb.council,
			Date:      "2024-03-21",
			Reference: fmt.Sprintf("%s-2024/0%d", strings.ToUpper(s.ID), 100+hash(s.ID)%800),
		},
		Goals: []*hcnetv1.Goal{{
			Id: goalEquity, Title: "Equal health in every district",
			Description: "Narrow the gap in self-rated health between the districts and between groups.",
			Sdg:         &hcnetv1.SdgTags{Goals: []int32{3, 10}, Targets: []string{"3.8", "10.2"}},
		}, {
			Id: goalActive, Title: "An active everyday life at every age",
			Description: "More residents move every day, in schools, courtyards and workplaces.",
			Sdg:         &hcnetv1.SdgTags{Goals: []int32{3, 11}, Targets: []string{"3.4", "11.7"}},
		}, {
			Id: goalGoodLife, Title: "A good start in life for every child",
			Description: "Every child completes school ready for upper secondary education.",
			Sdg:         &hcnetv1.SdgTags{Goals: []int32{4, 1}, Targets: []string{"4.1", "1.2"}},
		}},
		Actions: actions(s, ps),
		// The private workplace partnership stays out of the plan's list.
		// The health survey, which travels only to the network, is in it:
		// the plan builds on it, and the plan's shared form leaves out what
		// does not travel as far as the plan.
		PartnershipIds: nonEmpty(ps[healthGuides], ps[healthSurvey], ps[movingSchools], ps[healthyNeighbourhood],
			ps[mentalHealthFirstAid], ps[healthyAgeingCities]),
		PrimaryHealthCare: &hcnetv1.PrimaryHealthCareLink{
			Linked:     true,
			Services:   []string{"primary care centres", "child health services", "school health services"},
			Engagement: "District dialogues in every district and a residents' panel shaped the goals; the district health councils follow the actions.",
		},
	}
}

// measuredYears are the years with measurements. The first is the plan's
// baseline and goes in with the indicator; the others are recorded later,
// as a city would.
var measuredYears = []int{2023, 2024, 2025}

// indicatorDef describes one indicator and how its sample values are made.
type indicatorDef struct {
	goal, name, description, unit, source string
	// code is the measure in the sample network's catalogue
	// (sampleCatalogue), the same in every sample city, so a hub
	// compares them.
	code      string
	direction hcnetv1.IndicatorDirection
	// baseline is the city-wide value in the first measured year; perYear
	// the city-wide change every year after.
	baseline, perYear, target float64
	// monthDay is when in the year the value is measured ("10-01").
	monthDay string
	// gap scales the district gaps: the priority districts lag the city by
	// about 12 and 7 units times gap, narrowing as the plan works.
	gap    float64
	groups []groupGap
	sdg    *hcnetv1.SdgTags
}

type groupGap struct {
	label string
	// diff is the group's value minus the city's, in the indicator's unit.
	diff float64
}

// districtGaps is how far each district is better (positive) than the city,
// in units of the indicator's gap; districts past the end are average.
var districtGaps = []float64{-12, -7, 3, 5, 6}

// cityFigures is how a city's indicators differ from the template: where it
// starts, how fast it improves and how wide its gaps are. Each comes from its
// own hash of the city id, so no two sample cities tell the same story in
// their figures, and every run tells the same one.
type cityFigures struct {
	// off shifts the baselines, -3 to +3 points in tenths.
	off float64
	// trend scales the yearly change, 0.6 to 1.4.
	trend float64
	// gaps scales the district and group gaps, 0.8 to 1.3.
	gaps float64
}

func figuresOf(s CitySpec) cityFigures {
	return cityFigures{
		off:   float64(hash(s.ID+"/baseline")%61)/10 - 3,
		trend: 0.6 + float64(hash(s.ID+"/trend")%9)/10,
		gaps:  0.8 + float64(hash(s.ID+"/gaps")%11)/20,
	}
}

// sampleCatalogue is the scheme of the sample network's indicator
// catalogue: a network publishes codes of its own where no national
// scheme (such as Kolada's) covers every member country.
const sampleCatalogue = "hcnet"

func indicatorDefs(s CitySpec) []indicatorDef {
	f := figuresOf(s)
	off := f.off
	survey := s.Region + " public health survey"
	inc, dec := hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_INCREASE, hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_DECREASE
	defs := []indicatorDef{{
		goal: goalEquity, name: "Self-rated good health", code: sampleCatalogue + ":self-rated-health",
		description: "Share of adults (16–84) who rate their own health as good or very good.",
		unit:        "%", source: survey, direction: inc,
		baseline: 68 + off, perYear: 0.8, target: 75, monthDay: "10-01", gap: 1,
		groups: []groupGap{{"born abroad", -7}, {"low income (lowest fifth)", -11}, {"women 65+", -5}},
		sdg:    &hcnetv1.SdgTags{Goals: []int32{3, 10}, Targets: []string{"3.8", "10.2"}},
	}, {
		goal: goalActive, name: "Physically active adults", code: sampleCatalogue + ":physically-active",
		description: "Share of adults who are physically active at least 150 minutes a week.",
		unit:        "%", source: survey, direction: inc,
		baseline: 54 + off, perYear: 1.3, target: 65, monthDay: "10-01", gap: 1.1,
		groups: []groupGap{{"women 65+", -9}, {"born abroad", -6}, {"men 16–44", 4}},
		sdg:    &hcnetv1.SdgTags{Goals: []int32{3}, Targets: []string{"3.4"}},
	}, {
		goal: goalActive, name: "Adults with obesity", code: sampleCatalogue + ":obesity",
		description: "Share of adults with a body mass index of 30 or more.",
		unit:        "%", source: survey, direction: dec,
		baseline: 15 + off/2, perYear: -0.2, target: 13, monthDay: "10-01", gap: -0.5,
		groups: []groupGap{{"low income (lowest fifth)", 4.5}, {"born abroad", 2}},
		sdg:    &hcnetv1.SdgTags{Goals: []int32{3, 2}, Targets: []string{"3.4", "2.2"}},
	}, {
		goal: goalGoodLife, name: "Pupils eligible for upper secondary school", code: sampleCatalogue + ":school-eligibility",
		description: "Share of pupils leaving compulsory school with grades that make them eligible for upper secondary school.",
		unit:        "%", source: "national school statistics", direction: inc,
		baseline: 84 + off/2, perYear: 0.9, target: 92, monthDay: "06-30", gap: 0.9,
		groups: []groupGap{{"girls", 2}, {"boys", -2.5}, {"born abroad", -10}},
		sdg:    &hcnetv1.SdgTags{Goals: []int32{4}, Targets: []string{"4.1"}},
	}}
	for i := range defs {
		defs[i].perYear *= f.trend
		defs[i].gap *= f.gaps
		groups := make([]groupGap, len(defs[i].groups))
		for j, g := range defs[i].groups {
			groups[j] = groupGap{g.label, g.diff * f.gaps}
		}
		defs[i].groups = groups
	}
	return defs
}

// indicator is the record to create, with the baseline year's
// measurements; later holds the measurements of the following years.
func (def indicatorDef) indicator(s CitySpec, planID string) (ind *hcnetv1.Indicator, later []*hcnetv1.Measurement) {
	first := measuredYears[0]
	ind = &hcnetv1.Indicator{
		Visibility:   hcnetv1.Visibility_VISIBILITY_PUBLIC,
		PlanId:       planID,
		GoalId:       def.goal,
		Name:         def.name,
		Description:  def.description,
		Unit:         def.unit,
		Direction:    def.direction,
		Baseline:     round1(def.baseline),
		BaselineDate: fmt.Sprintf("%d-%s", first, def.monthDay),
		Target:       def.target,
		TargetDate:   "2030-12-31",
		Sdg:          def.sdg,
		Code:         def.code,
	}
	for i, year := range measuredYears {
		ms := def.measurements(s, i, year)
		if i == 0 {
			ind.Measurements = ms
		} else {
			later = append(later, ms...)
		}
	}
	return ind, later
}

// measurements are the values of year (the i-th measured year) for the
// whole city, each district and each group.
func (def indicatorDef) measurements(s CitySpec, i, year int) []*hcnetv1.Measurement {
	date := fmt.Sprintf("%d-%s", year, def.monthDay)
	city := def.baseline + def.perYear*float64(i)
	out := []*hcnetv1.Measurement{{Date: date, Value: round1(city), Source: def.source}}
	for j, d := range s.Districts {
		g := 0.0
		if j < len(districtGaps) {
			g = districtGaps[j]
		}
		if g < 0 {
			g *= 1 - 0.08*float64(i) // the priority districts catch up a little each year
		}
		m := &hcnetv1.Measurement{
			Date: date, Value: round1(city + g*def.gap), Source: def.source,
			Breakdown: &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT, Label: d},
		}
		if j == 0 && i == len(measuredYears)-1 {
			m.Note = "health guides and walking groups active since 2024"
		}
		out = append(out, m)
	}
	for _, gr := range def.groups {
		out = append(out, &hcnetv1.Measurement{
			Date: date, Value: round1(city + gr.diff), Source: def.source,
			Breakdown: &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_GROUP, Label: gr.label},
		})
	}
	return out
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// hash varies the sample's figures from city to city, the same every run.
func hash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}
