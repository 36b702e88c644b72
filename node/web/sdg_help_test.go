package web

import (
	"strings"
	"testing"
)

// Every form that takes SDG goals by number names the 17 goals under
// the field, in the reader's language, so an officer who knows "good
// health and well-being" need not look up that it is 3.
func TestSDGFieldsNameTheGoals(t *testing.T) {
	s := startSite(t)
	s.signIn(t)
	p := s.plan(t)
	forms := []string{"/partnerships/new", "/indicators/new", "/practices/new", "/successes/new", "/plans/" + p.GetId() + "/goals/new"}
	for _, path := range forms {
		_, page := s.get(t, path)
		field := strings.Index(page, `id="sdg_goals"`)
		help := strings.Index(page, `<details class="sdg-help"><summary>Which number is which goal?</summary>`)
		if field < 0 || help < field {
			t.Fatalf("%s: no list of the goals after the SDG field", path)
		}
		mustContain(t, page[help:], "<li>1. No poverty</li>", "<li>3. Good health and well-being</li>", "<li>17. Partnerships for the goals</li>")
	}
	s.get(t, "/lang?to=fi&back=/")
	_, page := s.get(t, "/partnerships/new")
	mustContain(t, page, "<summary>Mikä numero on mikäkin tavoite?</summary>", "<li>3. Terveyttä ja hyvinvointia</li>")
}
