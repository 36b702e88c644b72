package i18n

import (
	"strings"
	"testing"
)

// TestNegativeNumbers: every language but English writes a negative
// number, and a negative share, with the minus sign, where x/text gives
// it to Swedish and Finnish only and a hyphen-minus to the others.
func TestNegativeNumbers(t *testing.T) {
	c, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{
		"en": "-1,234.5", "sv": "\u22121\u00a0234,5", "da": "\u22121.234,5", "fi": "\u22121\u00a0234,5",
		"de": "\u22121.234,5", "fr": "\u22121\u00a0234,5", "ru": "\u22121\u00a0234,5", "es": "\u22121.234,5",
	} {
		tr := c.In(lang)
		if got := tr.Number(-1234.5); got != want {
			t.Errorf("%s Number(-1234.5) = %q, want %q", lang, got, want)
		}
	}
	for _, l := range Languages {
		tr := c.In(l.Code)
		sign := "\u2212"
		if l.Code == English {
			sign = "-"
		}
		if got := tr.Number(int64(-3)); got != sign+"3" {
			t.Errorf("%s Number(int64(-3)) = %q, want %q", l.Code, got, sign+"3")
		}
		if got := tr.Percent(-0.03); !strings.HasPrefix(got, sign+"3") {
			t.Errorf("%s Percent(-0.03) = %q, want it to start %q", l.Code, got, sign+"3")
		}
		if got := tr.Quantity(-0.3, "km"); strings.Contains(got, "-") != (l.Code == English) || !strings.HasPrefix(got, sign+"0") {
			t.Errorf("%s Quantity(-0.3, km) = %q", l.Code, got)
		}
		if got := tr.Number(0.0); got != "0" {
			t.Errorf("%s Number(0) = %q", l.Code, got)
		}
	}
}
