package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/i18n"
)

// TestRequiredNumberExampleInLanguage: a form asking for a number gives
// its example with the decimal mark the form accepts in the reader's
// language, while a spreadsheet's problem, whose cells take a dot,
// keeps 12.5.
func TestRequiredNumberExampleInLanguage(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	plan := s.planTitled(t, "Plan A")
	errorOf := regexp.MustCompile(`id="baseline-error">(?:<span class="visually-hidden">[^<]*</span>)? ?([^<]*)</span>`)
	for lang, want := range map[string]string{
		"en": "is required: a number, like 12.5",
		"sv": "måste anges: ett tal, som 12,5",
		"de": "ist erforderlich: eine Zahl, etwa 12,5",
		"ru": "обязательно: число, например 12,5",
	} {
		code, page, _ := s.postIn(t, lang, "/indicators/new", url.Values{
			"csrf": {token}, "plan_id": {plan}, "name": {"Daily smokers"}, "unit": {"%"},
			"baseline": {""}, "target": {"12"}, "visibility": {"network"},
		})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("%s: an empty baseline: %d, want 422", lang, code)
		}
		m := errorOf.FindStringSubmatch(page)
		if m == nil || m[1] != want {
			t.Errorf("%s: next to the baseline %q, want %q", lang, m, want)
		}
	}
	c, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	if sheet := c.In("sv").T("is required: a number, like 12.5"); !strings.Contains(sheet, "12.5") {
		t.Errorf("a spreadsheet's problem in Swedish lost its dot: %q", sheet)
	}
}
