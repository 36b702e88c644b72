package chart

import (
	"html/template"
	"unicode"
	"unicode/utf8"

	"github.com/hcnet/hcnet/internal/i18n"
)

// Bar is one category of a bar chart.
type Bar struct {
	Label string
	Value float64
	// Href, when set, makes the bar a link (a search filtered to it).
	Href string
}

// BarChart is a horizontal bar chart: categories down the side, so long
// labels such as "build on cultural and historical backgrounds" stay
// readable on a phone.
type BarChart struct {
	// ID is unique on the page; it prefixes the ids aria attributes use.
	ID    string
	Title string
	// Desc says what the chart shows, for screen readers and the tooltip.
	Desc string
	// Unit is the plural noun of the values ("partnerships").
	Unit string
	Bars []Bar
	// Max fixes the axis end (1 for shares); zero fits the data.
	Max float64
	// Percent shows values times 100 with a % sign.
	Percent bool
	// Tr writes the chart's own words and its numbers in a language;
	// nil is English. Title, Desc, Unit and labels come written in it.
	Tr *i18n.Translator
	// Count writes a value with its unit ("3 practices") in the
	// language's plural; nil adds Unit, English-style.
	Count func(v float64) string
}

const (
	barWidth = 520.0
	// barLabelMax is the widest a label column may grow, so the bars
	// keep at least half the chart; a label wider wraps onto up to
	// barLabelLines lines.
	barLabelMax   = 220.0
	barLabelLines = 3
	barLabelGap   = 8.0
	barEdge       = 4.0
	barRowH       = 28.0
	barThick      = 18.0
	barTop        = 8.0
	barBottomH    = 48.0
)

func (c BarChart) label(v float64) string {
	if c.Percent {
		return words(c.Tr).Percent(v)
	}
	return number(c.Tr, v)
}

func (c BarChart) valueText(b Bar) string {
	if c.Percent {
		return b.Label + ": " + c.label(b.Value)
	}
	if c.Count != nil {
		return b.Label + ": " + c.Count(b.Value)
	}
	return b.Label + ": " + Plural(b.Value, c.Unit)
}

