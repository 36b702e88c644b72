package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/i18n"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestMeasurementFormRefusesSameDateTwice: a second value for a date and
// series shows, next to the date, that one exists, offers to replace the
// stored value (named with its value and date) and saves nothing; ticked,
// the new value replaces the first. Another district on the same date is
// another series and is recorded.
func TestMeasurementFormRefusesSameDateTwice(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ind := s.indicator(t)
	path := "/indicators/" + ind
	form := func(value, kind, label string) url.Values {
		return url.Values{"csrf": {token}, "date": {"2025-03-01"}, "value": {value}, "breakdown_kind": {kind}, "breakdown_label": {label}}
	}
	if code, body, _ := s.post(t, path, form("33,2", "", "")); code != http.StatusSeeOther {
		t.Fatalf("first value: %d\n%s", code, body)
	}
	if code, body, _ := s.post(t, path, form("40", "district", "Rosengård")); code != http.StatusSeeOther {
		t.Fatalf("the same date for a district: %d\n%s", code, body)
	}
	stored := func() []*hcnetv1.Measurement {
		t.Helper()
		res, err := s.api.GetIndicator(context.Background(), &hcnetv1.GetIndicatorRequest{Id: ind})
		if err != nil {
			t.Fatal(err)
		}
		return res.GetIndicator().GetMeasurements()
	}

	code, page, _ := s.post(t, path, form("33,2", "", ""))
	if code != formStatus {
		t.Fatalf("the same value twice: %d, want %d\n%s", code, formStatus, page)
	}
	mustContain(t, page,
		`<span class="error-message" id="date-error"><span class="visually-hidden">Error:</span> already has a value for the whole city; replace it or choose another date</span>`,
		`<a href="#date">Date: already has a value for the whole city`,
		`id="date" name="date" value="2025-03-01" aria-invalid="true"`,
		`<input type="checkbox" id="replace" name="replace" value="yes"> Replace the value 33.2 recorded for 2025-03-01 with this one</label>`)
	if ms := stored(); len(ms) != 2 {
		t.Fatalf("a refused value was saved: %v", ms)
	}

	code, page, _ = s.post(t, path, form("41", "district", "Rosengård"))
	if code != formStatus {
		t.Fatalf("the district's value twice: %d\n%s", code, page)
	}
	mustContain(t, page, `already has a value for district &#34;Rosengård&#34;; replace it or choose another date`,
		`Replace the value 40 recorded for 2025-03-01 with this one`)

	replace := form("31,9", "", "")
	replace.Set("replace", "yes")
	if code, body, _ := s.post(t, path, replace); code != http.StatusSeeOther {
		t.Fatalf("replace: %d\n%s", code, body)
	}
	ms := stored()
	if len(ms) != 2 {
		t.Fatalf("replace added a value: %v", ms)
	}
	for _, m := range ms {
		if m.GetBreakdown() == nil && m.GetValue() != 31.9 {
			t.Fatalf("the city's value is %v, want the replacing 31.9", m.GetValue())
		}
	}
	// A form with the box ticked and another problem keeps the box.
	bad := form("", "", "")
	bad.Set("replace", "yes")
	_, page, _ = s.post(t, path, bad)
	mustContain(t, page, `<input type="checkbox" id="replace" name="replace" value="yes" checked> Replace the value 31.9 recorded`)
}

// TestMeasurementTwiceInEveryLanguage: the refusal and the replace box
// come in every language, the Swedish with the stored value written the
// Swedish way.
func TestMeasurementTwiceInEveryLanguage(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ind := s.indicator(t)
	path := "/indicators/" + ind
	if _, err := s.api.RecordMeasurement(context.Background(), &hcnetv1.RecordMeasurementRequest{IndicatorId: ind,
		Measurement: &hcnetv1.Measurement{Date: "2025-03-01", Value: 33.2, Breakdown: &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_GROUP, Label: "kvinnor 65+"}}}); err != nil {
		t.Fatal(err)
	}
	before := missedNow(t)
	pages := map[string]string{}
	for _, l := range i18n.Languages {
		code, page, _ := s.postIn(t, l.Code, path, url.Values{"csrf": {token}, "date": {"2025-03-01"}, "value": {"33,2"},
			"breakdown_kind": {"group"}, "breakdown_label": {"kvinnor 65+"}})
		if code != formStatus {
			t.Fatalf("%s: %d, want %d\n%s", l.Code, code, formStatus, page)
		}
		mustContain(t, page, `<html lang="`+l.Code+`">`, `id="date-error"`, `id="replace"`)
		pages[l.Code] = page
	}
	missedSince(t, before)
	mustContain(t, pages["sv"], "har redan ett värde för grupp &#34;kvinnor 65&#43;&#34;; ersätt det eller välj ett annat datum",
		"Ersätt värdet 33,2 registrerat för")
	if strings.Contains(pages["ru"], "already has a value") {
		t.Fatal("the Russian page says the refusal in English")
	}
}
