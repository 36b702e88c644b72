package record_test

import (
	"slices"
	"testing"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestEquityGroups reads the groups a partnership and a practice name as
// reached, as written, and none of a kind that names no group.
func TestEquityGroups(t *testing.T) {
	for _, c := range []struct {
		title string
		rec   *hcnetv1.SharedRecord
		want  []string
	}{
		{"partnership", &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Partnership{Partnership: &hcnetv1.SharedPartnership{
			Partnership: &hcnetv1.Partnership{Title: "Gröna gårdar", EquityGroups: []string{"residents of Rosengård", "women 65+"}}}}},
			[]string{"residents of Rosengård", "women 65+"}},
		{"practice", &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: &hcnetv1.Practice{EquityGroups: []string{"born abroad"}}}},
			[]string{"born abroad"}},
		{"indicator", &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Indicator{Indicator: &hcnetv1.Indicator{Name: "Loneliness"}}}, nil},
		{"no record", &hcnetv1.SharedRecord{}, nil},
	} {
		t.Run(c.title, func(t *testing.T) {
			if got := record.EquityGroups(c.rec); !slices.Equal(got, c.want) {
				t.Fatalf("EquityGroups = %q, want %q", got, c.want)
			}
		})
	}
}
