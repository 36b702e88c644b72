package corpus

import hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"

// weighted is a value and its weight in thousandths: how often a
// practice names it first.
type weighted[T any] struct {
	v T
	w int
}

// Settings, sectors and mechanisms come with skewed frequencies, as
// cities tag their practices: most work in communities and schools, few
// on islands or in markets.
var (
	settings = []weighted[hcnetv1.Setting]{
		{hcnetv1.Setting_SETTING_COMMUNITIES, 300}, {hcnetv1.Setting_SETTING_SCHOOLS, 220},
		{hcnetv1.Setting_SETTING_WORKPLACES, 150}, {hcnetv1.Setting_SETTING_HEALTH_CARE_FACILITIES, 130},
		{hcnetv1.Setting_SETTING_VILLAGES, 80}, {hcnetv1.Setting_SETTING_MARKETS, 70}, {hcnetv1.Setting_SETTING_ISLANDS, 50},
	}
	sectors = []weighted[hcnetv1.Sector]{
		{hcnetv1.Sector_SECTOR_HEALTH, 350}, {hcnetv1.Sector_SECTOR_EDUCATION, 150}, {hcnetv1.Sector_SECTOR_SOCIAL_SERVICES, 120},
		{hcnetv1.Sector_SECTOR_URBAN_PLANNING, 100}, {hcnetv1.Sector_SECTOR_ENVIRONMENT, 80}, {hcnetv1.Sector_SECTOR_HOUSING, 60},
		{hcnetv1.Sector_SECTOR_TRANSPORT, 50}, {hcnetv1.Sector_SECTOR_CULTURE, 30}, {hcnetv1.Sector_SECTOR_SPORT, 30},
		{hcnetv1.Sector_SECTOR_ECONOMY, 20}, {hcnetv1.Sector_SECTOR_ECOLOGY, 10},
	}
	mechanisms = []weighted[hcnetv1.Mechanism]{
		{hcnetv1.Mechanism_MECHANISM_HOLISTIC_APPROACH, 300}, {hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP, 200},
		{hcnetv1.Mechanism_MECHANISM_INVOLVE_DECISION_MAKERS, 180}, {hcnetv1.Mechanism_MECHANISM_TACKLE_HOT_LOCAL_ISSUES, 140},
		{hcnetv1.Mechanism_MECHANISM_BUILD_ON_MUTUAL_SUCCESS, 80}, {hcnetv1.Mechanism_MECHANISM_BUILD_ON_CULTURAL_AND_HISTORICAL_BACKGROUNDS, 60},
		{hcnetv1.Mechanism_MECHANISM_ADDITIONAL_FINANCIAL_RESOURCES, 40},
	}
	// groups are the population groups practices reach (equity), none
	// of them holding a word of the query set.
	groups = []weighted[string]{
		{"children and young people", 300}, {"people born abroad", 200}, {"low-income households", 150},
		{"people with disabilities", 120}, {"single parents", 100}, {"unemployed adults", 80},
		{"Roma", 30}, {"Sami", 20},
	}
	// targets are SDG 3's targets a practice names: 3.4 (noncommunicable
	// diseases and mental health) most.
	targets = []weighted[string]{{"3.4", 500}, {"3.5", 200}, {"3.8", 200}, {"3.d", 100}}
)

// pick draws one value by weight with the hash h.
func pick[T any](vs []weighted[T], h uint64) T {
	r := int(h % 1000)
	for _, x := range vs {
		if r -= x.w; r < 0 {
			return x.v
		}
	}
	return vs[len(vs)-1].v
}

// pickSome draws up to n distinct values: the first always, each further
// one with a chance of one in more (a repeat is dropped).
func pickSome[T comparable](vs []weighted[T], i int, salt uint64, n int, more uint64) []T {
	out := []T{pick(vs, mix(i, salt))}
	for k := 1; k < n; k++ {
		h := mix(i, salt+uint64(k))
		if (h>>32)%more != 0 {
			break
		}
		v := pick(vs, h)
		dup := false
		for _, o := range out {
			dup = dup || o == v
		}
		if !dup {
			out = append(out, v)
		}
	}
	return out
}
