package web

import (
	"strings"
	"testing"
)

// TestPartnerKindAndSectorInTheReadersLanguage: a partnership's page says
// what kind of organisation each partner is and its sector in the
// reader's language, as it says the partnership's own sectors, not in
// the English of the enum's name.
func TestPartnerKindAndSectorInTheReadersLanguage(t *testing.T) {
	sc := startSharedCities(t)
	path := "/records/se/malmo/" + sc.partnership
	for lang, want := range map[string]string{
		"en": "local government department · health",
		"sv": "kommunal förvaltning · hälsa",
		"ru": "подразделение городской администрации · здравоохранение",
	} {
		code, page := getIn(t, sc.srv.URL, lang, path)
		if code != 200 {
			t.Fatalf("%s %s: %d", lang, path, code)
		}
		mustContain(t, page, `<small class="muted">`+want+`</small>`)
		if lang != "en" && strings.Contains(page, "local government department") {
			t.Errorf("%s: the partner's kind is in English", lang)
		}
	}
}
