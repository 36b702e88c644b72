package chart

import (
	"encoding/xml"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestTicks(t *testing.T) {
	for _, tc := range []struct {
		title  string
		lo, hi float64
		n      int
		want   []float64
	}{
		{title: "counts from zero", lo: 0, hi: 7, n: 5, want: []float64{0, 2, 4, 6, 8}},
		{title: "rates with decimals", lo: 12.3, hi: 18.9, n: 5, want: []float64{12, 14, 16, 18, 20}},
		{title: "small shares", lo: 0, hi: 0.42, n: 5, want: []float64{0, 0.2, 0.4, 0.6}},
		{title: "one value", lo: 5, hi: 5, n: 5, want: []float64{4.5, 5, 5.5}},
		{title: "all zero", lo: 0, hi: 0, n: 5, want: []float64{0, 0.5, 1}},
		{title: "negative to positive", lo: -3, hi: 4, n: 5, want: []float64{-4, -2, 0, 2, 4}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			if got := Ticks(tc.lo, tc.hi, tc.n); !slices.Equal(got, tc.want) {
				t.Fatalf("Ticks(%g, %g, %d) = %v, want %v", tc.lo, tc.hi, tc.n, got, tc.want)
			}
		})
	}
}

func TestNumberAndPlural(t *testing.T) {
	for _, tc := range []struct {
		title string
		got   string
		want  string
	}{
		{title: "whole", got: Number(3), want: "3"},
		{title: "two decimals", got: Number(12.345), want: "12.35"},
		{title: "trailing zero", got: Number(0.5), want: "0.5"},
		{title: "negative zero", got: Number(-0.001), want: "0"},
		{title: "one partnership", got: Plural(1, "partnerships"), want: "1 partnership"},
		{title: "many", got: Plural(2, "partnerships"), want: "2 partnerships"},
		{title: "no unit", got: Plural(2, ""), want: "2"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.title, tc.got, tc.want)
		}
	}
}

// wellFormed fails unless every <svg> in the HTML parses as XML, so the
// markup is valid wherever it is embedded.
func wellFormed(t *testing.T, html string) {
	t.Helper()
	re := regexp.MustCompile(`(?s)<svg.*?</svg>`)
	svgs := re.FindAllString(html, -1)
	if len(svgs) == 0 {
		t.Fatalf("no svg in %s", html)
	}
	for _, s := range svgs {
		d := xml.NewDecoder(strings.NewReader(s))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("svg is not well-formed: %v\n%s", err, s)
			}
		}
	}
}

