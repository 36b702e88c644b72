package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The breakdown select's empty choice says what it means, the whole
// city, rather than asking the officer to choose one of the others.
func TestMeasurementBreakdownOffersTheWholeCity(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	id := s.indicator(t)
	_, page := s.get(t, "/indicators/"+id)
	form := page[strings.Index(page, `id="breakdown_kind"`):]
	mustContain(t, form, `<option value="">Whole city</option>`)
	if strings.Contains(form[:strings.Index(form, "</select>")], "Choose…") {
		t.Fatalf("the breakdown select still asks to choose:\n%s", form)
	}

	// Left as it is, the value is the whole city's.
	code, body, _ := s.post(t, "/indicators/"+id, url.Values{"csrf": {token}, "date": {"2025-03-01"}, "value": {"17"}, "breakdown_kind": {""}})
	if code != http.StatusSeeOther {
		t.Fatalf("record: %d\n%s", code, body)
	}
	_, page = s.get(t, "/indicators/"+id)
	mustContain(t, page, "<td>Whole city</td>")
}
