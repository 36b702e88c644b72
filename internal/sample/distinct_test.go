package sample

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestEveryCityIsItsOwn guards the demo's story: a reader comparing two
// cities on a hub must see two different cities, not one city under two
// names.
func TestEveryCityIsItsOwn(t *testing.T) {
	themes := make([]string, len(Cities))
	titles := map[string]string{}
	series := map[string]string{}
	for ci, c := range Cities {
		var set []string
		for _, p := range practices(c, nil, nil) {
			set = append(set, practiceTheme(p))
			for lang, tx := range p.Texts {
				key := lang + ":" + tx.Title
				if lang != "en" && lang != c.Language {
					t.Errorf("%s: practice text in unexpected language %q", c.ID, lang)
				}
				if other, ok := titles[key]; ok {
					t.Errorf("%s and %s share the practice title %q", other, c.ID, tx.Title)
				}
				titles[key] = c.ID
			}
		}
		slices.Sort(set)
		themes[ci] = strings.Join(set, "; ")
		for _, def := range indicatorDefs(c) {
			var vs []float64
			for i, year := range measuredYears {
				for _, m := range def.measurements(c, i, year) {
					vs = append(vs, m.Value)
				}
			}
			key := def.name + fmt.Sprint(vs)
			if other, ok := series[key]; ok {
				t.Errorf("%s and %s have the same %q measurements %v", other, c.ID, def.name, vs)
			}
			series[key] = c.ID
		}
	}
	// Cities of one country meet at their national hub, and cities next
	// to each other in Cities partner and meet in the demo; each should
	// bring work of its own, not only a title of its own.
	n := len(Cities)
	for i := range Cities {
		for j := i + 1; j < n; j++ {
			neighbours := j == i+1 || (i == 0 && j == n-1)
			if Cities[i].Country != Cities[j].Country && !neighbours {
				continue
			}
			if themes[i] == themes[j] {
				t.Errorf("%s and %s run the same practices: %s", Cities[i].ID, Cities[j].ID, themes[i])
			}
		}
	}
}

// practiceTheme is a practice's English title without the district that
// names the pilot: the same for every city that runs the practice.
func practiceTheme(p *hcnetv1.Practice) string {
	en := p.GetTexts()["en"].GetTitle()
	return en[:max(0, strings.LastIndex(en, " ("))]
}
