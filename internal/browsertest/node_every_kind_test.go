package browsertest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// kindCycle is one kind of record taken through its pages: a form with a
// problem, then added, listed, edited, shown and deleted.
type kindCycle struct {
	title string
	// list is the list's path; the form to add is list+"/new", a record's
	// page list+"/"+id.
	list string
	// bad fills the add form with one problem, which shows next to the
	// field badField.
	bad      []chromedp.Action[chromedp.Void]
	badField string
	// fill fills the add form so that it saves; the list then shows
	// listed.
	fill   []chromedp.Action[chromedp.Void]
	listed string
	// edit changes the record on its edit form; its page then shows
	// edited, and once it is deleted the list no longer shows gone.
	edit   []chromedp.Action[chromedp.Void]
	edited string
	gone   string
	// ids are the kind's records on the node, through the API.
	ids func(ctx context.Context, api hcnetv1.CityServiceClient) []string
}

// sendForm opens the form at url, waits until ready, does steps, submits
// the form and waits until done: how each case fills in a form.
func sendForm(url string, ready chromedp.Action[chromedp.Void], steps []chromedp.Action[chromedp.Void], done chromedp.Action[chromedp.Void]) []chromedp.Action[chromedp.Void] {
	out := append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(url), ready}, steps...)
	return append(out, chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)), done)
}

// idsOf are the records' ids.
func idsOf[T interface{ GetId() string }](records []T) []string {
	var out []string
	for _, r := range records {
		out = append(out, r.GetId())
	}
	return out
}

// successID is a success of a partner city, as the partner city gives
// it for an endorsement.
const successID = "01JD2X8K4M7Q9R3T5V6W8Y0Z1A"

