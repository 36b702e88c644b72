package web

import (
	"regexp"
	"testing"
)

// percentSpaces are what each language sets between a number and its
// percent sign: nothing in English, a narrow no-break space in French, a
// no-break space in the others, so a narrow cell never wraps "8 %".
var percentSpaces = map[string]string{"en": "", "fr": "\u202f"}

var (
	// tag is a tag of a page, with its attributes: a page's text is what
	// lies between them.
	tag = regexp.MustCompile(`<[^>]*>`)
	// svg is a chart: the text of a drawing is never wrapped.
	svg = regexp.MustCompile(`(?s)<svg.*?</svg>`)
	// numberPercent is a number followed by its percent sign, with
	// whatever space sits between them.
	numberPercent = regexp.MustCompile(`\d([\s\x{00a0}\x{202f}]*)%`)
)

// percentSpacing lists the percentages in page's text whose number and
// sign are set apart otherwise than lang writes them.
func percentSpacing(lang, page string) []string {
	want, ok := percentSpaces[lang]
	if !ok {
		want = "\u00a0"
	}
	var bad []string
	for _, text := range tag.Split(svg.ReplaceAllString(page, "<svg>"), -1) {
		for _, m := range numberPercent.FindAllStringSubmatchIndex(text, -1) {
			if text[m[2]:m[3]] != want {
				// The words around say which sentence it is.
				bad = append(bad, text[max(0, m[0]-30):min(len(text), m[1]+20)])
			}
		}
	}
	return bad
}

func TestPercentSpacing(t *testing.T) {
	for _, c := range []struct {
		title, lang, page string
		bad               int
	}{
		{"English sets no space", "en", "<td>8% worse</td><td>12.5%</td>", 0},
		{"an ordinary space in English", "en", "<td>8 % worse</td>", 1},
		{"a no-break space in Swedish", "sv", "<td>8\u00a0% sämre än 12,5\u00a0%</td>", 0},
		{"an ordinary space in Swedish", "sv", "<td>8 % sämre</td>", 1},
		{"a line break in Finnish", "fi", "<td>8\n% huonompi</td>", 1},
		{"no space at all in German", "de", "<td>8% schlechter</td>", 1},
		{"French wants the narrow one", "fr", "<td>8\u00a0% pire</td><td>8\u202f% pire</td>", 1},
		{"attributes are not text", "sv", `<p title="50 %">`, 0},
		{"a chart's text never wraps", "sv", `<svg width="100%"><text>50 %</text></svg><p>8 %</p>`, 1},
	} {
		if got := percentSpacing(c.lang, c.page); len(got) != c.bad {
			t.Errorf("%s: %q found %q, want %d", c.title, c.page, got, c.bad)
		}
	}
}
