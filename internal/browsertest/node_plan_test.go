package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// text is an element's visible text with its spaces folded.
func text(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		t.Fatalf("text of %s: %v", css, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

// TestNodePlanAndCityProfile: an officer adds a health plan through its
// form (after an error shown next to its field), adds a goal and two
// actions, marks one done from the plan's page and sees the progress,
// edits and deletes the plan, and edits the city profile; with
// screenshots of each page at desktop and phone width.
func TestNodePlanAndCityProfile(t *testing.T) {
	n := nodetest.Start(t)
	api := n.Client(t)
	bg := context.Background()
	srv := nodeSite(t, n)
	ctx := New(t, 3*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)

	// No plan yet: the list offers to add one; a plan without title comes
	// back with the problem next to the title and nothing saved.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/plans"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a.button[href="/plans/new"]`)),
		chromedp.Click(chromedp.CSS(`a.button[href="/plans/new"]`)),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SendKeys(chromedp.ID("description"), "For a socially sustainable Malmö."),
		chromedp.SendKeys(chromedp.ID("period_start_year"), "2024"),
		chromedp.SendKeys(chromedp.ID("period_end_year"), "2030"),
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("title-error")),
	); err != nil {
		t.Fatalf("submit a plan without title: %v", err)
	}
	if msg := text(t, ctx, "#title-error"); !strings.HasSuffix(msg, "is required") {
		t.Fatalf("next to the title: %q", msg)
	}
	if list, _ := api.ListHealthPlans(bg, &hcnetv1.ListHealthPlansRequest{}); len(list.GetHealthPlans()) != 0 {
		t.Fatal("a plan without title was saved")
	}
	Screenshot(t, ctx, "02-plan-form-error")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("title"), "Malmö health plan 2024–2030"),
		chromedp.SetValue(chromedp.ID("status"), "adopted"),
		chromedp.SendKeys(chromedp.ID("adoption_body"), "city council"),
		chromedp.SetValue(chromedp.ID("adoption_date"), "2024-02-15"),
		chromedp.SetValue(chromedp.ID("visibility"), "public"),
	); err != nil {
		t.Fatalf("fill the plan: %v", err)
	}
	Screenshot(t, ctx, "03-plan-form")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	); err != nil {
		t.Fatalf("save the plan: %v", err)
	}
	list, err := api.ListHealthPlans(bg, &hcnetv1.ListHealthPlansRequest{})
	if err != nil || len(list.GetHealthPlans()) != 1 {
		t.Fatalf("stored plans: %v, %v", list, err)
	}
	id := list.GetHealthPlans()[0].GetId()
	base := "/plans/" + id

	// A goal, then two actions serving it: one due long ago, one far ahead.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="`+base+`/goals/new"]`)),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SendKeys(chromedp.ID("title"), "Fewer older people feel lonely"),
		chromedp.SendKeys(chromedp.ID("sdg_goals"), "3, 10"),
	); err != nil {
		t.Fatalf("fill the goal: %v", err)
	}
	Screenshot(t, ctx, "03b-goal-form")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="`+base+`/goals/g1/edit"]`)),
	); err != nil {
		t.Fatalf("add a goal: %v", err)
	}
	for _, a := range []struct{ id, title, due string }{
		{"a1", "Open meeting places in every district", "2020-06-30"},
		{"a2", "Train volunteers as walk leaders", "2099-03-01"},
	} {
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`a[href="`+base+`/actions/new"]`)),
			chromedp.WaitVisible(chromedp.ID("title")),
			chromedp.SendKeys(chromedp.ID("title"), a.title),
			chromedp.SetValue(chromedp.ID("goal_id"), "g1"),
			chromedp.SetValue(chromedp.ID("due_date"), a.due),
			chromedp.SetValue(chromedp.ID("status"), "in_progress"),
		); err != nil {
			t.Fatalf("fill the action %q: %v", a.title, err)
		}
		if a.due == "2099-03-01" {
			Screenshot(t, ctx, "04-action-form")
		}
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`a[href="`+base+`/actions/`+a.id+`/edit"]`)),
		); err != nil {
			t.Fatalf("save the action %q: %v", a.title, err)
		}
	}
	if got := text(t, ctx, "#progress"); got != "0 of 2 actions done · 1 on time · 1 delayed" {
		t.Fatalf("progress: %q", got)
	}
	// The late one is done after all: its status changes on the plan's page.
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("status-a1"), "done"),
		chromedp.Click(chromedp.CSS(`form[action="`+base+`/actions/a1/status"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`span.status.green`)),
	); err != nil {
		t.Fatalf("mark the action done: %v", err)
	}
	if got := text(t, ctx, "#progress"); got != "1 of 2 actions done · 1 on time · 0 delayed" {
		t.Fatalf("progress after marking done: %q", got)
	}
	p, err := api.GetHealthPlan(bg, &hcnetv1.GetHealthPlanRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	if a := p.GetHealthPlan().GetActions(); len(a) != 2 || a[0].GetStatus() != hcnetv1.ActionStatus_ACTION_STATUS_DONE || a[1].GetGoalId() != "g1" || a[1].GetDueDate() != "2099-03-01" {
		t.Fatalf("stored actions: %v", a)
	}
	Screenshot(t, ctx, "05-plan")

	// Edit the plan: its title shows at once.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="`+base+`/edit"]`)),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.Clear(chromedp.ID("title")),
		chromedp.SendKeys(chromedp.ID("title"), "Malmö health plan 2024–2032"),
		chromedp.Clear(chromedp.ID("period_end_year")),
		chromedp.SendKeys(chromedp.ID("period_end_year"), "2032"),
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#progress`)),
	); err != nil {
		t.Fatalf("edit the plan: %v", err)
	}
	if h1 := text(t, ctx, "h1"); h1 != "Malmö health plan 2024–2032" {
		t.Fatalf("the plan's heading after the edit: %q", h1)
	}

	// The city profile: shown, edited, shown again.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/city"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a.button[href="/city/edit"]`)),
		chromedp.Click(chromedp.CSS(`a.button[href="/city/edit"]`)),
		chromedp.WaitVisible(chromedp.ID("population")),
		chromedp.Clear(chromedp.ID("population")),
		chromedp.SendKeys(chromedp.ID("population"), "357 377"),
		chromedp.Clear(chromedp.ID("languages")),
		chromedp.SendKeys(chromedp.ID("languages"), "sv, en, ar"),
		chromedp.Clear(chromedp.ID("member_since")),
		chromedp.SendKeys(chromedp.ID("member_since"), "1988"),
		chromedp.SendKeys(chromedp.ID("coordinator_name"), "Åsa Öberg"),
	); err != nil {
		t.Fatalf("fill the city profile: %v", err)
	}
	Screenshot(t, ctx, "06-city-form")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`dl.record`)),
	); err != nil {
		t.Fatalf("save the city profile: %v", err)
	}
	shown := text(t, ctx, "dl.record")
	for _, want := range []string{"357377", "sv, en, ar", "1988", "Åsa Öberg"} {
		if !strings.Contains(shown, want) {
			t.Fatalf("the profile %q lacks %q", shown, want)
		}
	}
	c, err := api.GetCity(bg, &hcnetv1.GetCityRequest{})
	if err != nil || c.GetCity().GetPopulation() != 357377 || c.GetCity().GetMemberSince() != 1988 {
		t.Fatalf("stored profile: %v, %v", c, err)
	}
	Screenshot(t, ctx, "07-city")

	// A second plan: the list then shows both instead of leading to the
	// only one.
	if _, err := api.CreateHealthPlan(bg, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Malmö plan for older residents")}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/plans"),
		chromedp.WaitVisible(chromedp.CSS(`tbody tr:nth-child(2)`)),
	); err != nil {
		t.Fatalf("the list of plans: %v", err)
	}
	if row := text(t, ctx, `tbody tr a[href="`+base+`"]`); row != "Malmö health plan 2024–2032" {
		t.Fatalf("the list names the plan %q", row)
	}
	Screenshot(t, ctx, "07b-plans")

	// The phone width.
	for _, page := range []struct{ name, path, wait string }{
		{"07c-phone-plans", "/plans", `tbody tr`},
		{"08-phone-plan", base, `#progress`},
		{"09-phone-plan-form", base + "/edit", `#title`},
		{"10-phone-action-form", base + "/actions/a2/edit", `#due_date`},
		{"11-phone-goal-form", base + "/goals/g1/edit", `#sdg_goals`},
		{"12-phone-city", "/city", `dl.record`},
		{"13-phone-city-form", "/city/edit", `#population`},
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
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/plans/new"),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("title-error")),
	); err != nil {
		t.Fatalf("the phone's plan form with errors: %v", err)
	}
	Screenshot(t, ctx, "14-phone-plan-form-error")

	// Delete the plan after the confirmation.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+base),
		chromedp.WaitVisible(chromedp.CSS(`a[href="`+base+`/delete"]`)),
		chromedp.Click(chromedp.CSS(`a[href="`+base+`/delete"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="`+base+`/delete"] button[type=submit]`)),
	); err != nil {
		t.Fatalf("open the confirmation: %v", err)
	}
	Screenshot(t, ctx, "15-phone-plan-delete")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="`+base+`/delete"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
		chromedp.WaitNotPresent(chromedp.CSS(`form[action="`+base+`/delete"]`)),
	); err != nil {
		t.Fatalf("confirm the delete: %v", err)
	}
	if _, err := api.GetHealthPlan(bg, &hcnetv1.GetHealthPlanRequest{Id: id}); status.Code(err) != codes.NotFound {
		t.Fatalf("after the delete: %v, want NotFound", err)
	}
}
