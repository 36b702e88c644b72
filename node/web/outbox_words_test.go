package web

import (
	"strings"
	"testing"
)

// TestOutboxInOfficersWords: the Hub and Good practices pages count what
// waits for the hub as records waiting to be sent, in the officer's
// language, not as envelopes. The site starts with one shared record.
func TestOutboxInOfficersWords(t *testing.T) {
	s := startSite(t)
	s.signIn(t)
	for _, tc := range []struct{ lang, path, want string }{
		{"en", "/hub", "Waiting to be sent to the hub"},
		{"en", "/hub", "1 record, waiting since"},
		{"en", "/practices", "1 record waiting to be sent to the hub, since"},
		{"fi", "/hub", "Odottaa lähettämistä keskukseen"},
		{"fi", "/hub", "1 tietue, odottanut"},
		{"fi", "/practices", "1 tietue odottaa lähettämistä keskukseen"},
		{"sv", "/hub", "1 post, väntar sedan"},
		{"ru", "/practices", "1 запись ждёт отправки в хаб"},
	} {
		code, page := s.getIn(t, tc.lang, tc.path)
		if code != 200 {
			t.Fatalf("%s %s: %d", tc.lang, tc.path, code)
		}
		mustContain(t, page, tc.want)
		low := strings.ToLower(page)
		for _, jargon := range []string{"envelope", "kirjekuor", "конверт", "umschl"} {
			if strings.Contains(low, jargon) {
				t.Errorf("%s %s still says %q", tc.lang, tc.path, jargon)
			}
		}
	}
}
