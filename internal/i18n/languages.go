package i18n

import (
	"net/http"
	"strings"

	"golang.org/x/text/language"
)

// Language is one language the pages are written in.
type Language struct {
	// Code is its BCP 47 code, as in <html lang>.
	Code string
	// Name is its name in itself ("Svenska"), so a reader finds their
	// own language whatever the page is in.
	Name string
}

// Languages are the languages of the network, English first: it is the
// language every message is written in, and the fallback.
var Languages = []Language{
	{"en", "English"},
	{"sv", "Svenska"},
	{"da", "Dansk"},
	{"fi", "Suomi"},
	{"de", "Deutsch"},
	{"fr", "Français"},
	{"ru", "Русский"},
	{"es", "Español"},
}

// English is the language messages are written in.
const English = "en"

var matcher = language.NewMatcher(tags())

func tags() []language.Tag {
	out := make([]language.Tag, len(Languages))
	for i, l := range Languages {
		out[i] = language.MustParse(l.Code)
	}
	return out
}

// Known reports whether code is one of the Languages.
func Known(code string) bool {
	for _, l := range Languages {
		if l.Code == code {
			return true
		}
	}
	return false
}

// CookieName is the cookie that remembers the language a reader chose.
const CookieName = "hcnet_lang"

// Choose picks a request's language: the one the reader chose (the
// cookie), else the best of Accept-Language, else def (the site's
// default, itself English when unknown).
func Choose(r *http.Request, def string) string {
	if c, err := r.Cookie(CookieName); err == nil && Known(c.Value) {
		return c.Value
	}
	if !Known(def) {
		def = English
	}
	accept := r.Header.Get("Accept-Language")
	if accept == "" {
		return def
	}
	prefs, _, err := language.ParseAcceptLanguage(accept)
	if err != nil || len(prefs) == 0 {
		return def
	}
	_, i, conf := matcher.Match(prefs...)
	if conf == language.No {
		return def
	}
	return Languages[i].Code
}

// Codes lists the languages' codes, for messages: "en, sv, da, …".
func Codes() string {
	out := make([]string, len(Languages))
	for i, l := range Languages {
		out[i] = l.Code
	}
	return strings.Join(out, ", ")
}
