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

// TestNodeSuccessPartnerCityPicker: in Swedish, an officer ticks a
// partner city the node's records name, adds another in a row of its
// own, is told next to the city id that "Umeå" is not one, corrects it
// and saves a success naming both. Screenshots at desktop and phone
// width, each checked with axe-core.
func TestNodeSuccessPartnerCityPicker(t *testing.T) {
	n := nodetest.Start(t)
	srv := nodeSite(t, n)
	api := n.Client(t)
	bg := context.Background()
	earlier := nodetest.Success("Walks for all", "")
	earlier.PartnerCities = []*hcnetv1.CityRef{{Country: "dk", CityId: "copenhagen", Name: "København"}}
	if _, err := api.CreateSuccess(bg, &hcnetv1.CreateSuccessRequest{Success: earlier}); err != nil {
		t.Fatal(err)
	}
	source := AxeSource(t)
	ctx := New(t, 3*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/lang?to=sv&back=%2Fsuccesses%2Fnew")); err != nil {
		t.Fatal(err)
	}
	var found axeFindings
	for _, w := range widths {
		setWidth(t, ctx, w)
		if err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/successes/new"),
			chromedp.WaitVisible(chromedp.ID("new_city_id-0")),
		); err != nil {
			t.Fatalf("%s: the success form: %v", w.name, err)
		}
		Screenshot(t, ctx, "sv-"+w.name+"-success-form")
		found.check(t, ctx, source, "/successes/new", w)
	}

	setWidth(t, ctx, widths[0])
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("title"), "Ensamheten minskade med en tredjedel"),
		chromedp.SendKeys(chromedp.ID("outcome"), "Från 31 % till 19 % på två år."),
		chromedp.Click(chromedp.CSS(`input[type=checkbox][value="dk/copenhagen/København"]`)),
		chromedp.SendKeys(chromedp.ID("new_city_country-0"), "se"),
		chromedp.SendKeys(chromedp.ID("new_city_id-0"), "Umeå"),
		chromedp.SendKeys(chromedp.ID("new_city_name-0"), "Umeå"),
		chromedp.Click(chromedp.CSS(`main form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("new_city_id-0-error")),
	); err != nil {
		t.Fatalf("post a city id that is not one: %v", err)
	}
	if got := text(t, ctx, "#new_city_id-0-error"); !strings.Contains(got, `"Umeå"`) {
		t.Fatalf("next to the city id: %q", got)
	}
	if got := text(t, ctx, "#error-summary"); !strings.Contains(got, "Stadens id, rad 1") {
		t.Fatalf("the form's problems: %q", got)
	}
	ticked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('input[type=checkbox][value="dk/copenhagen/København"]').checked`))
	if err != nil || !ticked {
		t.Fatalf("the ticked city after the problem: %v, %v", ticked, err)
	}
	for _, w := range []width{widths[1], widths[0]} {
		setWidth(t, ctx, w)
		Screenshot(t, ctx, "sv-"+w.name+"-success-form-errors")
		found.check(t, ctx, source, "/successes/new (errors)", w)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("new_city_id-0"), "umea"),
		chromedp.Click(chromedp.CSS(`main form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	); err != nil {
		t.Fatalf("save the success: %v", err)
	}
	ss, err := api.ListSuccesses(bg, &hcnetv1.ListSuccessesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var cities []string
	for _, s := range ss.GetSuccesses() {
		if s.GetTitle() == "Ensamheten minskade med en tredjedel" {
			for _, c := range s.GetPartnerCities() {
				cities = append(cities, c.GetCountry()+"/"+c.GetCityId()+"/"+c.GetName())
			}
		}
	}
	if strings.Join(cities, " ") != "dk/copenhagen/København se/umea/Umeå" {
		t.Fatalf("the saved success's partner cities: %q", cities)
	}
	Screenshot(t, ctx, "sv-desktop-success-saved")
	found.report(t)
}
