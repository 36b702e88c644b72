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

// TestNodePlanPagesInSwedishAndRussian: an officer switches the node to
// Swedish, then to Russian, and sees the plans, a plan with its progress
// and chart, the plan's, goal's and action's forms, a form's problem next
// to its field, the city profile and the indicator with its district
// breakdown in that language, the chart's title and axis too; each page
// at desktop and phone width, screenshotted and checked with axe-core.
func TestNodePlanPagesInSwedishAndRussian(t *testing.T) {
	source := AxeSource(t)
	n := nodetest.Start(t)
	api := n.Client(t)
	bg := context.Background()
	p := nodetest.HealthPlan("Malmö hälsoplan 2024–2030")
	p.Actions = append(p.Actions,
		&hcnetv1.Action{Id: "a2", Title: "Utbilda promenadledare", GoalId: "g1", DueDate: "2024-12-31", Status: hcnetv1.ActionStatus_ACTION_STATUS_DONE},
		&hcnetv1.Action{Id: "a3", Title: "Säkra skolvägar", GoalId: "g2", DueDate: "2099-06-30", Status: hcnetv1.ActionStatus_ACTION_STATUS_PLANNED},
	)
	plan, err := api.CreateHealthPlan(bg, &hcnetv1.CreateHealthPlanRequest{HealthPlan: p})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.CreateHealthPlan(bg, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Lunds hälsoplan")}); err != nil {
		t.Fatal(err)
	}
	ind := nodetest.Indicator(plan.GetHealthPlan().GetId(), "g1", "Ensamma invånare 75+")
	district := &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT, Label: "Rosengård"}
	ind.Measurements = []*hcnetv1.Measurement{
		{Date: "2024-12-31", Value: 16.5, Source: "Folkhälsoenkäten"},
		{Date: "2024-12-31", Value: 21.5, Breakdown: district},
		{Date: "2025-12-31", Value: 15},
		{Date: "2025-12-31", Value: 19, Breakdown: district},
	}
	made, err := api.CreateIndicator(bg, &hcnetv1.CreateIndicatorRequest{Indicator: ind})
	if err != nil {
		t.Fatal(err)
	}
	base := "/plans/" + plan.GetHealthPlan().GetId()
	indicator := "/indicators/" + made.GetIndicator().GetId()
	srv := nodeSite(t, n)
	ctx := New(t, 6*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)

	pages := []struct{ name, path, wait string }{
		{"plans", "/plans", "table"},
		{"plan", base, "#progress"},
		{"plan-form", base + "/edit", "#title"},
		{"goal-form", base + "/goals/new", "#sdg_goals"},
		{"action-form", base + "/actions/a1/edit", "#due_date"},
		{"city", "/city", "dl.record"},
		{"city-form", "/city/edit", "#population"},
		{"indicators", "/indicators", "table"},
		{"indicator", indicator, "#breakdown"},
		{"indicator-form", indicator + "/edit", "#baseline"},
	}
	words := map[string]struct{ progress, breakdown, axis, yearError string }{
		"sv": {"1 av 3 åtgärder klara", "Per stadsdel och grupp", "Datum", "måste vara ett årtal, till exempel 2030"},
		"ru": {"Выполнено 1 из 3 мероприятий", "По районам и группам", "Дата", "должно быть годом, например 2030"},
	}
	var f axeFindings
	for _, lang := range []string{"sv", "ru"} {
		want := words[lang]
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/lang?to="+lang+"&back=%2Fplans"), chromedp.WaitVisible(chromedp.CSS(`html[lang="`+lang+`"] table`))); err != nil {
			t.Fatalf("switch to %s: %v", lang, err)
		}
		for _, w := range widths {
			setWidth(t, ctx, w)
			for _, pg := range pages {
				if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+pg.path), chromedp.WaitVisible(chromedp.CSS(pg.wait))); err != nil {
					t.Fatalf("%s %s: %v", lang, pg.path, err)
				}
				Screenshot(t, ctx, lang+"-"+pg.name+"-"+w.name)
				f.check(t, ctx, source, lang+" "+pg.path, w)
			}
			// A year that is no year: the problem next to its field, in the
			// language, and on the error summary.
			if err := chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+base+"/edit"),
				chromedp.WaitVisible(chromedp.ID("period_start_year")),
				chromedp.SetValue(chromedp.ID("period_start_year"), "snart"),
				chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
				chromedp.WaitVisible(chromedp.ID("period_start_year-error")),
			); err != nil {
				t.Fatalf("%s: send a plan with a bad year: %v", lang, err)
			}
			if msg := text(t, ctx, "#period_start_year-error"); !strings.Contains(msg, want.yearError) {
				t.Errorf("%s: next to the first year: %q", lang, msg)
			}
			Screenshot(t, ctx, lang+"-plan-form-error-"+w.name)
			f.check(t, ctx, source, lang+" "+base+"/edit (bad year)", w)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+base), chromedp.WaitVisible(chromedp.ID("progress"))); err != nil {
			t.Fatal(err)
		}
		if got := text(t, ctx, "#progress"); !strings.Contains(got, want.progress) {
			t.Errorf("%s: progress %q, want %q", lang, got, want.progress)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+indicator), chromedp.WaitVisible(chromedp.ID("breakdown"))); err != nil {
			t.Fatal(err)
		}
		if got := text(t, ctx, "#breakdown"); got != want.breakdown {
			t.Errorf("%s: breakdown heading %q", lang, got)
		}
		// SVG text has no innerText; its text content is what is drawn.
		axis, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS("figure.chart svg text.axis-title:not([transform])")))
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.TrimSpace(axis); got != want.axis {
			t.Errorf("%s: the chart's axis says %q, want %q", lang, got, want.axis)
		}
	}
	f.report(t)
}
