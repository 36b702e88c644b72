package equity

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// fold strips diacritics, as the hub's search does, so that "Rosengård"
// and "Rosengard" are the same words.
var fold = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// Words are the lower-case words of s without diacritics, punctuation
// and symbols dropped: "Women 65+" is "women", "65".
func Words(s string) []string {
	folded, _, err := transform.String(fold, strings.ToLower(s))
	if err != nil {
		folded = strings.ToLower(s)
	}
	return strings.FieldsFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

// Key is the form of a district's or group's label two labels are the
// same by: its Words, one space apart.
func Key(label string) string { return strings.Join(Words(label), " ") }

// Aims tells whether an equity group a partnership or practice names
// ("residents of Rosengård", "Women 65+") aims at the district or group
// labelled label ("Rosengard", "women 65+"): the label's words, in order,
// are whole words of the group's, ignoring case and diacritics. A label
// of no words aims at nothing.
func Aims(group, label string) bool {
	g, l := Words(group), Words(label)
	if len(l) == 0 {
		return false
	}
	for i := 0; i+len(l) <= len(g); i++ {
		match := true
		for j := range l {
			if g[i+j] != l[j] {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}
