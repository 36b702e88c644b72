package chart

import (
	"html/template"
	"sort"
	"time"

	"github.com/hcnet/hcnet/internal/i18n"
)

// Point is one value at one date.
type Point struct {
	X time.Time
	Y float64
	// Note is added to the point's accessible label ("national survey"),
	// written in the chart's language: a measurement's source is the
	// city's own text, no message to look up.
	Note string
}

// Series is one line.
type Series struct {
	Name   string
	Points []Point
	// Reference draws a thin dashed guide (baseline → target) rather
	// than measured data.
	Reference bool
	// Emphasis draws the series the others are read against (the whole
	// city) dark and thick.
	Emphasis bool
}

// LineChart plots series over time: an indicator's measurements for the
// whole city and for each group or district, against its baseline →
// target line.
type LineChart struct {
	ID    string
	Title string
	Desc  string
	// Unit of the values ("%", "per 1000 residents").
	Unit   string
	Series []Series
	// Tr writes the chart's own words, dates and numbers in a language;
	// nil is English. Title, Desc, Unit and series names come written in
	// it.
	Tr *i18n.Translator
}

const (
	lineW      = 560.0
	lineH      = 300.0
	lineLeft   = 56.0
	lineRight  = 20.0
	lineTop    = 14.0
	lineBottom = 40.0
)

// HTML renders the chart as a figure with a legend and a table.
func (c LineChart) HTML() template.HTML {
	var b svgBuf
	b.f(`<figure class="chart" id="%s"><figcaption>%s</figcaption>`, esc(c.ID), esc(c.Title))
	var lo, hi time.Time
	var ylo, yhi float64
	n := 0
	for _, s := range c.Series {
		for _, p := range s.Points {
			if n == 0 || p.X.Before(lo) {
				lo = p.X
			}
			if n == 0 || p.X.After(hi) {
				hi = p.X
			}
			if n == 0 || p.Y < ylo {
				ylo = p.Y
			}
			if n == 0 || p.Y > yhi {
				yhi = p.Y
			}
			n++
		}
	}
	if n == 0 {
		b.f(`<p class="chart-empty">%s</p></figure>`, esc(words(c.Tr).T("No measurements yet.")))
		return template.HTML(b.String())
	}
	if !hi.After(lo) {
		lo, hi = lo.AddDate(0, -6, 0), hi.AddDate(0, 6, 0)
	}
	yt := Ticks(ylo, yhi, 5)
	ylo, yhi = yt[0], yt[len(yt)-1]
	xt := TimeTicks(lo, hi)
	plotW, plotH := lineW-lineLeft-lineRight, lineH-lineTop-lineBottom
	x := func(t time.Time) float64 {
		return lineLeft + float64(t.Sub(lo))/float64(hi.Sub(lo))*plotW
	}
	y := func(v float64) float64 { return lineTop + (yhi-v)/(yhi-ylo)*plotH }

	b.f(`<svg class="chart-svg" viewBox="0 0 %g %g" role="group" aria-labelledby="%s-t %s-d">`, lineW, lineH, esc(c.ID), esc(c.ID))
	b.f(`<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, esc(c.ID), esc(c.Title), esc(c.ID), esc(c.Desc))
	b.f(`<g class="axis" aria-hidden="true">`)
	for _, t := range yt {
		b.f(`<line class="grid" x1="%g" x2="%g" y1="%.1f" y2="%.1f"/>`, lineLeft, lineLeft+plotW, y(t), y(t))
		b.f(`<text class="tick" x="%g" y="%.1f" text-anchor="end">%s</text>`, lineLeft-6, y(t)+4, esc(number(c.Tr, t)))
	}
	for _, t := range placeTimeTicks(c.Tr, xt, lo, hi, x) {
		b.f(`<line class="tick-mark" x1="%.1f" x2="%.1f" y1="%g" y2="%g"/>`, t.mark, t.mark, lineTop+plotH, lineTop+plotH+5)
		b.f(`<text class="tick" x="%.1f" y="%g" text-anchor="middle">%s</text>`, t.text, lineTop+plotH+18, esc(t.label))
	}
	b.f(`<line class="axis-line" x1="%g" x2="%g" y1="%g" y2="%g"/>`, lineLeft, lineLeft+plotW, lineTop+plotH, lineTop+plotH)
	b.f(`<line class="axis-line" x1="%g" x2="%g" y1="%g" y2="%g"/>`, lineLeft, lineLeft, lineTop, lineTop+plotH)
	b.f(`<text class="axis-title" transform="translate(14 %.1f) rotate(-90)" text-anchor="middle">%s</text>`, lineTop+plotH/2, esc(c.Unit))
	b.f(`<text class="axis-title" x="%.1f" y="%g" text-anchor="middle">%s</text>`, lineLeft+plotW/2, lineH-4, esc(words(c.Tr).T("Date")))
	b.f(`</g>`)
	for i, s := range c.Series {
		pts := append([]Point(nil), s.Points...)
		sort.SliceStable(pts, func(a, b int) bool { return pts[a].X.Before(pts[b].X) })
		color, dash := Palette[i%len(Palette)], dashes[i%len(dashes)]
		class, width := "series", "2.5"
		switch {
		case s.Reference:
			color, dash, class, width = "#555555", "5 4", "series reference", "1.5"
		case s.Emphasis:
			color, dash, width = "#1b1f24", "", "4"
		}
		b.f(`<g class="%s" role="list" aria-label="%s">`, class, esc(s.Name))
		if len(pts) > 1 {
			b.f(`<polyline fill="none" stroke="%s" stroke-width="%s"`, color, width)
			if dash != "" {
				b.f(` stroke-dasharray="%s"`, dash)
			}
			b.f(` points="`)
			for _, p := range pts {
				b.f(`%.1f,%.1f `, x(p.X), y(p.Y))
			}
			b.f(`"/>`)
		}
		for _, p := range pts {
			label := s.Name + ", " + words(c.Tr).Date(p.X) + ": " + number(c.Tr, p.Y) + " " + c.Unit
			if p.Note != "" {
				label += " (" + p.Note + ")"
			}
			b.f(`<g class="point" role="listitem" tabindex="0" aria-label="%s"><title>%s</title>`, esc(label), esc(label))
			marker(&b, i, s.Reference, x(p.X), y(p.Y), color)
			b.f(`</g>`)
		}
		b.f(`</g>`)
	}
	b.f(`</svg>`)
	b.f(`<ul class="legend">`)
	for i, s := range c.Series {
		color, dash := Palette[i%len(Palette)], dashes[i%len(dashes)]
		if s.Reference {
			color, dash = "#555555", "5 4"
		} else if s.Emphasis {
			color, dash = "#1b1f24", ""
		}
		b.f(`<li><svg width="34" height="14" aria-hidden="true"><line x1="2" x2="32" y1="7" y2="7" stroke="%s" stroke-width="2.5" stroke-dasharray="%s"/>`, color, dash)
		marker(&b, i, s.Reference, 17, 7, color)
		b.f(`</svg>%s</li>`, esc(s.Name))
	}
	b.f(`</ul>`)
	c.table(&b)
	b.f(`</figure>`)
	return template.HTML(b.String())
}

