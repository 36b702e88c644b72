package browsertest

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestNodeIndicatorWithDistrictAndSuccess adds an indicator to a plan's
// goal through the form, records a value for the whole city and one for
// a district, and reads the district's gap in the breakdown table; then
// adds, edits and deletes a success. Screenshots of each list, form and
// page at desktop and phone width.
func TestNodeIndicatorWithDistrictAndSuccess(t *testing.T) {
	n := nodetest.Start(t)
	api := n.Client(t)
	bg := context.Background()
	plan, err := api.CreateHealthPlan(bg, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Malmö health plan 2024–2030")})
	if err != nil {
		t.Fatal(err)
	}
	planID := plan.GetHealthPlan().GetId()
	srv := nodeSite(t, n)
	ctx := New(t, 3*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)

	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/indicators"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a.button[href="/indicators/new"]`)),
		chromedp.Click(chromedp.CSS(`a.button[href="/indicators/new"]`)),
		chromedp.WaitVisible(chromedp.ID("name")),
		chromedp.SetValue(chromedp.ID("plan_id"), planID),
		chromedp.SetValue(chromedp.ID("goal_id"), planID+"/g1"),
		chromedp.SendKeys(chromedp.ID("name"), "Residents 75+ who often feel lonely"),
		chromedp.SendKeys(chromedp.ID("description"), "From the city's health survey, every second year."),
		chromedp.SendKeys(chromedp.ID("unit"), "%"),
		chromedp.SetValue(chromedp.ID("direction"), "decrease"),
		chromedp.SendKeys(chromedp.ID("baseline"), "18,5"),
		chromedp.SetValue(chromedp.ID("baseline_date"), "2023-12-31"),
		chromedp.SendKeys(chromedp.ID("target"), "12"),
		chromedp.SetValue(chromedp.ID("target_date"), "2030-12-31"),
		chromedp.SendKeys(chromedp.ID("sdg_goals"), "3"),
		chromedp.SetValue(chromedp.ID("visibility"), "public"),
	); err != nil {
		t.Fatalf("fill the indicator form: %v", err)
	}
	Screenshot(t, ctx, "01-indicator-form")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	); err != nil {
		t.Fatalf("save the indicator: %v", err)
	}
	inds, err := api.ListIndicators(bg, &hcnetv1.ListIndicatorsRequest{})
	if err != nil || len(inds.GetIndicators()) != 1 {
		t.Fatalf("stored indicators: %v, %v", inds, err)
	}
	ind := inds.GetIndicators()[0]
	if ind.GetGoalId() != "g1" || ind.GetBaseline() != 18.5 || ind.GetTargetDate() != "2030-12-31" {
		t.Fatalf("stored indicator: %v", ind)
	}

	// A value for the whole city, then one for a district on the same day.
	for i, m := range []struct{ value, kind, label string }{{"16", "", ""}, {"21,5", "district", "Rosengård"}} {
		// Each from a freshly loaded page, so no action reaches the page
		// the last one left.
		if err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/indicators/"+ind.GetId()),
			chromedp.WaitVisible(chromedp.ID("value")),
			chromedp.SetValue(chromedp.ID("date"), "2024-12-31"),
			chromedp.SendKeys(chromedp.ID("value"), m.value),
			chromedp.SetValue(chromedp.ID("breakdown_kind"), m.kind),
			chromedp.SendKeys(chromedp.ID("breakdown_label"), m.label),
			chromedp.Click(chromedp.CSS(`form[action$="#record"] button[type=submit]`)),
			// The page after the save lists one measurement more.
			chromedp.WaitVisible(chromedp.CSS(`[aria-label="Measurements"] tbody tr:nth-child(`+strconv.Itoa(i+1)+`)`)),
		); err != nil {
			t.Fatalf("record %s: %v", m.value, err)
		}
	}
	row, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#breakdown ~ .table-wrap tbody tr`)))
	if err != nil {
		t.Fatalf("the breakdown table: %v", err)
	}
	if row = strings.Join(strings.Fields(row), " "); !strings.Contains(row, "District: Rosengård 2024-12-31 21.5 +5.5 behind +9.5") {
		t.Fatalf("the district's row: %q", row)
	}
	Screenshot(t, ctx, "02-indicator-breakdown")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/indicators"),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/indicators/`+ind.GetId()+`"]`)),
	); err != nil {
		t.Fatalf("the indicator list: %v", err)
	}
	Screenshot(t, ctx, "03-indicators")

	// A success: added, edited, deleted.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/successes"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a.button[href="/successes/new"]`)),
		chromedp.Click(chromedp.CSS(`a.button[href="/successes/new"]`)),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SendKeys(chromedp.ID("title"), "Loneliness down by a third in Rosengård"),
		chromedp.SendKeys(chromedp.ID("outcome"), "Among participants, from 31% to 19% in two years."),
		chromedp.SetValue(chromedp.ID("date"), "2025-05-20"),
		chromedp.SendKeys(chromedp.ID("partner_cities"), "dk/copenhagen/København"),
		chromedp.SendKeys(chromedp.ID("sdg_goals"), "3, 11"),
		chromedp.SetValue(chromedp.ID("visibility"), "public"),
	); err != nil {
		t.Fatalf("fill the success form: %v", err)
	}
	Screenshot(t, ctx, "04-success-form")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	); err != nil {
		t.Fatalf("save the success: %v", err)
	}
	ss, err := api.ListSuccesses(bg, &hcnetv1.ListSuccessesRequest{})
	if err != nil || len(ss.GetSuccesses()) != 1 || ss.GetSuccesses()[0].GetPartnerCities()[0].GetName() != "København" {
		t.Fatalf("stored successes: %v, %v", ss, err)
	}
	id := ss.GetSuccesses()[0].GetId()
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="/successes/`+id+`/edit"]`)),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SetValue(chromedp.ID("title"), "Loneliness down by a third"),
		chromedp.SetValue(chromedp.ID("visibility"), "network"),
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`dl.record`)),
	); err != nil {
		t.Fatalf("edit the success: %v", err)
	}
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main h1`)))
	if err != nil || title != "Loneliness down by a third" {
		t.Fatalf("the success's page after the edit: %q, %v", title, err)
	}
	Screenshot(t, ctx, "05-success")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/successes"),
		chromedp.WaitVisible(chromedp.CSS(`tbody tr`)),
	); err != nil {
		t.Fatalf("the success list: %v", err)
	}
	Screenshot(t, ctx, "06-successes")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/successes/"+id+"/delete"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/successes/`+id+`/delete"] button[type=submit]`)),
		chromedp.Click(chromedp.CSS(`form[action="/successes/`+id+`/delete"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	); err != nil {
		t.Fatalf("delete the success: %v", err)
	}
	if _, err := api.GetSuccess(bg, &hcnetv1.GetSuccessRequest{Id: id}); status.Code(err) != codes.NotFound {
		t.Fatalf("after the delete: %v, want NotFound", err)
	}

	// The phone width, with a success in the list again.
	again, err := api.CreateSuccess(bg, &hcnetv1.CreateSuccessRequest{Success: nodetest.Success("Walks for all, in every district of the city", "")})
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range []struct{ name, path, wait string }{
		{"07-phone-indicators", "/indicators", `tbody tr`},
		{"08-phone-indicator-form", "/indicators/" + ind.GetId() + "/edit", `#goal_id`},
		{"09-phone-indicator-breakdown", "/indicators/" + ind.GetId(), `#breakdown`},
		{"10-phone-successes", "/successes", `tbody tr`},
		{"11-phone-success", "/successes/" + again.GetSuccess().GetId(), `dl.record`},
		{"12-phone-success-form", "/successes/new", `#partner_cities`},
		{"13-phone-endorsements", "/endorsements", `a.button[href="/endorsements/new"]`},
		{"14-phone-endorsement-form", "/endorsements/new?country=dk&city=copenhagen&success=01JB6Q8Z3V4W5X6Y7Z8A9B0C1D", `#success_id`},
	} {
		if err := chromedp.Do(ctx,
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
			chromedp.Navigate(srv.URL+page.path),
			chromedp.WaitVisible(chromedp.CSS(page.wait)),
		); err != nil {
			t.Fatalf("%s: %v", page.name, err)
		}
		Screenshot(t, ctx, page.name)
	}
}
