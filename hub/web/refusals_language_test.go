package web

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/i18n"
)

// TestHubRefusalsInTheReadersLanguage: what the hub's API refuses and
// the page lets through (a topic longer than a query may be, an
// indicator code without its scheme, a coordinator's subscriber name
// with capitals) is said next to its field in the reader's language,
// and in the API's English for an English reader.
func TestHubRefusalsInTheReadersLanguage(t *testing.T) {
	h := hubtest.Start(t)
	srv := servePages(t, h)
	cora := newBrowser(t, startCoordination(t, h).srv.URL)
	cora.signIn("cora")
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	before := map[i18n.Miss]bool{}
	for _, m := range words.Missing() {
		before[m] = true
	}
	get := func(lang, path string) string {
		t.Helper()
		req, err := http.NewRequest("GET", srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Accept-Language", lang)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusBadRequest {
			t.Fatalf("%s %s: %d, want %d\n%s", lang, path, res.StatusCode, http.StatusBadRequest, b)
		}
		return string(b)
	}
	errorIn := func(page, name string) string {
		re := regexp.MustCompile(`id="` + name + `-error"><span class="visually-hidden">[^<]*</span> ([^<]*)</span>`)
		if m := re.FindStringSubmatch(page); m != nil {
			return html.UnescapeString(m[1])
		}
		return ""
	}
	topic := "/partners?topic=" + strings.Repeat("x", 501)
	code := "/compare?code=" + url.QueryEscape("N00945")
	for _, tt := range []struct{ lang, topic, code, subscriber string }{
		{"sv", "är 501 tecken lång; högst 500 är tillåtna", `"N00945" anger inget system: skriv system:kod, till exempel kolada:N00945`,
			`"Not A Name" är inget prenumerantnamn: gemener, siffror och bindestreck, högst 63, till exempel research-group-lund`},
		{"ru", "длина 501 символов; допускается не более 500", `в "N00945" не указана система: пишите система:код, например kolada:N00945`,
			`"Not A Name" — не имя подписчика: строчные латинские буквы, цифры и дефисы, не более 63, например research-group-lund`},
		{"en", "is 501 characters long; at most 500 are allowed", `"N00945" names no scheme: write scheme:code, such as kolada:N00945`,
			`"Not A Name" is not a subscriber name: lower-case letters, digits and hyphens, at most 63, such as research-group-lund`},
	} {
		cora.lang = tt.lang
		if code, _, page := cora.post("/subscribers", url.Values{"name": {"Not A Name"}}); code != http.StatusUnprocessableEntity {
			t.Errorf("%s subscriber: %d, want %d", tt.lang, code, http.StatusUnprocessableEntity)
		} else if got := errorIn(page, "name"); got != tt.subscriber {
			t.Errorf("%s subscriber: %q, want %q", tt.lang, got, tt.subscriber)
		}
		if got := errorIn(get(tt.lang, topic), "topic"); got != tt.topic {
			t.Errorf("%s partner finder: %q, want %q", tt.lang, got, tt.topic)
		}
		if got := errorIn(get(tt.lang, code), "code"); got != tt.code {
			t.Errorf("%s comparison: %q, want %q", tt.lang, got, tt.code)
		}
	}
	for _, m := range words.Missing() {
		if !before[m] {
			t.Errorf("%s: %q is missing from its catalogue", m.Lang, m.ID)
		}
	}
}