// marker draws series i's point shape: shapes differ as well as colours.
func marker(b *svgBuf, i int, ref bool, cx, cy float64, color string) {
	if ref {
		b.f(`<circle cx="%.1f" cy="%.1f" r="4" fill="#fff" stroke="%s" stroke-width="1.5"/>`, cx, cy, color)
		return
	}
	switch i % 4 {
	case 0:
		b.f(`<circle cx="%.1f" cy="%.1f" r="4.5" fill="%s"/>`, cx, cy, color)
	case 1:
		b.f(`<rect x="%.1f" y="%.1f" width="8" height="8" fill="%s"/>`, cx-4, cy-4, color)
	case 2:
		b.f(`<path d="M%.1f %.1fl5 8.5h-10z" fill="%s"/>`, cx, cy-5.5, color)
	default:
		b.f(`<path d="M%.1f %.1fl5 5l-5 5l-5-5z" fill="%s"/>`, cx, cy-5, color)
	}
}

func (c LineChart) table(b *svgBuf) {
	w := words(c.Tr)
	b.f(`<details class="chart-table"><summary>%s</summary><table><thead><tr><th scope="col">%s</th><th scope="col">%s</th><th scope="col" class="num">%s</th></tr></thead><tbody>`,
		esc(w.T("Figures as a table")), esc(w.T("Series")), esc(w.T("Date")), esc(w.T("Value ({{.Unit}})", "Unit", c.Unit)))
	for _, s := range c.Series {
		for _, p := range s.Points {
			b.f(`<tr><th scope="row">%s</th><td>%s</td><td class="num">%s</td></tr>`, esc(s.Name), w.Date(p.X), esc(number(c.Tr, p.Y)))
		}
	}
	b.f(`</tbody></table></details>`)
}

// TimeTick is one labelled date on a time axis.
type TimeTick struct {
	time.Time
	Label string
}

// TimeTicks labels a time axis with years when it spans more than two,
// else with months (every 1, 2, 3 or 6), at most about eight labels.
func TimeTicks(lo, hi time.Time) []TimeTick {
	var out []TimeTick
	years := hi.Year() - lo.Year()
	if years >= 2 {
		step := 1
		for years/step > 8 {
			step++
		}
		for y := lo.Year(); y <= hi.Year()+1; y += step {
			t := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
			out = append(out, TimeTick{t, t.Format("2006")})
		}
		return out
	}
	months := years*12 + int(hi.Month()) - int(lo.Month())
	step := 1
	for _, s := range []int{1, 2, 3, 6} {
		step = s
		if months/s <= 8 {
			break
		}
	}
	start := time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, time.UTC)
	for t := start; !t.After(hi.AddDate(0, 1, 0)); t = t.AddDate(0, step, 0) {
		out = append(out, TimeTick{t, t.Format("Jan 2006")})
	}
	return out
}
