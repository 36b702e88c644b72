package i18n

import (
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestChoose(t *testing.T) {
	cases := []struct {
		name, cookie, accept, def, want string
	}{
		{"nothing said: the site's default", "", "", "sv", "sv"},
		{"unknown default is English", "", "", "xx", "en"},
		{"regional variant finds its language", "", "de-CH,de;q=0.9,en;q=0.5", "en", "de"},
		{"order of preference", "", "fi;q=0.4, ru;q=0.8", "en", "ru"},
		{"the reader's choice wins", "da", "fr", "sv", "da"},
		{"an unknown cookie is ignored", "tlh", "es", "en", "es"},
		{"no language of ours: default", "", "ja", "fi", "fi"},
		{"malformed header: default", "", ";;;q=x", "fr", "fr"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		if c.accept != "" {
			r.Header.Set("Accept-Language", c.accept)
		}
		if c.cookie != "" {
			r.Header.Set("Cookie", CookieName+"="+c.cookie)
		}
		if got := Choose(r, c.def); got != c.want {
			t.Errorf("%s: Choose = %q, want %q", c.name, got, c.want)
		}
	}
}

var placeholder = regexp.MustCompile(`\{\{\s*\.\w+\s*\}\}`)

// TestCataloguesAgree fails on a message one language has and another
// lacks, a translation left in English, and a placeholder lost or added
// in translation (a page would then show "{{.File}}" or drop the file).
func TestCataloguesAgree(t *testing.T) {
	c, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]bool{}
	for _, l := range Languages[1:] {
		for id := range c.Messages(l.Code) {
			all[id] = true
		}
	}
	if len(all) < 20 {
		t.Fatalf("catalogues hold %d messages; expected the layout's and sign-in page's at least", len(all))
	}
	for _, l := range Languages[1:] {
		msgs, meant := c.Messages(l.Code), c.Meant(l.Code)
		for id := range all {
			text, ok := msgs[id]
			switch {
			case !ok:
				t.Errorf("%s: missing %q", l.Code, id)
			case text == id && !meant[id]:
				t.Errorf("%s: %q is left in English", l.Code, id)
			case strings.Join(placeholder.FindAllString(text, -1), " ") != strings.Join(placeholder.FindAllString(id, -1), " "):
				t.Errorf("%s: %q has placeholders %v, its English %v", l.Code, text, placeholder.FindAllString(text, -1), placeholder.FindAllString(id, -1))
			}
		}
	}
}

func TestTranslate(t *testing.T) {
	c, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.In("sv").T("Sign out"); got != "Logga ut" {
		t.Errorf("sv Sign out = %q", got)
	}
	if got := c.In("en").T("Sign out"); got != "Sign out" {
		t.Errorf("en Sign out = %q", got)
	}
	if got := c.In("tlh").Lang(); got != "en" {
		t.Errorf("unknown language gives %q, want en", got)
	}
	got := c.In("fr").T("Use the node's admin token. It is in the file {{.File}} in the node's data folder.", "File", "admin.token")
	if !strings.Contains(got, "fichier admin.token du dossier") {
		t.Errorf("fr placeholder: %q", got)
	}
}

func TestPluralForms(t *testing.T) {
	c, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	one, other := "There is a problem", "There are {{.Count}} problems"
	cases := []struct {
		lang string
		n    int
		want string
	}{
		{"en", 1, "There is a problem"},
		{"en", 3, "There are 3 problems"},
		{"sv", 1, "Det finns ett problem"},
		{"sv", 2, "Det finns 2 problem"},
		{"ru", 1, "Найдена 1 проблема"},
		{"ru", 3, "Найдено 3 проблемы"},
		{"ru", 5, "Найдено 5 проблем"},
		{"ru", 21, "Найдена 21 проблема"},
	}
	for _, tc := range cases {
		if got := c.In(tc.lang).N(one, other, tc.n); got != tc.want {
			t.Errorf("%s %d: %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}

func TestMissingIsRemembered(t *testing.T) {
	c, err := Load(locales)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.In("de").T("A message nobody translated"); got != "A message nobody translated" {
		t.Errorf("fallback = %q, want the English text", got)
	}
	c.In("en").T("Another message nobody translated")
	c.In("de").T("Sign out")
	got := c.Missing()
	if len(got) != 1 || got[0] != (Miss{"de", "A message nobody translated"}) {
		t.Errorf("Missing = %v, want only the German miss", got)
	}
}

// TestMissedSinceAMark: what pages rendered after a mark missed is named,
// including a miss others made first and asked for again, and nothing
// missed only before the mark.
func TestMissedSinceAMark(t *testing.T) {
	c, err := Load(locales)
	if err != nil {
		t.Fatal(err)
	}
	c.In("de").T("Missed by an earlier test only")
	c.In("de").T("Missed by both tests")
	mark := c.Mark()
	if got := c.MissedSince(mark); len(got) != 0 {
		t.Fatalf("missed right after the mark: %v", got)
	}
	c.In("sv").T("Missed by both tests")
	c.In("fi").T("Missed after the mark")
	c.In("fi").T("Sign out")
	c.In("en").T("Never missed in English")
	want := []Miss{{"fi", "Missed after the mark"}, {"sv", "Missed by both tests"}}
	if got := c.MissedSince(mark); !slices.Equal(got, want) {
		t.Errorf("MissedSince = %v, want %v", got, want)
	}
	c.In("de").T("Missed by both tests")
	want = []Miss{{"de", "Missed by both tests"}, {"fi", "Missed after the mark"}, {"sv", "Missed by both tests"}}
	if got := c.MissedSince(mark); !slices.Equal(got, want) {
		t.Errorf("after a repeated miss, MissedSince = %v, want %v", got, want)
	}
	if got := c.Missing(); len(got) != 4 {
		t.Errorf("Missing = %v, want all four since the start", got)
	}
	if got := c.MissedSince(c.Mark()); len(got) != 0 {
		t.Errorf("a new mark sees %v", got)
	}
}

// TestLeftInEnglish: a translated message shown in English as the whole
// text between two tags is named, each time; a message meant to read as
// in English, a translated one, a word no catalogue holds, a message
// that is only part of a text and a message of one word (which may be a
// city's own) are not.
func TestLeftInEnglish(t *testing.T) {
	c, err := Load(locales)
	if err != nil {
		t.Fatal(err)
	}
	page := `<nav><a href="/">Sign out</a></nav><p>Logga ut</p><td>Malmö</td><abbr>NATS</abbr><p> Sign out </p><p>Sign out <b>now</b></p><p>Sign out now</p><p>A &amp; B</p>`
	if got, want := c.LeftInEnglish("sv", page), []string{"Sign out", "Sign out", "Sign out"}; !slices.Equal(got, want) {
		t.Errorf("Swedish page: %q, want %q", got, want)
	}
	if got := c.LeftInEnglish("fi", `<td>partner</td><td>Sign out</td>`); !slices.Equal(got, []string{"Sign out"}) {
		t.Errorf("Finnish page: %q, want only the message of two words", got)
	}
	if got := c.LeftInEnglish(English, page); got != nil {
		t.Errorf("an English page has nothing left in English: %q", got)
	}
}

func TestDatesAndNumbers(t *testing.T) {
	c, err := Shared()
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 12, 3, 22, 7, 0, 0, time.UTC)
	for lang, want := range map[string]string{
		"en": "2026-12-03", "sv": "2026-12-03", "fi": "3.12.2026", "de": "03.12.2026", "fr": "03/12/2026", "ru": "03.12.2026",
	} {
		if got := c.In(lang).Date(day); got != want {
			t.Errorf("%s date = %q, want %q", lang, got, want)
		}
	}
	if got := c.In("de").Time(day); got != "03.12.2026 22:07 UTC" {
		t.Errorf("de time = %q", got)
	}
	for lang, want := range map[string]string{
		"en": "12,345.6", "de": "12.345,6", "sv": "12\u00a0345,6", "fr": "12\u00a0345,6", "ru": "12\u00a0345,6", "es": "12.345,6",
	} {
		if got := c.In(lang).Number(12345.6); got != want {
			t.Errorf("%s number = %q, want %q", lang, got, want)
		}
	}
}

func TestLoadRefusesAStrayLanguage(t *testing.T) {
	// Shared catalogues must parse; a file for a language the network
	// does not use is a mistake worth stopping on.
	if _, err := Load(fstest.MapFS{"locales/xx.json": {Data: []byte(`{"Sign out": "x"}`)}}); err == nil || !strings.Contains(err.Error(), "not one of the network's languages") {
		t.Errorf("Load with xx.json: err = %v", err)
	}
}

func TestLoadRefusesAMessageTranslatedTwoWays(t *testing.T) {
	fsys := fstest.MapFS{
		"locales/node.sv.json": {Data: []byte(`{"Sign out": "Logga ut"}`)},
		"locales/hub.sv.json":  {Data: []byte(`{"Sign out": "Logga ut nu"}`)},
	}
	if _, err := Load(fsys); err == nil || !strings.Contains(err.Error(), `"Sign out" is translated one way in`) {
		t.Errorf("Load with a message translated two ways: err = %v", err)
	}
	// The same translation in two parts is one message.
	fsys["locales/hub.sv.json"] = &fstest.MapFile{Data: []byte(`{"Sign out": "Logga ut"}`)}
	for _, l := range Languages[2:] {
		fsys["locales/x."+l.Code+".json"] = &fstest.MapFile{Data: []byte(`{"Sign out": "-"}`)}
	}
	c, err := Load(fsys)
	if err != nil {
		t.Fatalf("Load with a message in two parts alike: %v", err)
	}
	if got := c.In("sv").T("Sign out"); got != "Logga ut" {
		t.Errorf("sv Sign out = %q", got)
	}
}