func TestBarChart(t *testing.T) {
	c := BarChart{
		ID: "by-sector", Title: "Partnerships by sector", Desc: "How many partnerships draw on each sector.",
		Unit: "partnerships",
		Bars: []Bar{{Label: "health", Value: 3}, {Label: "urban planning & <housing>", Value: 1, Href: "/search?sector=urban_planning&x=1"}},
	}
	out := string(c.HTML())
	wellFormed(t, out)
	for _, want := range []string{
		`<figcaption>Partnerships by sector</figcaption>`,
		`<title id="by-sector-t">Partnerships by sector</title>`,
		`aria-labelledby="by-sector-t by-sector-d"`,
		`aria-label="health: 3 partnerships"`,
		`tabindex="0"`,
		`aria-label="urban planning &amp; &lt;housing&gt;: 1 partnership"`,
		`href="/search?sector=urban_planning&amp;x=1"`,
		`>Partnerships</text>`, // axis title with the unit
		`<summary>Figures as a table</summary>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("bar chart lacks %s\n%s", want, out)
		}
	}
	// Counts up to 3: whole-number ticks 0..3.
	for _, tick := range []string{">0</text>", ">1</text>", ">2</text>", ">3</text>"} {
		if !strings.Contains(out, `class="tick"`) || !strings.Contains(out, tick) {
			t.Errorf("no tick %s", tick)
		}
	}
	if strings.Contains(out, ">0.5</text>") {
		t.Errorf("count axis has a fractional tick")
	}
}

func TestBarChartEmptyAndPercent(t *testing.T) {
	empty := string(BarChart{ID: "e", Title: "Nothing"}.HTML())
	if !strings.Contains(empty, "No data yet") || strings.Contains(empty, "<svg") {
		t.Fatalf("empty chart: %s", empty)
	}
	pc := string(BarChart{ID: "p", Title: "Progress", Percent: true, Max: 1, Bars: []Bar{{Label: "Daily smokers", Value: 0.4}, {Label: "Worse", Value: -0.2}}}.HTML())
	wellFormed(t, pc)
	for _, want := range []string{`aria-label="Daily smokers: 40%"`, `aria-label="Worse: -20%"`, ">100%</text>", `width="0.0"`} {
		if !strings.Contains(pc, want) {
			t.Errorf("percent chart lacks %s\n%s", want, pc)
		}
	}
}

func TestLineChart(t *testing.T) {
	d := func(s string) time.Time {
		t, _ := time.Parse("2006-01-02", s)
		return t
	}
	c := LineChart{
		ID: "ind-1", Title: "Daily smokers", Desc: "Share of adults who smoke daily.", Unit: "%",
		Series: []Series{
			{Name: "Baseline → target", Reference: true, Points: []Point{{X: d("2022-01-01"), Y: 14}, {X: d("2030-12-31"), Y: 8}}},
			{Name: "Whole city", Points: []Point{{X: d("2023-06-30"), Y: 13.5, Note: "national survey"}, {X: d("2022-06-30"), Y: 14}}},
			{Name: "District: Rosengård", Points: []Point{{X: d("2023-06-30"), Y: 21}}},
		},
	}
	out := string(c.HTML())
	wellFormed(t, out)
	for _, want := range []string{
		`<figcaption>Daily smokers</figcaption>`,
		`class="series reference"`,
		`stroke-dasharray="5 4"`,
		`aria-label="Whole city, 2023-06-30: 13.5 % (national survey)"`,
		`aria-label="District: Rosengård, 2023-06-30: 21 %"`,
		`<ul class="legend">`, `</svg>Whole city</li>`,
		`>2026</text>`, // year ticks over a long span
		`>%</text>`,    // y axis unit
	} {
		if !strings.Contains(out, want) {
			t.Errorf("line chart lacks %s\n%s", want, out)
		}
	}
	// Points are drawn in date order whatever order they came in.
	i22, i23 := strings.Index(out, "Whole city, 2022-06-30"), strings.Index(out, "Whole city, 2023-06-30")
	if i22 < 0 || i23 < 0 || i22 > i23 {
		t.Errorf("whole-city points out of date order")
	}
	if e := string(LineChart{ID: "x", Title: "None"}.HTML()); !strings.Contains(e, "No measurements yet") {
		t.Errorf("empty line chart: %s", e)
	}
}

func TestTimeTicks(t *testing.T) {
	d := func(s string) time.Time {
		t, _ := time.Parse("2006-01-02", s)
		return t
	}
	for _, tc := range []struct {
		title      string
		lo, hi     string
		first      string
		maxLabels  int
		everyLabel string
	}{
		{title: "years", lo: "2020-03-01", hi: "2030-12-31", first: "2020", maxLabels: 12},
		{title: "months", lo: "2025-01-15", hi: "2025-06-01", first: "Jan 2025", maxLabels: 8},
		{title: "quarters", lo: "2024-01-15", hi: "2025-10-01", first: "Jan 2024", maxLabels: 9},
	} {
		t.Run(tc.title, func(t *testing.T) {
			got := TimeTicks(d(tc.lo), d(tc.hi))
			if len(got) == 0 || got[0].Label != tc.first || len(got) > tc.maxLabels {
				t.Fatalf("TimeTicks(%s, %s) = %v", tc.lo, tc.hi, got)
			}
		})
	}
}
