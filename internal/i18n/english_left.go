package i18n

import (
	"html"
	"regexp"
	"strings"
)

// elementText is a text between two tags.
var elementText = regexp.MustCompile(`>([^<>]+)<`)

// LeftInEnglish lists the messages an HTML page in lang shows in English,
// each as the whole text between two tags, though lang's catalogue
// translates them: words some code wrote without the reader's
// translator, which the catalogue's misses cannot see. A message meant
// to read as in English (SameAsEnglish) does not count, nor does one of
// a single word: that may be the city's own text, such as a partner's
// role written "partner".
func (c *Catalogue) LeftInEnglish(lang, page string) []string {
	if lang == English {
		return nil
	}
	var out []string
	for _, m := range elementText.FindAllStringSubmatch(page, -1) {
		id := html.UnescapeString(strings.TrimSpace(m[1]))
		if !strings.Contains(id, " ") {
			continue
		}
		if msg := c.index[lang][id]; msg != nil && msg.Other != id && msg.Description != SameAsEnglish {
			out = append(out, id)
		}
	}
	return out
}
