package web

import (
	"net/http"
	"net/url"
	"testing"
)

// An officer reading a goal on the plan's page adds the indicator that
// measures it from there, and the form opens with the plan and the goal
// already chosen, so the indicator cannot end up under the wrong plan.
func TestPlanGoalOpensAnIndicatorFormForIt(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	p := s.plan(t)
	g := p.GetGoals()[0]
	base := "/plans/" + p.GetId()

	_, page := s.get(t, base)
	link := "/indicators/new?plan=" + p.GetId() + "&amp;goal=" + g.GetId()
	mustContain(t, page, `href="`+link+`"`, `href="/indicators/new?plan=`+p.GetId()+`"`,
		"Add an indicator<span class=\"visually-hidden\"> for the goal "+g.GetTitle()+"</span>")

	_, form := s.get(t, "/indicators/new?plan="+p.GetId()+"&goal="+g.GetId())
	mustContain(t, form, `<option value="`+p.GetId()+`" selected>`, `<option value="`+p.GetId()+"/"+g.GetId()+`" selected>`)

	code, body, loc := s.post(t, "/indicators/new", url.Values{
		"csrf": {token}, "plan_id": {p.GetId()}, "goal_id": {p.GetId() + "/" + g.GetId()}, "name": {"Older people who feel lonely"},
		"unit": {"%"}, "baseline": {"30"}, "target": {"20"}, "visibility": {"network"},
	})
	if code != http.StatusSeeOther {
		t.Fatalf("save: %d to %q\n%s", code, loc, body)
	}
	_, page = s.get(t, base)
	mustContain(t, page, "Measurements of Older people who feel lonely")
}

// The same goal links to a new action under it: the action form opens
// with the goal chosen, and the action saved from it serves that goal.
func TestPlanGoalOpensAnActionFormForIt(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	p := s.plan(t)
	g := p.GetGoals()[1]
	base := "/plans/" + p.GetId()

	_, page := s.get(t, base)
	mustContain(t, page, `href="`+base+`/actions/new?goal=`+g.GetId()+`"`)
	_, form := s.get(t, base+"/actions/new?goal="+g.GetId())
	mustContain(t, form, `<option value="`+g.GetId()+`" selected>`)
	code, body, _ := s.post(t, base+"/actions/new", url.Values{
		"csrf": {token}, "version": {version(t, form)}, "title": {"Walking groups in every district"}, "goal_id": {g.GetId()}, "status": {"planned"},
	})
	if code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", code, body)
	}
	got := s.storedPlan(t, p.GetId()).GetActions()
	if a := got[len(got)-1]; a.GetTitle() != "Walking groups in every district" || a.GetGoalId() != g.GetId() {
		t.Fatalf("saved action: %v", a)
	}
}