// HTML renders the chart as a figure with its table of figures.
func (c BarChart) HTML() template.HTML {
	var b svgBuf
	b.f(`<figure class="chart" id="%s"><figcaption>%s</figcaption>`, esc(c.ID), esc(c.Title))
	if len(c.Bars) == 0 {
		b.f(`<p class="chart-empty">%s</p></figure>`, esc(words(c.Tr).T("No data yet.")))
		return template.HTML(b.String())
	}
	most := c.Max
	for _, bar := range c.Bars {
		most = max(most, bar.Value)
	}
	ticks := Ticks(0, most, 5)
	if !c.Percent && most <= 5 {
		// Counts: whole numbers only.
		ticks = ticks[:0]
		for v := 0.0; v <= most; v++ {
			ticks = append(ticks, v)
		}
		if len(ticks) < 2 {
			ticks = append(ticks, 1)
		}
	}
	top := ticks[len(ticks)-1]

	// Reserve what the words need, estimated from their rendered width:
	// the labels' column on the left, the values right of the longest
	// bar, half the last tick past the axis end.
	labels := make([][]string, len(c.Bars))
	labelW, lines := 0.0, 1
	for i, bar := range c.Bars {
		labels[i] = wrap(bar.Label, barLabelMax, barLabelLines)
		lines = max(lines, len(labels[i]))
		for _, l := range labels[i] {
			labelW = max(labelW, textWidth(l, false))
		}
	}
	left := barEdge + labelW + barLabelGap
	right := textWidth(c.label(top), false)/2 + barEdge
	for _, bar := range c.Bars {
		right = max(right, 5+textWidth(c.label(bar.Value), true)+barEdge)
	}
	plotW := barWidth - left - right
	rowH := max(barRowH, float64(lines)*lineGap+10)
	x := func(v float64) float64 { return left + v/top*plotW }
	h := barTop + float64(len(c.Bars))*rowH + barBottomH
	axisY := barTop + float64(len(c.Bars))*rowH

	b.f(`<svg class="chart-svg" viewBox="0 0 %g %.1f" role="group" aria-labelledby="%s-t %s-d">`, barWidth, h, esc(c.ID), esc(c.ID))
	b.f(`<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, esc(c.ID), esc(c.Title), esc(c.ID), esc(c.Desc))
	// Grid and x axis.
	b.f(`<g class="axis" aria-hidden="true">`)
	for _, t := range ticks {
		b.f(`<line class="grid" x1="%.1f" x2="%.1f" y1="%g" y2="%.1f"/>`, x(t), x(t), barTop, axisY)
		b.f(`<text class="tick" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, x(t), axisY+16, esc(c.label(t)))
	}
	b.f(`<line class="axis-line" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>`, left, left+plotW, axisY, axisY)
	b.f(`<line class="axis-line" x1="%.1f" x2="%.1f" y1="%g" y2="%.1f"/>`, left, left, barTop, axisY)
	unit := c.Unit
	if c.Percent {
		unit = words(c.Tr).T("% of the way from baseline to target")
	}
	unit = firstUpper(unit)
	b.f(`<text class="axis-title" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, titleX(left+plotW/2, textWidth(unit, true)), axisY+38, esc(unit))
	b.f(`</g><g role="list">`)
	for i, bar := range c.Bars {
		y := barTop + float64(i)*rowH
		mid := y + rowH/2
		text := c.valueText(bar)
		open, close := `<g class="bar" role="listitem" tabindex="0" aria-label="`+esc(text)+`">`, `</g>`
		if bar.Href != "" {
			open, close = `<a class="bar" role="listitem" href="`+esc(bar.Href)+`" aria-label="`+esc(text)+`">`, `</a>`
		}
		b.f(`%s<title>%s</title>`, open, esc(text))
		// Lines centred on the bar; 4.5 puts a line's middle, not its
		// baseline, at the given height.
		first := mid - float64(len(labels[i])-1)*lineGap/2 + 4.5
		b.f(`<text class="bar-label" x="%.1f" y="%.1f" text-anchor="end">`, left-barLabelGap, first)
		for j, l := range labels[i] {
			dy := 0.0
			if j > 0 {
				dy = lineGap
			}
			b.f(`<tspan x="%.1f" dy="%g">%s</tspan>`, left-barLabelGap, dy, esc(l))
		}
		b.f(`</text>`)
		w := x(max0(bar.Value)) - left
		b.f(`<rect x="%.1f" y="%.1f" width="%.1f" height="%g" fill="%s"/>`, left, mid-barThick/2, w, barThick, Palette[0])
		b.f(`<text class="bar-value" x="%.1f" y="%.1f">%s</text>`, left+w+5, mid+4.5, esc(c.label(bar.Value)))
		b.f(`%s`, close)
	}
	b.f(`</g></svg>`)
	c.table(&b)
	b.f(`</figure>`)
	return template.HTML(b.String())
}

func (c BarChart) table(b *svgBuf) {
	w := words(c.Tr)
	head := firstUpper(c.Unit)
	if c.Percent {
		head = w.T("Progress")
	}
	b.f(`<details class="chart-table"><summary>%s</summary><table><thead><tr><th scope="col">%s</th><th scope="col" class="num">%s</th></tr></thead><tbody>`,
		esc(w.T("Figures as a table")), esc(w.T("Category")), esc(head))
	for _, bar := range c.Bars {
		b.f(`<tr><th scope="row">%s</th><td class="num">%s</td></tr>`, esc(bar.Label), esc(c.label(bar.Value)))
	}
	b.f(`</tbody></table></details>`)
}

// titleX is where a centred title of width w goes to stay inside the
// chart: at cx when it fits, else moved in from the edge it would cross.
func titleX(cx, w float64) float64 {
	lo, hi := barEdge+w/2, barWidth-barEdge-w/2
	if lo > hi {
		return barWidth / 2
	}
	return min(max(cx, lo), hi)
}

func max0(v float64) float64 {
	if v < 0 {
		return 0
	}
	return v
}

func firstUpper(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
