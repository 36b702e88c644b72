package i18n

import "testing"

func TestDateOf(t *testing.T) {
	c, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []struct{ lang, iso, want string }{
		{"en", "2025-03-01", "2025-03-01"},
		{"de", "2025-03-01", "01.03.2025"},
		{"ru", "2025-03-01", "01.03.2025"},
		{"fr", "2025-03-01", "01/03/2025"},
		{"fi", "2025-03-01", "1.3.2025"},
		// What is no day is shown as the city wrote it.
		{"de", "2025", "2025"},
		{"de", "", ""},
		{"de", "1 March", "1 March"},
	} {
		if got := c.In(k.lang).DateOf(k.iso); got != k.want {
			t.Errorf("%s DateOf(%q) = %q, want %q", k.lang, k.iso, got, k.want)
		}
	}
}
