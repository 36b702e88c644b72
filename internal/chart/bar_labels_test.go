package chart

import (
	"encoding/xml"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/i18n"
)

// barSVG is the part of a bar chart's SVG the label tests read.
type barSVG struct {
	ViewBox string `xml:"viewBox,attr"`
	Marks   []struct {
		Title string `xml:"title"`
		Texts []struct {
			Class string `xml:"class,attr"`
			X     string `xml:"x,attr"`
			Spans []struct {
				X    string `xml:"x,attr"`
				Text string `xml:",chardata"`
			} `xml:"tspan"`
			Text string `xml:",chardata"`
		} `xml:"text"`
		Rect struct {
			X     string `xml:"x,attr"`
			Width string `xml:"width,attr"`
		} `xml:"rect"`
	} `xml:"g>g"`
}

func parseBars(t *testing.T, html string) (barSVG, float64) {
	t.Helper()
	s := regexp.MustCompile(`(?s)<svg.*?</svg>`).FindString(html)
	var svg barSVG
	if err := xml.Unmarshal([]byte(s), &svg); err != nil {
		t.Fatalf("svg: %v\n%s", err, s)
	}
	f := strings.Fields(svg.ViewBox)
	if len(f) != 4 {
		t.Fatalf("viewBox %q", svg.ViewBox)
	}
	return svg, num(t, f[2])
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("number %q: %v", s, err)
	}
	return v
}

// TestBarLabelsInRussianAreWholeAndInside draws the hub's chart of key
// mechanisms with the longest labels the Russian vocabulary has: each
// label is shown whole, over as many lines as it needs, and every line
// and value lies inside the viewBox.
func TestBarLabelsInRussianAreWholeAndInside(t *testing.T) {
	cat, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	ru := cat.In("ru")
	labels := []string{
		"опираться на культурные и исторические традиции",
		"вовлекать лиц, принимающих решения",
		"внутри сектора здравоохранения",
		"шаг за шагом",
	}
	c := BarChart{ID: "m", Title: "Партнёрства по ключевым механизмам", Unit: "партнёрства", Tr: ru}
	for i, l := range labels {
		c.Bars = append(c.Bars, Bar{Label: l, Value: float64(1200 * (i + 1))})
	}
	out := string(c.HTML())
	wellFormed(t, out)
	svg, width := parseBars(t, out)
	if len(svg.Marks) != len(labels) {
		t.Fatalf("%d bars drawn, want %d\n%s", len(svg.Marks), len(labels), out)
	}
	wrapped := false
	for i, m := range svg.Marks {
		for _, text := range m.Texts {
			switch text.Class {
			case "bar-label":
				var shown []string
				for _, s := range text.Spans {
					shown = append(shown, s.Text)
					if left := num(t, s.X) - textWidth(s.Text, false); left < 0 {
						t.Errorf("label line %q starts at %.1f, left of the chart", s.Text, left)
					}
				}
				if got := strings.Join(shown, " "); got != labels[i] {
					t.Errorf("label shown as %q, want all of %q", got, labels[i])
				}
				wrapped = wrapped || len(text.Spans) > 1
			case "bar-value":
				if right := num(t, text.X) + textWidth(text.Text, true); right > width {
					t.Errorf("value %q ends at %.1f, past the chart's %g", text.Text, right, width)
				}
			}
		}
		if end := num(t, m.Rect.X) + num(t, m.Rect.Width); end > width {
			t.Errorf("bar %d ends at %.1f, past the chart's %g", i, end, width)
		}
	}
	if !wrapped {
		t.Errorf("the longest label fits on one line: the test no longer tries a long label\n%s", out)
	}
}

// TestBarLabelTooLongIsCutButKept: a label longer than three lines ends
// in an ellipsis on the chart and stays whole in the bar's title and in
// the table.
func TestBarLabelTooLongIsCutButKept(t *testing.T) {
	long := strings.Repeat("Gesundheitsförderung in der Nachbarschaft ", 8)
	long = strings.TrimSpace(long)
	out := string(BarChart{ID: "x", Title: "Lang", Unit: "Partnerschaften", Bars: []Bar{{Label: long, Value: 2}}}.HTML())
	wellFormed(t, out)
	svg, _ := parseBars(t, out)
	spans := svg.Marks[0].Texts[0].Spans
	if len(spans) != barLabelLines || !strings.HasSuffix(spans[len(spans)-1].Text, "…") {
		t.Fatalf("want %d lines, the last cut with …: %+v", barLabelLines, spans)
	}
	for _, s := range spans {
		if w := textWidth(s.Text, false); w > barLabelMax {
			t.Errorf("line %q is %.1f wide, more than %g", s.Text, w, barLabelMax)
		}
	}
	if !strings.Contains(svg.Marks[0].Title, long) {
		t.Errorf("the bar's title lacks the whole label: %q", svg.Marks[0].Title)
	}
	if !strings.Contains(out, `<th scope="row">`+long+`</th>`) {
		t.Errorf("the table lacks the whole label")
	}
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		title string
		in    string
		max   float64
		n     int
		want  []string
	}{
		{title: "fits", in: "health", max: 100, n: 2, want: []string{"health"}},
		{title: "two lines at a space", in: "urban planning", max: 70, n: 3, want: []string{"urban", "planning"}},
		{title: "a word too wide breaks with a hyphen", in: "Gesundheitsförderung", max: 80, n: 3, want: []string{"Gesundheit-", "sförderung"}},
		{title: "too many lines end in an ellipsis", in: "a b c d", max: 22, n: 1, want: []string{"a…"}},
		{title: "a no-break space holds and stays", in: "Malmö\u202f: adults with obesity", max: 90, n: 3, want: []string{"Malmö\u202f:", "adults with", "obesity"}},
		{title: "a number keeps its unit", in: "a gap of 26\u00a0%", max: 50, n: 3, want: []string{"a gap", "of", "26\u00a0%"}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			got := wrap(tc.in, tc.max, tc.n)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("wrap(%q, %g, %d) = %q, want %q", tc.in, tc.max, tc.n, got, tc.want)
			}
			for _, l := range got {
				if textWidth(l, false) > tc.max {
					t.Errorf("line %q wider than %g", l, tc.max)
				}
			}
		})
	}
}
