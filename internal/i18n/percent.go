package i18n

import "math"

// Percent writes a share (0.26) as a whole percentage the way the
// language writes one: "26%" in English, "26 %" with a no-break space
// in the other languages, so the sign never wraps onto a line of its
// own, and with a narrow no-break space in French, as the French
// typographic rules (and CLDR since version 34) have it.
func (t *Translator) Percent(share float64) string {
	v := math.Round(share * 100)
	if v == 0 {
		v = 0 // no "-0"
	}
	return t.Number(v) + percentSpace(t.lang) + "%"
}

// Quantity writes a number with its unit ("16 %", "3 km", "12 per 1000
// residents") as the language writes one, joined so that a narrow cell
// never wraps the unit away from its number: a percent sign as Percent
// sets it, any other unit after a no-break space. An empty unit leaves
// the number alone.
func (t *Translator) Quantity(v any, unit string) string {
	switch unit {
	case "":
		return t.Number(v)
	case "%":
		return t.Number(v) + percentSpace(t.lang) + "%"
	}
	return t.Number(v) + "\u00a0" + unit
}

// percentSpace is what stands between a number and its percent sign.
func percentSpace(lang string) string {
	switch lang {
	case English:
		return ""
	case "fr":
		return "\u202f"
	}
	return "\u00a0"
}
