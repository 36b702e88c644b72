package browsertest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// a4ContentHeight is the height A4 leaves for the page in the
// stylesheet's print rules (297 mm less 18 mm margins top and bottom, at
// 96 px to the inch).
const a4ContentHeight = 986

// TestHubReportTallChartFitsAPage: a network with many measured
// indicators draws a bar each in the report's progress chart; printed,
// that chart (its caption and picture, which paper cannot split) fits one
// A4 page instead of running over the next page's text.
func TestHubReportTallChartFitsAPage(t *testing.T) {
	bg := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n)
	c := n.Client(t)
	pl, err := c.CreateHealthPlan(bg, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Health plan")})
	if err != nil {
		t.Fatal(err)
	}
	const indicators = 40
	for i := range indicators {
		ind := nodetest.Indicator(pl.GetHealthPlan().GetId(), "g1", fmt.Sprintf("Indicator number %d of the plan", i+1))
		ind.Measurements = []*hcnetv1.Measurement{{Date: "2025-12-31", Value: 18 - float64(i%6)}}
		if _, err := c.CreateIndicator(bg, &hcnetv1.CreateIndicatorRequest{Indicator: ind}); err != nil {
			t.Fatal(err)
		}
	}
	delivered(t, h, n)
	srv := hubSite(t, h)
	ctx := New(t, 2*time.Minute)
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatalf("print media: %v", err)
	}
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(a4Content, 1000),
		chromedp.Navigate(srv.URL+"/report"),
		chromedp.WaitVisible(chromedp.CSS(`#plans`)),
	); err != nil {
		t.Fatalf("the report: %v", err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Bars   int
		Height float64
	}](`(() => {
		const fig = document.getElementById('indicator-progress-t').closest('figure');
		return {Bars: fig.querySelectorAll('svg .bar').length, Height: fig.getBoundingClientRect().height};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if got.Bars != indicators {
		t.Fatalf("the progress chart has %d bars, want %d", got.Bars, indicators)
	}
	if got.Height > a4ContentHeight {
		t.Errorf("printed, the progress chart of %d bars is %.0f px tall, more than the %d px of an A4 page", got.Bars, got.Height, a4ContentHeight)
	}
}
