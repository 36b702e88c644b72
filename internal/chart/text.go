package chart

import (
	"strings"
	"unicode"
)

// fontSize is the charts' text size in SVG user units (the stylesheet's
// .chart-svg font-size); lineGap is the distance between wrapped lines.
const (
	fontSize = 13.0
	lineGap  = 15.0
)

// The server cannot measure text, so it estimates: advance widths in em
// of DejaVu Sans, the widest of the sans-serif fonts a page falls back
// to. Narrower fonts (Liberation Sans, Noto Sans, Segoe UI, Roboto) then
// leave some room, and a label never runs past the edge of the chart.
var (
	lowerEm = [26]float64{.613, .635, .550, .635, .615, .352, .635, .634, .278, .278, .579, .278, .974,
		.634, .612, .635, .635, .411, .521, .392, .634, .592, .818, .592, .592, .525}
	upperEm = [26]float64{.684, .686, .698, .770, .632, .575, .775, .752, .295, .295, .656, .557, .863,
		.748, .787, .603, .787, .695, .635, .611, .732, .684, .989, .685, .611, .685}
	// punctEm are the marks labels carry, by rune; digits are all .636.
	punctEm = map[rune]float64{' ': .318, '.': .318, ',': .318, ':': .337, ';': .337, '-': .361,
		'(': .390, ')': .390, '/': .337, '&': .780, '%': .950, '+': .838, '…': 1.0, '–': .5, '—': 1.0,
		'\'': .275, '’': .318, '"': .46, '«': .557, '»': .557, '“': .518, '”': .518, '→': .838, '<': .838, '>': .838}
	// wideCyrillic are the Cyrillic letters near 1 em wide; the others
	// are taken as a Latin "n" or "H" at most.
	wideCyrillic = "жшщюыфмъЖШЩЮЫФМ"
)

// runeEm is one rune's estimated advance in em.
func runeEm(r rune) float64 {
	switch {
	case r >= 'a' && r <= 'z':
		return lowerEm[r-'a']
	case r >= 'A' && r <= 'Z':
		return upperEm[r-'A']
	case r >= '0' && r <= '9':
		return .636
	case r == 'æ' || r == 'Æ' || r == 'œ' || r == 'Œ':
		// Danish and French ligatures are as wide as an "m".
		return 1.07
	case strings.ContainsRune(wideCyrillic, r):
		return 1.0
	case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
		return 1.0
	case unicode.IsUpper(r):
		// Å, Ö, Д: as wide as the widest common capitals.
		return .80
	case unicode.IsLetter(r):
		// å, é, ü, д, и: an "n" and a little more.
		return .66
	}
	if w, ok := punctEm[r]; ok {
		return w
	}
	return .70
}

// textWidth is the estimated width of s in user units at the charts'
// font size, bold being about a tenth wider.
func textWidth(s string, bold bool) float64 {
	em := 0.0
	for _, r := range s {
		em += runeEm(r)
	}
	w := em * fontSize
	if bold {
		w *= 1.1
	}
	return w
}

// wrap breaks s into at most n lines, each no wider than max: at spaces,
// and inside a word only when the word alone is too wide. What does not
// fit in n lines is cut with an ellipsis on the last; the caller keeps
// the full text elsewhere (a <title>, the table).
func wrap(s string, max float64, n int) []string {
	var lines []string
	line := ""
	for _, word := range strings.FieldsFunc(s, breaksLine) {
		if line != "" && textWidth(line+" "+word, false) <= max {
			line += " " + word
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = word
		for textWidth(line, false) > max {
			head, rest := breakWord(line, max)
			lines = append(lines, head)
			line = rest
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	if len(lines) <= n {
		return lines
	}
	last := strings.Join(lines[n-1:], " ")
	return append(lines[:n-1], fitEllipsis(last, max))
}

// breaksLine is a space a line may end at: not the no-break spaces that
// keep a number with its unit ("26\u00a0%") or a French colon with its
// word ("Malmö\u202f:"), which strings.Fields would split and rejoin as
// ordinary spaces.
func breaksLine(r rune) bool {
	switch r {
	case '\u00a0', '\u2007', '\u202f':
		return false
	}
	return unicode.IsSpace(r)
}

// breakWord splits a word too wide for max after the most runes that fit
// with a hyphen.
func breakWord(w string, max float64) (string, string) {
	r := []rune(w)
	i := len(r) - 1
	for i > 1 && textWidth(string(r[:i])+"-", false) > max {
		i--
	}
	return string(r[:i]) + "-", string(r[i:])
}

// fitEllipsis cuts s to the most runes that fit in max with an ellipsis.
func fitEllipsis(s string, max float64) string {
	if textWidth(s, false) <= max {
		return s
	}
	r := []rune(strings.TrimSpace(s))
	for len(r) > 1 && textWidth(string(r)+"…", false) > max {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + "…"
}
