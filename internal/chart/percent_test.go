package chart

import (
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/i18n"
)

// TestBarChartPercentInLanguage: a share reads as its language writes a
// percentage, the sign held to its number by a no-break space.
func TestBarChartPercentInLanguage(t *testing.T) {
	c, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string][]string{
		"de": {"Raucher: 40\u00a0%", ">100\u00a0%</text>", ">50\u00a0%</text>"},
		"fr": {"Raucher: 40\u202f%", ">100\u202f%</text>"},
		"en": {"Raucher: 40%", ">100%</text>"},
	} {
		out := string(BarChart{ID: "p", Title: "P", Percent: true, Max: 1, Tr: c.In(lang), Bars: []Bar{{Label: "Raucher", Value: 0.4}}}.HTML())
		wellFormed(t, out)
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s percent chart lacks %q\n%s", lang, w, out)
			}
		}
	}
}
