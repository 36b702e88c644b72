package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestPlanAddListEditShowDelete: a plan added through the form is stored
// with every field, listed, edited, shown with its new values and
// deleted after a confirmation.
func TestPlanAddListEditShowDelete(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	pid := s.partner(t, "Region Skåne")
	ps, err := s.api.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Healthy schools", pid)})
	if err != nil {
		t.Fatal(err)
	}
	partnership := ps.GetPartnership().GetId()

	code, page := s.get(t, "/plans")
	if code != http.StatusOK {
		t.Fatalf("no plans: %d", code)
	}
	mustContain(t, page, "No health plans yet.", `href="/plans/new"`)
	code, page = s.get(t, "/plans/new")
	if code != http.StatusOK {
		t.Fatalf("new plan form: %d", code)
	}
	mustContain(t, page, `<label for="title">Title</label>`, `<option value="draft" selected>draft</option>`, `value="`+partnership+`"`,
		"<strong>private</strong>: stays on this node", "Partnerships the plan names go with it only where they may travel themselves.")

	code, body, loc := s.post(t, "/plans/new", url.Values{
		"csrf": {token}, "title": {"Malmö <health> plan"}, "description": {"For a socially sustainable Malmö."},
		"status": {"adopted"}, "period_start_year": {"2024"}, "period_end_year": {"2030"},
		"adoption_body": {"city council"}, "adoption_date": {"2024-02-15"}, "adoption_reference": {"KS-2023-1234"},
		"visibility": {"public"}, "partnership_ids": {partnership},
		"phc_linked": {"yes"}, "phc_services": {"health centres\nschool health service"}, "phc_engagement": {"District dialogues."},
	})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/plans/") {
		t.Fatalf("save: %d to %q\n%s", code, loc, body)
	}
	list, err := s.api.ListHealthPlans(ctx, &hcnetv1.ListHealthPlansRequest{})
	if err != nil || len(list.GetHealthPlans()) != 1 {
		t.Fatalf("stored plans: %v, %v", list, err)
	}
	p := list.GetHealthPlans()[0]
	if loc != "/plans/"+p.GetId() || p.GetTitle() != "Malmö <health> plan" || p.GetStatus() != hcnetv1.PlanStatus_PLAN_STATUS_ADOPTED ||
		p.GetPeriodStartYear() != 2024 || p.GetPeriodEndYear() != 2030 || p.GetAdoption().GetReference() != "KS-2023-1234" ||
		p.GetVisibility() != hcnetv1.Visibility_VISIBILITY_PUBLIC || len(p.GetPartnershipIds()) != 1 || p.GetPartnershipIds()[0] != partnership ||
		!p.GetPrimaryHealthCare().GetLinked() || len(p.GetPrimaryHealthCare().GetServices()) != 2 || p.GetPrimaryHealthCare().GetEngagement() != "District dialogues." {
		t.Fatalf("stored plan differs from the form (went to %q): %v", loc, p)
	}
	_, page = s.get(t, loc)
	mustContain(t, page, "Health plan “Malmö &lt;health&gt; plan” saved. Add its goals and actions below.", "<h1>Malmö &lt;health&gt; plan</h1>",
		"<dd>Healthy schools</dd>", "<dd>health centres; school health service</dd>", "<dd>KS-2023-1234</dd>",
		"As a public plan it goes to the city&#39;s hub", "The plan has no goals yet.", "The plan has no actions yet.",
		`href="/plans/`+p.GetId()+`/edit"`, `href="/plans/`+p.GetId()+`/delete"`, `href="/plans/`+p.GetId()+`/goals/new"`, `href="/plans/`+p.GetId()+`/actions/new"`)
	if strings.Contains(page, "<health>") {
		t.Fatal("the plan's page shows the title unescaped")
	}

	// A second plan, so the list shows both rather than leading to the only one.
	if _, err := s.api.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Lund plan")}); err != nil {
		t.Fatal(err)
	}
	_, page = s.get(t, "/plans")
	mustContain(t, page, `<a href="/plans/`+p.GetId()+`">Malmö &lt;health&gt; plan</a>`, "<td>2024–2030</td>", "<td>adopted</td>", "<td>public</td>", "Lund plan")

	_, page = s.get(t, "/plans/"+p.GetId()+"/edit")
	mustContain(t, page, `value="Malmö &lt;health&gt; plan"`, `<option value="public" selected>`, `value="yes" checked`, `value="`+partnership+`" checked`)
	code, body, loc = s.post(t, "/plans/"+p.GetId()+"/edit", url.Values{
		"csrf": {token}, "version": {version(t, page)}, "title": {"Malmö health plan"}, "status": {"in_review"},
		"period_start_year": {"2024"}, "period_end_year": {"2032"}, "visibility": {"private"},
	})
	if code != http.StatusSeeOther || loc != "/plans/"+p.GetId() {
		t.Fatalf("edit: %d to %q\n%s", code, loc, body)
	}
	_, page = s.get(t, loc)
	mustContain(t, page, "<h1>Malmö health plan</h1>", "2024–2032 · in review", "<dd>private</dd>", "As a private plan it stays on this node")
	got, err := s.api.GetHealthPlan(ctx, &hcnetv1.GetHealthPlanRequest{Id: p.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	if g := got.GetHealthPlan(); g.GetAdoption() != nil || g.GetPrimaryHealthCare() != nil || len(g.GetPartnershipIds()) != 0 || g.GetVersion() != 2 {
		t.Fatalf("the edit did not replace every field: %v", g)
	}

	code, page = s.get(t, "/plans/"+p.GetId()+"/delete")
	if code != http.StatusOK {
		t.Fatalf("confirmation: %d", code)
	}
	mustContain(t, page, "Delete health plan “Malmö health plan”", "It is private and never left this node.", "Delete the health plan")
	code, body, loc = s.post(t, "/plans/"+p.GetId()+"/delete", url.Values{"csrf": {token}, "version": {version(t, page)}})
	if code != http.StatusSeeOther || loc != "/plans" {
		t.Fatalf("delete: %d to %q\n%s", code, loc, body)
	}
	if _, err := s.api.GetHealthPlan(ctx, &hcnetv1.GetHealthPlanRequest{Id: p.GetId()}); status.Code(err) != codes.NotFound {
		t.Fatalf("after delete: %v, want NotFound", err)
	}
	if code, _ := s.get(t, "/plans/"+p.GetId()); code != http.StatusNotFound {
		t.Fatalf("deleted plan's page: %d, want 404", code)
	}
}

// plan stores the fixture plan (goals g1, g2; action a1) through the API.
func (s *site) plan(t *testing.T) *hcnetv1.HealthPlan {
	t.Helper()
	res, err := s.api.CreateHealthPlan(context.Background(), &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Malmö health plan 2024–2030")})
	if err != nil {
		t.Fatal(err)
	}
	return res.GetHealthPlan()
}

func (s *site) storedPlan(t *testing.T, id string) *hcnetv1.HealthPlan {
	t.Helper()
	res, err := s.api.GetHealthPlan(context.Background(), &hcnetv1.GetHealthPlanRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	return res.GetHealthPlan()
}

// TestPlanGoalsAndActions: goals and actions are added, edited and
// removed one form at a time; ids stay as they were through an edit;
// an action's status changes from the plan's page, whose progress counts
// done, on time and delayed actions.
func TestPlanGoalsAndActions(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	p := s.plan(t)
	base := "/plans/" + p.GetId()

	// A goal added gets the next free id; the others keep theirs.
	_, page := s.get(t, base+"/goals/new")
	code, body, loc := s.post(t, base+"/goals/new", url.Values{
		"csrf": {token}, "version": {version(t, page)}, "title": {"Cleaner air <near schools>"},
		"description": {"Less traffic at school gates."}, "sdg_goals": {"3, 11"}, "sdg_targets": {"11.6"},
	})
	if code != http.StatusSeeOther || loc != base+"#goals" {
		t.Fatalf("add goal: %d to %q\n%s", code, loc, body)
	}
	got := s.storedPlan(t, p.GetId())
	if len(got.GetGoals()) != 3 || got.GetGoals()[0].GetId() != "g1" || got.GetGoals()[1].GetId() != "g2" {
		t.Fatalf("goals after an add: %v", got.GetGoals())
	}
	g3 := got.GetGoals()[2]
	if g3.GetId() != "g3" || g3.GetTitle() != "Cleaner air <near schools>" || g3.GetSdg().GetTargets()[0] != "11.6" || len(g3.GetSdg().GetGoals()) != 2 {
		t.Fatalf("added goal: %v", g3)
	}
	_, page = s.get(t, base)
	mustContain(t, page, "Goal “Cleaner air &lt;near schools&gt;” saved.", "Goal: Cleaner air &lt;near schools&gt;", `<span class="tag">11.6</span>`,
		`href="`+base+`/goals/g3/edit"`)

	// Editing the first goal keeps its id, so the indicators measuring it
	// still do.
	_, page = s.get(t, base+"/goals/g1/edit")
	mustContain(t, page, `value="Fewer older people feel lonely"`, `value="3"`)
	code, body, _ = s.post(t, base+"/goals/g1/edit", url.Values{"csrf": {token}, "version": {version(t, page)}, "title": {"Fewer lonely older people"}, "sdg_goals": {"3"}})
	if code != http.StatusSeeOther {
		t.Fatalf("edit goal: %d\n%s", code, body)
	}
	got = s.storedPlan(t, p.GetId())
	if g := got.GetGoals()[0]; g.GetId() != "g1" || g.GetTitle() != "Fewer lonely older people" || len(got.GetGoals()) != 3 {
		t.Fatalf("goals after an edit: %v", got.GetGoals())
	}

	// An action added with its goal, due date and status.
	_, page = s.get(t, base+"/actions/new")
	mustContain(t, page, "<h1>Add an action</h1>", `<option value="">Not tied to a goal</option>`, `<option value="g3">Cleaner air &lt;near schools&gt;</option>`, `<option value="planned" selected>planned</option>`)
	code, body, loc = s.post(t, base+"/actions/new", url.Values{
		"csrf": {token}, "version": {version(t, page)}, "title": {"School streets in three districts"}, "goal_id": {"g3"},
		"due_date": {"2099-08-15"}, "status": {"planned"},
	})
	if code != http.StatusSeeOther || loc != base+"#actions" {
		t.Fatalf("add action: %d to %q\n%s", code, loc, body)
	}
	got = s.storedPlan(t, p.GetId())
	if len(got.GetActions()) != 2 || got.GetActions()[0].GetId() != "a1" {
		t.Fatalf("actions after an add: %v", got.GetActions())
	}
	a2 := got.GetActions()[1]
	if a2.GetId() != "a2" || a2.GetGoalId() != "g3" || a2.GetDueDate() != "2099-08-15" || a2.GetStatus() != hcnetv1.ActionStatus_ACTION_STATUS_PLANNED {
		t.Fatalf("added action: %v", a2)
	}
	// a1 is in progress but due 2025-06-30: late. a2 is due in 2099.
	_, page = s.get(t, base)
	mustContain(t, page, "Action “School streets in three districts” saved.", "<strong>0 of 2 actions done</strong>",
		`<span class="status amber">1 on time</span>`, `<span class="status red">1 delayed</span>`,
		`action="`+base+`/actions/a2/status"`, `<label for="status-a2">Status<span class="visually-hidden"> of School streets in three districts</span></label>`,
		`<h3 id="action-a2">Step 2: School streets in three districts</h3>`)

	// The status changes from the plan's page.
	code, body, _ = s.post(t, base+"/actions/a1/status", url.Values{"csrf": {token}, "version": {version(t, page)}, "status": {"done"}})
	if code != http.StatusSeeOther {
		t.Fatalf("status: %d\n%s", code, body)
	}
	_, page = s.get(t, base)
	mustContain(t, page, "Action “Open meeting places in every district” is now done.")
	got = s.storedPlan(t, p.GetId())
	if a := got.GetActions()[0]; a.GetStatus() != hcnetv1.ActionStatus_ACTION_STATUS_DONE || a.GetTitle() != "Open meeting places in every district" || a.GetGoalId() != "g1" {
		t.Fatalf("action after a status change: %v", a)
	}
	mustContain(t, page, "<strong>1 of 2 actions done</strong>", `<span class="status red">0 delayed</span>`, `<span class="status green">done</span>`)

	// Editing an action keeps its id; its goal may be taken away.
	_, page = s.get(t, base+"/actions/a2/edit")
	mustContain(t, page, `value="School streets in three districts"`, `<option value="g3" selected>`, `value="2099-08-15"`)
	code, body, _ = s.post(t, base+"/actions/a2/edit", url.Values{
		"csrf": {token}, "version": {version(t, page)}, "title": {"School streets in five districts"}, "goal_id": {""},
		"due_date": {"2099-09-01"}, "status": {"delayed"},
	})
	if code != http.StatusSeeOther {
		t.Fatalf("edit action: %d\n%s", code, body)
	}
	got = s.storedPlan(t, p.GetId())
	if a := got.GetActions()[1]; a.GetId() != "a2" || a.GetTitle() != "School streets in five districts" || a.GetGoalId() != "" ||
		a.GetStatus() != hcnetv1.ActionStatus_ACTION_STATUS_DELAYED {
		t.Fatalf("action after an edit: %v", a)
	}

	// Removing: the action, then the goal nothing points at any more.
	code, page = s.get(t, base+"/actions/a2/delete")
	if code != http.StatusOK {
		t.Fatalf("action confirmation: %d", code)
	}
	mustContain(t, page, "Remove the action “School streets in five districts”", `action="`+base+`/actions/a2/delete"`)
	if code, body, _ := s.post(t, base+"/actions/a2/delete", url.Values{"csrf": {token}, "version": {version(t, page)}}); code != http.StatusSeeOther {
		t.Fatalf("remove action: %d\n%s", code, body)
	}
	_, page = s.get(t, base+"/goals/g3/delete")
	if code, body, _ := s.post(t, base+"/goals/g3/delete", url.Values{"csrf": {token}, "version": {version(t, page)}}); code != http.StatusSeeOther {
		t.Fatalf("remove goal: %d\n%s", code, body)
	}
	got = s.storedPlan(t, p.GetId())
	if len(got.GetActions()) != 1 || got.GetActions()[0].GetId() != "a1" || len(got.GetGoals()) != 2 || got.GetGoals()[1].GetId() != "g2" {
		t.Fatalf("after removing: goals %v, actions %v", got.GetGoals(), got.GetActions())
	}
	_, page = s.get(t, base)
	mustContain(t, page, "The goal “Cleaner air &lt;near schools&gt;” was removed from the plan.")
	if code, _ := s.get(t, base+"/goals/g3/edit"); code != http.StatusNotFound {
		t.Fatalf("a removed goal's form: %d, want 404", code)
	}
}

// TestPlanFormsErrorsNextToFields: the plan's, a goal's and an action's
// forms show each problem next to its field and save nothing; a goal
// form opened before someone else's change is refused.
func TestPlanFormsErrorsNextToFields(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()

	code, page, _ := s.post(t, "/plans/new", url.Values{
		"csrf": {token}, "title": {"Kept <b>as typed</b>"}, "status": {"adopted"}, "visibility": {"network"},
		"period_start_year": {"2030"}, "period_end_year": {"twenty"},
	})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad plan: %d, want 422\n%s", code, page)
	}
	if msg := fieldError(page, "period_end_year"); !strings.Contains(msg, "must be a year") {
		t.Fatalf("next to the last year: %q", msg)
	}
	mustContain(t, page, `value="Kept &lt;b&gt;as typed&lt;/b&gt;"`, `value="twenty"`)
	// With the years numbers, the node's words: an adopted plan needs its
	// decision's date, and the period may not end before it starts.
	code, page, _ = s.post(t, "/plans/new", url.Values{
		"csrf": {token}, "title": {"A plan"}, "status": {"adopted"}, "visibility": {"network"},
		"period_start_year": {"2030"}, "period_end_year": {"2024"},
	})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad plan: %d, want 422\n%s", code, page)
	}
	if fieldError(page, "adoption_date") == "" || fieldError(page, "period_end_year") == "" {
		t.Fatalf("no errors next to the decision's date and the last year:\n%s", page)
	}
	if list, _ := s.api.ListHealthPlans(ctx, &hcnetv1.ListHealthPlansRequest{}); len(list.GetHealthPlans()) != 0 {
		t.Fatalf("a refused plan form saved: %v", list.GetHealthPlans())
	}

	p := s.plan(t)
	base := "/plans/" + p.GetId()
	_, page = s.get(t, base+"/goals/new")
	opened := version(t, page)
	code, page, _ = s.post(t, base+"/goals/new", url.Values{"csrf": {token}, "version": {opened}, "title": {""}, "sdg_goals": {"3"}, "sdg_targets": {"99.99"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad goal: %d, want 422\n%s", code, page)
	}
	if fieldError(page, "title") == "" || fieldError(page, "sdg_targets") == "" {
		t.Fatalf("no errors next to the goal's title and SDG targets:\n%s", page)
	}
	mustContain(t, page, `value="99.99"`, `name="version" value="`+opened+`"`)
	_, page = s.get(t, base+"/actions/a1/edit")
	code, page, _ = s.post(t, base+"/actions/a1/edit", url.Values{"csrf": {token}, "version": {version(t, page)}, "title": {"Open meeting places"}, "due_date": {"30 June"}, "status": {"done"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad action: %d, want 422\n%s", code, page)
	}
	if fieldError(page, "due_date") == "" {
		t.Fatalf("no error next to the due date:\n%s", page)
	}
	if got := s.storedPlan(t, p.GetId()); got.GetVersion() != p.GetVersion() || len(got.GetGoals()) != 2 || got.GetActions()[0].GetTitle() != "Open meeting places in every district" {
		t.Fatalf("a refused goal or action form saved: %v", got)
	}

	// Someone changes the plan after the goal form was opened.
	_, page = s.get(t, base+"/goals/g2/edit")
	opened = version(t, page)
	_, stale := s.get(t, base)
	if code, body, _ := s.post(t, base+"/actions/a1/status", url.Values{"csrf": {token}, "version": {version(t, stale)}, "status": {"done"}}); code != http.StatusSeeOther {
		t.Fatalf("status: %d\n%s", code, body)
	}
	code, page, _ = s.post(t, base+"/goals/g2/edit", url.Values{"csrf": {token}, "version": {opened}, "title": {"Overwritten"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("stale goal form: %d, want 422\n%s", code, page)
	}
	mustContain(t, page, "Someone changed this record while you were editing it.")
	// The page's status form, now stale too, shows the action's form with the problem.
	code, page, _ = s.post(t, base+"/actions/a1/status", url.Values{"csrf": {token}, "version": {version(t, stale)}, "status": {"cancelled"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("stale status form: %d, want 422\n%s", code, page)
	}
	mustContain(t, page, "Someone changed this record", `<option value="cancelled" selected>`, `action="`+base+`/actions/a1/edit"`)
	got := s.storedPlan(t, p.GetId())
	if got.GetGoals()[1].GetTitle() == "Overwritten" || got.GetActions()[0].GetStatus() != hcnetv1.ActionStatus_ACTION_STATUS_DONE {
		t.Fatalf("a stale form overwrote the plan: %v", got)
	}
}

// TestPlanAndGoalNamedByIndicators: while an indicator measures the plan
// and its goal, neither is deleted; both pages list the indicator (and
// the action serving the goal) instead of a delete button, and a POST
// anyway is refused with nothing changed.
func TestPlanAndGoalNamedByIndicators(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ind := s.indicator(t)
	list, err := s.api.ListHealthPlans(context.Background(), &hcnetv1.ListHealthPlansRequest{})
	if err != nil {
		t.Fatal(err)
	}
	p := list.GetHealthPlans()[0]
	base := "/plans/" + p.GetId()

	_, page := s.get(t, base+"/delete")
	mustContain(t, page, "cannot be deleted while these records name it", `<a href="/indicators/`+ind+`">Indicator “Daily smokers”</a>`)
	if strings.Contains(page, "Delete the health plan") {
		t.Fatal("the confirmation offers to delete a plan an indicator measures")
	}
	code, page, _ := s.post(t, base+"/delete", url.Values{"csrf": {token}, "version": {itoa64(p.GetVersion())}})
	if code != http.StatusConflict {
		t.Fatalf("delete a measured plan: %d, want 409\n%s", code, page)
	}
	mustContain(t, page, "Nothing was deleted", "Indicator “Daily smokers”")

	_, page = s.get(t, base+"/goals/g1/delete")
	mustContain(t, page, `<a href="/indicators/`+ind+`">Indicator “Daily smokers”</a>`,
		`<a href="`+base+`/actions/a1/edit">Action “Open meeting places in every district”</a>`)
	if strings.Contains(page, "Delete the goal") {
		t.Fatal("the confirmation offers to remove a measured goal")
	}
	code, page, _ = s.post(t, base+"/goals/g1/delete", url.Values{"csrf": {token}, "version": {itoa64(p.GetVersion())}})
	if code != http.StatusConflict {
		t.Fatalf("remove a measured goal: %d, want 409\n%s", code, page)
	}
	mustContain(t, page, "Nothing was removed", "Indicator “Daily smokers”")
	if got := s.storedPlan(t, p.GetId()); len(got.GetGoals()) != 2 || got.GetVersion() != p.GetVersion() {
		t.Fatalf("a refused removal changed the plan: %v", got)
	}
}

// TestViewerCannotChangePlans: a viewer's plan page offers no control,
// every plan form is refused, and every POST is refused with 403 and
// nothing changed.
func TestViewerCannotChangePlans(t *testing.T) {
	s := startAccountSite(t)
	p := s.plan(t)
	token := s.signInAs(t, "vi")
	base := "/plans/" + p.GetId()
	code, page := s.get(t, base)
	if code != http.StatusOK {
		t.Fatalf("viewer's plan: %d", code)
	}
	if f := postForms(page); len(f) > 0 || editRe.MatchString(page) {
		t.Fatalf("a viewer's plan page offers changes: %q", f)
	}
	mustContain(t, page, "<dt>Status</dt><dd>in progress</dd>", `<span class="status red">delayed</span>`)
	for _, path := range []string{"/plans/new", base + "/edit", base + "/delete", base + "/goals/new", base + "/goals/g1/edit",
		base + "/goals/g1/delete", base + "/actions/new", base + "/actions/a1/edit", base + "/actions/a1/delete"} {
		if code, _ := s.get(t, path); code != http.StatusForbidden {
			t.Errorf("viewer GET %s: %d, want 403", path, code)
		}
		code, body, _ := s.post(t, path, url.Values{"csrf": {token}, "version": {itoa64(p.GetVersion())}, "title": {"Mallory"}, "status": {"done"}, "visibility": {"public"}})
		if code != http.StatusForbidden || !strings.Contains(body, "role viewer") {
			t.Errorf("viewer POST %s: %d, want 403", path, code)
		}
	}
	if code, _, _ := s.post(t, base+"/actions/a1/status", url.Values{"csrf": {token}, "version": {itoa64(p.GetVersion())}, "status": {"done"}}); code != http.StatusForbidden {
		t.Errorf("viewer POST status: %d, want 403", code)
	}
	if got := s.storedPlan(t, p.GetId()); got.GetVersion() != p.GetVersion() {
		t.Fatalf("a viewer's POST changed the plan: %v", got)
	}
	if list, _ := s.api.ListHealthPlans(context.Background(), &hcnetv1.ListHealthPlansRequest{}); len(list.GetHealthPlans()) != 1 {
		t.Fatal("a viewer's POST added a plan")
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
