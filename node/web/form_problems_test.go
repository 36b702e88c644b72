package web

import (
	"html"
	"net/url"
	"regexp"
	"strings"
)

var (
	postFormRe = regexp.MustCompile(`(?s)<form[^>]*method="post"[^>]*>.*?</form>`)
	actionRe   = regexp.MustCompile(`action="([^"]*)"`)
	inputRe    = regexp.MustCompile(`<input[^>]*>`)
	attrRe     = regexp.MustCompile(`\s(type|name|value)="([^"]*)"`)
	choiceRe   = regexp.MustCompile(`<(select|textarea)\b`)
	// recordIDRe is a path segment naming one record, a ULID.
	recordIDRe = regexp.MustCompile(`/[0-9A-HJKMNP-TV-Z]{26}`)
)

// emptyForm is a form on a page, as a browser would send it with none of
// its fields filled in: only what the page itself put in hidden inputs
// (the CSRF token, the version edited).
type emptyForm struct {
	Action string
	Values url.Values
}

// formsToFillIn lists the POST forms of pages that ask a person for
// something, one per form's address with its record ids left out (every
// partner's edit form is the same form), each sent empty. Forms with
// nothing to fill in, a delete confirmation or a one-click button, are
// left out: sent, they would do what they offer.
func formsToFillIn(pages map[string]string) map[string]emptyForm {
	out := map[string]emptyForm{}
	for _, page := range pages {
		for _, f := range postFormRe.FindAllString(page, -1) {
			m := actionRe.FindStringSubmatch(f)
			if m == nil {
				continue
			}
			action := html.UnescapeString(m[1])
			if i := strings.IndexByte(action, '#'); i >= 0 {
				action = action[:i]
			}
			if action == "/signout" || action == "/signin" {
				continue
			}
			key := recordIDRe.ReplaceAllString(action, "/*")
			if _, ok := out[key]; ok {
				continue
			}
			v := url.Values{}
			asks := choiceRe.MatchString(f)
			for _, in := range inputRe.FindAllString(f, -1) {
				a := map[string]string{}
				for _, kv := range attrRe.FindAllStringSubmatch(in, -1) {
					a[kv[1]] = html.UnescapeString(kv[2])
				}
				switch a["type"] {
				case "hidden":
					if a["name"] != "" {
						v.Add(a["name"], a["value"])
					}
				case "submit", "button", "image", "reset":
				default:
					asks = true
				}
			}
			if asks {
				out[key] = emptyForm{Action: action, Values: v}
			}
		}
	}
	return out
}
