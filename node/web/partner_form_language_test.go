package web

import (
	"strings"
	"testing"
)

// TestPartnerFormSpeaksItsCountry: the partner form's example name is an
// organisation of the reader's own country, not a Swedish one in every
// language, and Finnish names a partner's kind as the catalogue does
// elsewhere (tyyppi).
func TestPartnerFormSpeaksItsCountry(t *testing.T) {
	s := startSite(t)
	s.signIn(t)
	for lang, example := range map[string]string{
		"sv": "Malmö stad, stadsbyggnadskontoret",
		"fi": "Tampereen kaupunki, kaupunkiympäristön palvelualue",
		"da": "Aarhus Kommune, Teknik og Miljø",
		"de": "Stadt Heidelberg, Amt für Stadtentwicklung und Statistik",
		"fr": "Ville de Nancy, direction de l’urbanisme",
		"ru": "администрация города Казани, управление здравоохранения",
		"es": "Ayuntamiento de Zaragoza, Servicio de Urbanismo",
	} {
		code, page := s.getIn(t, lang, "/partners/new")
		if code != 200 {
			t.Fatalf("%s: partner form: %d", lang, code)
		}
		mustContain(t, page, example)
		if lang != "sv" && strings.Contains(page, "Malmö stad") {
			t.Errorf("%s: the partner form still gives a Swedish example", lang)
		}
	}
	_, page := s.getIn(t, "fi", "/partners/new")
	mustContain(t, page, `>Tyyppi<`)
	if strings.Contains(page, "Laji") {
		t.Error("fi: a partner's kind is still called Laji")
	}
}
