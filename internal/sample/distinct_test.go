package sample

import (
	"fmt"
	"testing"
)

// TestEveryCityIsItsOwn guards the demo's story: a reader comparing two
// cities on a hub must see two different cities, not one city under two
// names.
func TestEveryCityIsItsOwn(t *testing.T) {
	titles := map[string]string{}
	series := map[string]string{}
	for _, c := range Cities {
		for _, p := range practices(c, nil, nil) {
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
}
