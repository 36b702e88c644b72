// Package corpus makes the practices the search and ingest benchmarks
// measure with: hcbench and the hub's benchmarks fill their databases
// from this one definition, so their figures compare.
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
// measured at.
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
		Problem: "Isolation of " + w(11) + " and " + w(12),
		Sdg:     &hcnetv1.SdgTags{Goals: []int32{3, int32(10 + i%8)}},
	}}}
}
