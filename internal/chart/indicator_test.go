package chart

import (
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/i18n"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func TestIndicatorSeries(t *testing.T) {
	district := func(label string) *hcnetv1.Breakdown {
		return &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT, Label: label}
	}
	ind := &hcnetv1.Indicator{
		Id: "i1", Name: "Loneliness <75+>", Unit: "%", Direction: hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_DECREASE,
		Baseline: 18, BaselineDate: "2023-12-31", Target: 12, TargetDate: "2030-12-31",
		Measurements: []*hcnetv1.Measurement{
			{Date: "2024-12-31", Value: 17},
			{Date: "2024-12-31", Value: 24, Breakdown: district("Rosengård")},
			{Date: "2025-12-31", Value: 22, Breakdown: district("Rosengård")},
			{Date: "2024-12-31", Value: 11, Breakdown: district("Limhamn")},
			{Date: "2024-12-31", Value: 15, Breakdown: &hcnetv1.Breakdown{Label: "unnamed kind"}},
			{Date: "not a date", Value: 99},
		},
	}
	c := Indicator(ind)
	var names []string
	for _, s := range c.Series {
		names = append(names, s.Name+":"+Number(float64(len(s.Points))))
	}
	want := "Baseline → target:2 Whole city:1 District: Rosengård:2 District: Limhamn:1 unnamed kind:1"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("series %q, want %q", got, want)
	}
	if !strings.Contains(c.Desc, "lower is better") {
		t.Fatalf("description %q does not say which way is better", c.Desc)
	}
	html := string(c.HTML())
	if strings.Contains(html, "<75+>") || !strings.Contains(html, "Loneliness &lt;75+&gt;") {
		t.Fatalf("the indicator's name is not escaped in the chart:\n%s", html)
	}
}

// TestIndicatorNotesInLanguage: a point's note says baseline and target
// in the chart's language, while a measurement's source, the city's own
// words, is shown as written and never looked up as a message.
func TestIndicatorNotesInLanguage(t *testing.T) {
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	ind := &hcnetv1.Indicator{
		Id: "i1", Name: "Ensamhet", Unit: "%", Baseline: 18, BaselineDate: "2023-12-31", Target: 12, TargetDate: "2030-12-31",
		Measurements: []*hcnetv1.Measurement{{Date: "2024-12-31", Value: 17, Source: "Folkhälsoenkäten Skåne"}},
	}
	html := string(IndicatorIn(words.In("sv"), ind).HTML())
	for _, want := range []string{"(utgångsläge)", "(mål)", "(Folkhälsoenkäten Skåne)"} {
		if !strings.Contains(html, want) {
			t.Errorf("the Swedish chart lacks %q", want)
		}
	}
	for _, m := range words.Missing() {
		if m.ID == "Folkhälsoenkäten Skåne" {
			t.Errorf("the source was looked up as a message in %s", m.Lang)
		}
	}
}
