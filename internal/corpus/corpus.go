// Package corpus makes the practices the search and ingest benchmarks
// measure with: hcbench and the hub's benchmarks fill their databases
// from this one definition, so their figures compare. It is a network a
// regional coordinator would recognise: eight countries of unequal size
// whose biggest city holds a large share of their practices (Place), and
// settings, sectors, mechanisms and groups reached tagged with skewed
// frequencies; every trait is a hash of the practice's number, so the
// same n practices are the same corpus every time.
package corpus

import (
	"fmt"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Words give practice texts a skewed vocabulary: the first is in every
// record (the common term of the query set), "zeppelin" in one of
// RareEvery, so both ends of FTS posting-list sizes are measured.
var Words = []string{"health", "meeting", "places", "loneliness", "older", "residents", "generations",
	"walking", "school", "meals", "garden", "cycling", "housing", "noise", "air", "water", "green", "youth"}

// RareEvery is how many practices hold "zeppelin" once.
const RareEvery = 5000

// Practice is the i-th shared practice of the corpus, with the id given:
// about half a KiB sealed, the size the DESIGN's raw figures were
// measured at. Its SDG goals are 3 and 10+i%8 (so goal 11 is one in
// eight) with a target of goal 3; its settings, sectors, mechanisms and
// groups reached are drawn by weight. A practice of SDG 11 (cities) is
// never on an island, so that filter of two facets selects nothing.
func Practice(i int, id string) *hcnetv1.SharedRecord {
	w := func(k int) string { return Words[(i*7+k*13)%len(Words)] }
	title := fmt.Sprintf("%s %s %s for %s", Words[0], w(1), w(2), w(3))
	if i%RareEvery == 0 {
		title += " zeppelin"
	}
	summary := fmt.Sprintf("Meeting places against loneliness: %s and %s bring %s together across generations in practice %d.", w(4), w(5), w(6), i)
	return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: &hcnetv1.Practice{
		Id: id, Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK,
		Status:           hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
		OriginalLanguage: "en",
		Texts: map[string]*hcnetv1.PracticeText{"en": {Title: title, Summary: summary,
			Body: fmt.Sprintf("The city works with %s, %s and %s. Residents of every age take part; %s is measured each year.", w(7), w(8), w(9), w(10))}},
		Problem:      "Isolation of " + w(11) + " and " + w(12),
		Sdg:          &hcnetv1.SdgTags{Goals: []int32{3, int32(10 + i%8)}, Targets: []string{pick(targets, mix(i, 50))}},
		Settings:     practiceSettings(i),
		Sectors:      pickSome(sectors, i, 20, 3, 2),
		Mechanisms:   optional(i, 30, 3, func() []hcnetv1.Mechanism { return pickSome(mechanisms, i, 31, 2, 3) }),
		EquityGroups: optional(i, 40, 4, func() []string { return pickSome(groups, i, 41, 2, 4) }),
	}}}
}

// practiceSettings are one or two settings, villages standing in for
// islands in practices of SDG 11.
func practiceSettings(i int) []hcnetv1.Setting {
	out := pickSome(settings, i, 10, 2, 3)
	if 10+i%8 == 11 {
		for k, s := range out {
			if s == hcnetv1.Setting_SETTING_ISLANDS {
				out[k] = hcnetv1.Setting_SETTING_VILLAGES
			}
		}
		if len(out) == 2 && out[0] == out[1] {
			out = out[:1]
		}
	}
	return out
}

// optional is none in tenths of the practices, else what some gives.
func optional[T any](i int, salt uint64, tenths uint64, some func() []T) []T {
	if mix(i, salt)%10 < tenths {
		return nil
	}
	return some()
}