// TestNodeEveryKindAddListEditDelete takes every kind of record through
// its pages in one browser: a form with a problem shows it next to the
// field and saves nothing; the saved record is listed; the edit shows on
// its page; after the confirmed delete the list no longer has it. The
// city profile, one record, is edited and shown, and its form shows its
// problem next to the field too.
func TestNodeEveryKindAddListEditDelete(t *testing.T) {
	n := nodetest.Start(t)
	api := n.Client(t)
	bg := context.Background()
	plan, err := api.CreateHealthPlan(bg, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Lund health plan 2025–2030")})
	if err != nil {
		t.Fatal(err)
	}
	planID := plan.GetHealthPlan().GetId()
	srv := nodeSite(t, n)
	ctx := New(t, 4*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)

	cases := []kindCycle{
		{
			title: "partner", list: "/partners",
			bad: []chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.ID("kind"), "ngo")}, badField: "organisation",
			fill: []chromedp.Action[chromedp.Void]{
				chromedp.SendKeys(chromedp.ID("organisation"), "Stadsmissionen i Skåne"),
				chromedp.SetValue(chromedp.ID("kind"), "ngo"),
				chromedp.SetValue(chromedp.ID("sector"), "social_services"),
			},
			listed: "Stadsmissionen i Skåne",
			edit:   []chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.ID("organisation"), "Stadsmissionen Lund")},
			edited: "Stadsmissionen Lund", gone: "Stadsmissionen",
			ids: func(ctx context.Context, api hcnetv1.CityServiceClient) []string {
				res, _ := api.ListPartners(ctx, &hcnetv1.ListPartnersRequest{})
				return idsOf(res.GetPartners())
			},
		},
		{
			title: "partnership", list: "/partnerships",
			bad: []chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.ID("level"), "across_sectors")}, badField: "title",
			fill: []chromedp.Action[chromedp.Void]{
				chromedp.SendKeys(chromedp.ID("title"), "Mötesplatser mot ensamhet"),
				chromedp.SetValue(chromedp.ID("level"), "across_sectors"),
				chromedp.SetValue(chromedp.ID("status"), "active"),
			},
			listed: "Mötesplatser mot ensamhet",
			edit:   []chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.ID("title"), "Mötesplatser för alla åldrar")},
			edited: "Mötesplatser för alla åldrar", gone: "Mötesplatser",
			ids: func(ctx context.Context, api hcnetv1.CityServiceClient) []string {
				res, _ := api.ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{})
				return idsOf(res.GetPartnerships())
			},
		},
		{
			title: "plan", list: "/plans",
			bad: []chromedp.Action[chromedp.Void]{
				chromedp.SendKeys(chromedp.ID("title"), "Ett hälsosammare Lund"),
				chromedp.SendKeys(chromedp.ID("period_start_year"), "2031"),
				chromedp.SendKeys(chromedp.ID("period_end_year"), "2026"),
			}, badField: "period_end_year",
			fill: []chromedp.Action[chromedp.Void]{
				chromedp.SendKeys(chromedp.ID("title"), "Ett hälsosammare Lund"),
				chromedp.SendKeys(chromedp.ID("period_start_year"), "2026"),
				chromedp.SendKeys(chromedp.ID("period_end_year"), "2031"),
			},
			listed: "Ett hälsosammare Lund",
			edit:   []chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.ID("title"), "Ett jämlikt och hälsosamt Lund")},
			edited: "Ett jämlikt och hälsosamt Lund", gone: "hälsosam",
			ids: func(ctx context.Context, api hcnetv1.CityServiceClient) []string {
				res, _ := api.ListHealthPlans(ctx, &hcnetv1.ListHealthPlansRequest{})
				// The plan the indicators measure is not this case's.
				return slices.DeleteFunc(idsOf(res.GetHealthPlans()), func(id string) bool { return id == planID })
			},
		},
		{
			title: "indicator", list: "/indicators",
			bad: []chromedp.Action[chromedp.Void]{
				chromedp.SetValue(chromedp.ID("plan_id"), planID),
				chromedp.SetValue(chromedp.ID("goal_id"), planID+"/g1"),
				chromedp.SendKeys(chromedp.ID("name"), "Unga som röker dagligen"),
				chromedp.SendKeys(chromedp.ID("unit"), "%"),
				chromedp.SendKeys(chromedp.ID("target"), "6"),
			}, badField: "baseline",
			fill: []chromedp.Action[chromedp.Void]{
				chromedp.SetValue(chromedp.ID("plan_id"), planID),
				chromedp.SetValue(chromedp.ID("goal_id"), planID+"/g1"),
				chromedp.SendKeys(chromedp.ID("name"), "Unga som röker dagligen"),
				chromedp.SendKeys(chromedp.ID("unit"), "%"),
				chromedp.SetValue(chromedp.ID("direction"), "decrease"),
				chromedp.SendKeys(chromedp.ID("baseline"), "9"),
				chromedp.SendKeys(chromedp.ID("target"), "6"),
			},
			listed: "Unga som röker dagligen",
			edit:   []chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.ID("name"), "Unga som röker eller snusar dagligen")},
			edited: "Unga som röker eller snusar dagligen", gone: "Unga som",
			ids: func(ctx context.Context, api hcnetv1.CityServiceClient) []string {
				res, _ := api.ListIndicators(ctx, &hcnetv1.ListIndicatorsRequest{})
				return idsOf(res.GetIndicators())
			},
		},
		{
			title: "practice", list: "/practices",
			bad: []chromedp.Action[chromedp.Void]{
				chromedp.SetValue(chromedp.ID("language"), "sv"),
				chromedp.SendKeys(chromedp.ID("summary"), "Äldre och skolbarn lagar mat tillsammans."),
			}, badField: "title",
			fill: []chromedp.Action[chromedp.Void]{
				chromedp.SetValue(chromedp.ID("language"), "sv"),
				chromedp.SendKeys(chromedp.ID("title"), "Matlagning över generationer"),
				chromedp.SendKeys(chromedp.ID("summary"), "Äldre och skolbarn lagar mat tillsammans."),
			},
			listed: "Matlagning över generationer",
			edit:   []chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.ID("title"), "Mat och möten över generationer")},
			edited: "Mat och möten över generationer", gone: "generationer",
			ids: func(ctx context.Context, api hcnetv1.CityServiceClient) []string {
				res, _ := api.ListPractices(ctx, &hcnetv1.ListPracticesRequest{})
				return idsOf(res.GetPractices())
			},
		},
		{
			title: "success", list: "/successes",
			bad: []chromedp.Action[chromedp.Void]{
				chromedp.SendKeys(chromedp.ID("title"), "Färre unga röker"),
				chromedp.SendKeys(chromedp.ID("sdg_goals"), "18"),
			}, badField: "sdg_goals",
			fill: []chromedp.Action[chromedp.Void]{
				chromedp.SendKeys(chromedp.ID("title"), "Färre unga röker"),
				chromedp.SendKeys(chromedp.ID("outcome"), "Från 9 % till 5 % på tre år."),
				chromedp.SetValue(chromedp.ID("date"), "2025-06-01"),
			},
			listed: "Färre unga röker",
			edit:   []chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.ID("title"), "Hälften så många unga röker")},
			edited: "Hälften så många unga röker", gone: "unga röker",
			ids: func(ctx context.Context, api hcnetv1.CityServiceClient) []string {
				res, _ := api.ListSuccesses(ctx, &hcnetv1.ListSuccessesRequest{})
				return idsOf(res.GetSuccesses())
			},
		},
		{
			title: "endorsement", list: "/endorsements",
			bad: []chromedp.Action[chromedp.Void]{
				chromedp.SetValue(chromedp.ID("success_country"), "dk"),
				chromedp.SetValue(chromedp.ID("success_city"), "copenhagen"),
				chromedp.SendKeys(chromedp.ID("statement"), "Vi stod för hälften av mötesplatserna."),
			}, badField: "success_id",
			fill: []chromedp.Action[chromedp.Void]{
				chromedp.SetValue(chromedp.ID("success_country"), "dk"),
				chromedp.SetValue(chromedp.ID("success_city"), "copenhagen"),
				chromedp.SendKeys(chromedp.ID("success_id"), successID),
				chromedp.SendKeys(chromedp.ID("statement"), "Vi stod för hälften av mötesplatserna."),
			},
			listed: successID,
			edit:   []chromedp.Action[chromedp.Void]{chromedp.SetValue(chromedp.ID("statement"), "Lund stod för en tredjedel av mötesplatserna.")},
			edited: "Lund stod för en tredjedel av mötesplatserna.", gone: successID,
			ids: func(ctx context.Context, api hcnetv1.CityServiceClient) []string {
				res, _ := api.ListEndorsements(ctx, &hcnetv1.ListEndorsementsRequest{})
				return idsOf(res.GetEndorsements())
			},
		},
	}
	for _, c := range cases {
		t.Run(c.title, func(t *testing.T) {
			// A step that waits in vain fails this kind, not the rest.
			top := ctx
			ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			defer func() {
				if t.Failed() {
					Screenshot(t, top, c.title+"-failed")
				}
			}()
			// A problem shows next to its field, tied to its input, and
			// saves nothing.
			if err := chromedp.Do(ctx, sendForm(srv.URL+c.list+"/new", chromedp.WaitVisible(chromedp.ID(c.badField)), c.bad, chromedp.WaitVisible(chromedp.ID(c.badField+"-error")))...); err != nil {
				t.Fatalf("a form with a problem in %s: %v", c.badField, err)
			}
			if msg := text(t, ctx, "#"+c.badField+"-error"); msg == "" {
				t.Fatalf("no words next to %s", c.badField)
			}
			tied, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
				const in_ = document.getElementById('`+c.badField+`');
				return in_.getAttribute('aria-invalid') === 'true' &&
					in_.getAttribute('aria-describedby').split(' ').includes('`+c.badField+`-error');
			})()`))
			if err != nil || !tied {
				t.Fatalf("the problem is not tied to %s (%v)", c.badField, err)
			}
			if ids := c.ids(bg, api); len(ids) != 0 {
				t.Fatalf("a form with a problem saved %v", ids)
			}
			Screenshot(t, ctx, c.title+"-form-error")

			// Added, then listed.
			if err := chromedp.Do(ctx, sendForm(srv.URL+c.list+"/new", chromedp.WaitVisible(chromedp.CSS(`form.stack`)), c.fill, chromedp.WaitVisible(chromedp.CSS(`p.notice`)))...); err != nil {
				t.Fatalf("add: %v", err)
			}
			ids := c.ids(bg, api)
			if len(ids) != 1 {
				t.Fatalf("after adding, the node holds %v", ids)
			}
			page := c.list + "/" + ids[0]
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+c.list), chromedp.WaitVisible(chromedp.CSS(`main h1`))); err != nil {
				t.Fatal(err)
			}
			if got := text(t, ctx, "main"); !strings.Contains(got, c.listed) {
				t.Fatalf("the list lacks %q:\n%s", c.listed, got)
			}

			// Edited, then shown on its page.
			if err := chromedp.Do(ctx, sendForm(srv.URL+page+"/edit", chromedp.WaitVisible(chromedp.CSS(`form.stack`)), c.edit, chromedp.WaitVisible(chromedp.CSS(`p.notice`)))...); err != nil {
				t.Fatalf("edit: %v", err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+page), chromedp.WaitVisible(chromedp.CSS(`main h1`))); err != nil {
				t.Fatal(err)
			}
			if got := text(t, ctx, "main"); !strings.Contains(got, c.edited) {
				t.Fatalf("the page after the edit lacks %q:\n%s", c.edited, got)
			}

			// Deleted after the confirmation, then gone from the list.
			if err := chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`a[href="`+page+`/delete"]`)),
				chromedp.WaitVisible(chromedp.CSS(`form[action="`+page+`/delete"] button[type=submit]`)),
			); err != nil {
				t.Fatalf("open the confirmation: %v", err)
			}
			if ids := c.ids(bg, api); len(ids) != 1 {
				t.Fatalf("the confirmation page deleted it: %v", ids)
			}
			if err := chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`form[action="`+page+`/delete"] button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
				chromedp.Navigate(srv.URL+c.list),
				chromedp.WaitVisible(chromedp.CSS(`main h1`)),
			); err != nil {
				t.Fatalf("delete: %v", err)
			}
			if got := text(t, ctx, "main"); strings.Contains(got, c.gone) {
				t.Fatalf("the list after the delete still has %q:\n%s", c.gone, got)
			}
			if ids := c.ids(bg, api); len(ids) != 0 {
				t.Fatalf("after the delete the node holds %v", ids)
			}
		})
	}

	t.Run("city profile", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		form := srv.URL + "/city/edit"
		if err := chromedp.Do(ctx, sendForm(form, chromedp.WaitVisible(chromedp.ID("population")), []chromedp.Action[chromedp.Void]{
			chromedp.SetValue(chromedp.ID("population"), "many"),
		}, chromedp.WaitVisible(chromedp.ID("population-error")))...); err != nil {
			t.Fatalf("a profile with a problem: %v", err)
		}
		if msg := text(t, ctx, "#population-error"); msg == "" {
			t.Fatal("no words next to the population")
		}
		before, err := api.GetCity(bg, &hcnetv1.GetCityRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, sendForm(form, chromedp.WaitVisible(chromedp.ID("population")), []chromedp.Action[chromedp.Void]{
			chromedp.SetValue(chromedp.ID("population"), "125941"),
			chromedp.SetValue(chromedp.ID("description"), "Universitetsstad i Skåne."),
		}, chromedp.WaitVisible(chromedp.CSS(`dl.record`)))...); err != nil {
			t.Fatalf("edit the profile: %v", err)
		}
		shown := text(t, ctx, "main")
		for _, want := range []string{"125941", "Universitetsstad i Skåne."} {
			if !strings.Contains(shown, want) {
				t.Fatalf("the profile lacks %q:\n%s", want, shown)
			}
		}
		after, err := api.GetCity(bg, &hcnetv1.GetCityRequest{})
		if err != nil || after.GetCity().GetPopulation() != 125941 || after.GetCity().GetVersion() != before.GetCity().GetVersion()+1 {
			t.Fatalf("stored profile: %v, %v (before the edit: version %d)", after, err, before.GetCity().GetVersion())
		}
	})
}
