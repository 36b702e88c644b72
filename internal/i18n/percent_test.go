package i18n

import (
	"regexp"
	"testing"
)

func TestPercent(t *testing.T) {
	c, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		lang  string
		share float64
		want  string
	}{
		{"en", 0.26, "26%"},
		{"sv", 0.26, "26\u00a0%"},
		{"da", 0.26, "26\u00a0%"},
		{"fi", 0.26, "26\u00a0%"},
		{"de", 0.26, "26\u00a0%"},
		{"ru", 0.26, "26\u00a0%"},
		{"es", 0.26, "26\u00a0%"},
		// French sets the sign off with a narrow no-break space.
		{"fr", 0.26, "26\u202f%"},
		{"en", 0.264, "26%"},
		{"de", 0.265, "27\u00a0%"},
		{"en", -0.001, "0%"},
		{"de", 12.345, "1.235\u00a0%"},
		{"sv", 12.345, "1\u00a0235\u00a0%"},
	}
	for _, k := range cases {
		if got := c.In(k.lang).Percent(k.share); got != k.want {
			t.Errorf("%s Percent(%v) = %q, want %q", k.lang, k.share, got, k.want)
		}
	}
}

// Every message sets a percent sign after a number or a placeholder as
// its language writes it (Percent): attached in English, after a narrow
// no-break space in French, a no-break space in the others, never an
// ordinary space that lets "8 %" wrap.
func TestCataloguesSetPercentAsPercentDoes(t *testing.T) {
	c, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	sign := regexp.MustCompile(`(\d|\}\})([\s\x{00a0}\x{202f}]*)%`)
	check := func(lang, id, text string) {
		for _, m := range sign.FindAllStringSubmatch(text, -1) {
			if m[2] != percentSpace(lang) {
				t.Errorf("%s: %q sets %q before its percent sign, want %q", lang, id, m[2], percentSpace(lang))
			}
		}
	}
	for code, ms := range c.files {
		for _, m := range ms {
			// English is each message's id.
			check(English, m.ID, m.ID)
			for _, form := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
				check(code, m.ID, form)
			}
		}
	}
}

func TestQuantity(t *testing.T) {
	c, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []struct {
		lang string
		v    any
		unit string
		want string
	}{
		{"en", 16.0, "%", "16%"},
		{"sv", 12.5, "%", "12,5\u00a0%"},
		{"fr", 12.5, "%", "12,5\u202f%"},
		{"en", 3, "km", "3\u00a0km"},
		{"fi", 12.5, "per 1000 residents", "12,5\u00a0per 1000 residents"},
		{"de", 7, "", "7"},
	} {
		if got := c.In(k.lang).Quantity(k.v, k.unit); got != k.want {
			t.Errorf("%s Quantity(%v, %q) = %q, want %q", k.lang, k.v, k.unit, got, k.want)
		}
	}
}
