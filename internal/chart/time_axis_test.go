package chart

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/i18n"
)

// TestTimeAxisLabelsWhole: month labels are written the language's way,
// each inside the chart and clear of its neighbours, the last one too
// (it used to run past the right edge and show as "2026-0").
func TestTimeAxisLabelsWhole(t *testing.T) {
	c, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	d := func(s string) time.Time {
		v, _ := time.Parse("2006-01-02", s)
		return v
	}
	tick := regexp.MustCompile(`<text class="tick" x="([0-9.]+)" y="[0-9.]+" text-anchor="middle">([^<]*)</text>`)
	for _, tc := range []struct {
		lang, last string
		from, to   string
	}{
		{"sv", "2026-01", "2025-03-01", "2026-01-01"},
		{"ru", "01.2026", "2025-03-01", "2026-01-01"},
		{"de", "01.2026", "2025-01-01", "2026-01-01"},
		{"fr", "01/2026", "2025-08-01", "2026-01-01"},
		{"en", "Jan 2026", "2025-03-01", "2026-01-01"},
	} {
		out := string(LineChart{ID: "l", Title: "T", Unit: "%", Tr: c.In(tc.lang), Series: []Series{
			{Name: "A", Points: []Point{{X: d(tc.from), Y: 1}, {X: d(tc.to), Y: 3}}},
		}}.HTML())
		wellFormed(t, out)
		var labels []string
		right := -1.0
		for _, m := range tick.FindAllStringSubmatch(out, -1) {
			if !strings.ContainsAny(m[2], "./- ") || len(m[2]) < 5 {
				continue // a y tick
			}
			x, _ := strconv.ParseFloat(m[1], 64)
			w := textWidth(m[2], false)
			if x-w/2 < 0 || x+w/2 > lineW {
				t.Errorf("%s: label %q at %.1f runs past the chart's edge", tc.lang, m[2], x)
			}
			if x-w/2 < right {
				t.Errorf("%s: label %q overlaps the one before", tc.lang, m[2])
			}
			right = x + w/2
			labels = append(labels, m[2])
		}
		if len(labels) < 2 || labels[len(labels)-1] != tc.last {
			t.Errorf("%s: month labels %q, want several ending with %q", tc.lang, labels, tc.last)
		}
	}
}
