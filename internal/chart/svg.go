package chart

import (
	"fmt"
	"html"
	"strings"
)

// Palette is the Okabe–Ito colour-blind-safe set, darkened where needed
// for 3:1 contrast against white. Series also differ by marker and dash,
// so colour is never the only cue.
var Palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8a6d00", "#56B4E9", "#444444"}

// dashes pair with Palette entries so series stay apart in grey print.
var dashes = []string{"", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4"}

type svgBuf struct{ strings.Builder }

func (b *svgBuf) f(format string, args ...any) { fmt.Fprintf(&b.Builder, format, args...) }

// esc escapes text for both HTML and SVG content and attributes.
func esc(s string) string { return html.EscapeString(s) }

// Plural is "1 partnership", "2 partnerships": units are given as the
// plural noun, and a trailing "s" is dropped for one.
func Plural(v float64, unit string) string {
	if unit == "" {
		return Number(v)
	}
	if v == 1 && strings.HasSuffix(unit, "s") {
		unit = strings.TrimSuffix(unit, "s")
	}
	return Number(v) + " " + unit
}
