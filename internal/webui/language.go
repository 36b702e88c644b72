package webui

import (
	"net/http"
	"net/url"

	"github.com/hcnet/hcnet/internal/i18n"
)

// LanguageLink is one language in the switcher.
type LanguageLink struct {
	i18n.Language
	Current bool
}

func languageLinks(current string) []LanguageLink {
	out := make([]LanguageLink, len(i18n.Languages))
	for i, l := range i18n.Languages {
		out[i] = LanguageLink{Language: l, Current: l.Code == current}
	}
	return out
}

// SwitchHref is the switcher's link to a language, coming back to here.
func SwitchHref(code, here string) string {
	return "/lang?" + url.Values{"to": {code}, "back": {here}}.Encode()
}

// ChooseLanguage serves GET /lang?to=CODE&back=PATH: it remembers the
// reader's language in a cookie for a year and goes back to the page.
// A preference changes nothing stored, so a plain link may set it; back
// must be a path on this site (LocalPath), never another site.
func ChooseLanguage(w http.ResponseWriter, r *http.Request) {
	to := r.URL.Query().Get("to")
	if !i18n.Known(to) {
		http.Error(w, "unknown language", http.StatusBadRequest)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: i18n.CookieName, Value: to, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil,
	})
	http.Redirect(w, r, LocalPath(r.URL.Query().Get("back")), http.StatusSeeOther)
}
