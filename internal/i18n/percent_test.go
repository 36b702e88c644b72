package i18n

import "testing"

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
