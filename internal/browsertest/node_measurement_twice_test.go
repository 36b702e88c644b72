package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestNodeMeasurementTwiceInSwedish: an officer in Swedish records a value
// for a date the city's series already has. The form says so next to the
// date, offers to replace the stored 33,2, and saves nothing; ticked, the
// new value replaces it. At desktop and phone width, screenshotted and
// checked with axe-core.
func TestNodeMeasurementTwiceInSwedish(t *testing.T) {
	source := AxeSource(t)
	n := nodetest.Start(t)
	api := n.Client(t)
	bg := context.Background()
	plan, err := api.CreateHealthPlan(bg, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Malmö hälsoplan 2024–2030")})
	if err != nil {
		t.Fatal(err)
	}
	ind := nodetest.Indicator(plan.GetHealthPlan().GetId(), "g1", "Dagligrökare")
	ind.Measurements = []*hcnetv1.Measurement{{Date: "2025-03-01", Value: 33.2, Source: "Folkhälsoenkäten"}}
	made, err := api.CreateIndicator(bg, &hcnetv1.CreateIndicatorRequest{Indicator: ind})
	if err != nil {
		t.Fatal(err)
	}
	id := made.GetIndicator().GetId()
	srv := nodeSite(t, n)
	ctx := New(t, 3*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/lang?to=sv&back=%2Findicators%2F"+id), chromedp.WaitVisible(chromedp.CSS(`html[lang="sv"] #record`))); err != nil {
		t.Fatalf("switch to Swedish: %v", err)
	}
	submit := chromedp.CSS(`#record ~ form button[type=submit]`)
	var f axeFindings
	for _, w := range widths {
		setWidth(t, ctx, w)
		if err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/indicators/"+id),
			chromedp.WaitVisible(chromedp.ID("value")),
			chromedp.SetValue(chromedp.ID("date"), "2025-03-01"),
			chromedp.SetValue(chromedp.ID("value"), "33,2"),
			chromedp.Click(submit),
			chromedp.WaitVisible(chromedp.ID("date-error")),
		); err != nil {
			t.Fatalf("%s: record the same value again: %v", w.name, err)
		}
		if msg := text(t, ctx, "#date-error"); !strings.Contains(msg, "har redan ett värde för hela staden; ersätt det eller välj ett annat datum") {
			t.Errorf("%s: next to the date: %q", w.name, msg)
		}
		if box := text(t, ctx, `label:has(#replace)`); !strings.Contains(box, "Ersätt värdet 33,2 registrerat för") {
			t.Errorf("%s: the replace box says %q", w.name, box)
		}
		Screenshot(t, ctx, "sv-measurement-twice-"+w.name)
		f.check(t, ctx, source, "sv /indicators/ID (same date twice)", w)
	}
	got, err := api.GetIndicator(bg, &hcnetv1.GetIndicatorRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.GetIndicator().GetMeasurements()) != 1 {
		t.Fatalf("a refused value was saved: %v", got.GetIndicator().GetMeasurements())
	}

	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("value"), "31,9"),
		chromedp.Click(chromedp.ID("replace")),
		chromedp.Click(submit),
		chromedp.WaitNotPresent(chromedp.ID("date-error")),
		chromedp.WaitVisible(chromedp.ID("record")),
	); err != nil {
		t.Fatalf("replace: %v", err)
	}
	got, err = api.GetIndicator(bg, &hcnetv1.GetIndicatorRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	if ms := got.GetIndicator().GetMeasurements(); len(ms) != 1 || ms[0].GetValue() != 31.9 {
		t.Fatalf("after replace: %v; want the one value 31,9", ms)
	}
	f.report(t)
}
