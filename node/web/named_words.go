package web

import (
	"regexp"

	"github.com/hcnet/hcnet/internal/i18n"
)

// namedRecord is how the kinds name a record that names another on a
// delete confirmation: its kind's noun, then its title in quotes.
var namedRecord = regexp.MustCompile(`^(Partnership|Health plan|Practice|Success|Indicator) “(.*)”$`)

// namedWords says a link's words (a record naming the one to delete) in
// tr's language: the noun from the vocabulary's "Named." terms, the
// title as it is; words of another shape are shown as they are.
func namedWords(tr *i18n.Translator, text string) string {
	m := namedRecord.FindStringSubmatch(text)
	if m == nil {
		return text
	}
	return tr.T("{{.Noun}} “{{.Title}}”", "Noun", tr.Term("Named."+m[1], m[1]), "Title", m[2])
}
