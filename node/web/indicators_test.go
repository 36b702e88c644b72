package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// planTitled stores the fixture plan (goals g1 and g2) under a title and
// returns its id.
func (s *site) planTitled(t *testing.T, title string) string {
	t.Helper()
	res, err := s.api.CreateHealthPlan(context.Background(), &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan(title)})
	if err != nil {
		t.Fatal(err)
	}
	return res.GetHealthPlan().GetId()
}

// TestIndicatorAddListEditShowDelete: an indicator added through the form
// is stored with every field, listed with its plan and goal, edited (its
// measurements kept), shown and deleted after a confirmation.
func TestIndicatorAddListEditShowDelete(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	planID := s.planTitled(t, "Malmö health plan 2024–2030")

	code, page := s.get(t, "/indicators/new")
	if code != http.StatusOK {
		t.Fatalf("new indicator form: %d", code)
	}
	mustContain(t, page, `<option value="`+planID+`">Malmö health plan 2024–2030</option>`,
		`<optgroup label="Malmö health plan 2024–2030"><option value="`+planID+`/g1">Fewer older people feel lonely</option>`,
		`<option value="decrease">decrease</option>`, `<option value="network" selected>network</option>`,
		"<strong>private</strong>: stays on this node")

	code, body, loc := s.post(t, "/indicators/new", url.Values{
		"csrf": {token}, "plan_id": {planID}, "goal_id": {planID + "/g1"}, "name": {"Lonely <75+>"},
		"description": {"Share who often feel lonely."}, "unit": {"%"}, "direction": {"decrease"},
		"baseline": {"18,5"}, "baseline_date": {"2023-12-31"}, "target": {"12"}, "target_date": {"2030-12-31"},
		"sdg_goals": {"3"}, "sdg_targets": {"3.4"}, "visibility": {"public"},
	})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/indicators/") {
		t.Fatalf("save: %d to %q\n%s", code, loc, body)
	}
	id := strings.TrimPrefix(loc, "/indicators/")
	got, err := s.api.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	i := got.GetIndicator()
	if i.GetPlanId() != planID || i.GetGoalId() != "g1" || i.GetName() != "Lonely <75+>" || i.GetUnit() != "%" || i.GetBaseline() != 18.5 ||
		i.GetTarget() != 12 || i.GetDirection() != hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_DECREASE || i.GetBaselineDate() != "2023-12-31" ||
		i.GetTargetDate() != "2030-12-31" || i.GetVisibility() != hcnetv1.Visibility_VISIBILITY_PUBLIC || i.GetSdg().GetTargets()[0] != "3.4" {
		t.Fatalf("stored indicator differs from the form: %v", i)
	}
	if _, err := s.api.RecordMeasurement(ctx, &hcnetv1.RecordMeasurementRequest{IndicatorId: id, Measurement: &hcnetv1.Measurement{Date: "2024-12-31", Value: 17}}); err != nil {
		t.Fatal(err)
	}

	_, page = s.get(t, "/indicators")
	mustContain(t, page, `<a href="/indicators/`+id+`">Lonely &lt;75&#43;&gt;</a>`, "<td>Malmö health plan 2024–2030</td>",
		"<td>Fewer older people feel lonely</td>", "<td>18.5 → 12 %</td>", "<td>17 % (2024-12-31)</td>", "<td>public</td>")
	if strings.Contains(page, "<75+>") {
		t.Fatal("the list shows the name unescaped")
	}

	_, page = s.get(t, "/indicators/"+id+"/edit")
	mustContain(t, page, `value="Lonely &lt;75&#43;&gt;"`, `<option value="`+planID+`/g1" selected>`, `value="18.5"`, `<option value="public" selected>`)
	code, body, loc = s.post(t, "/indicators/"+id+"/edit", url.Values{
		"csrf": {token}, "version": {version(t, page)}, "plan_id": {planID}, "goal_id": {planID + "/g2"}, "name": {"Children walking to school"},
		"unit": {"%"}, "direction": {"increase"}, "baseline": {"40"}, "target": {"60"}, "visibility": {"network"},
	})
	if code != http.StatusSeeOther || loc != "/indicators/"+id {
		t.Fatalf("edit: %d to %q\n%s", code, loc, body)
	}
	_, page = s.get(t, loc)
	mustContain(t, page, "Indicator “Children walking to school” saved.", "<h1>Children walking to school</h1>",
		"<dd>More children walk or cycle to school</dd>", "<dd>network</dd>", "goes to the city&#39;s own hub only",
		`href="/indicators/`+id+`/edit"`, `href="/indicators/`+id+`/delete"`)
	got, err = s.api.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	if i := got.GetIndicator(); i.GetGoalId() != "g2" || i.GetDescription() != "" || i.GetSdg() != nil || i.GetBaselineDate() != "" ||
		len(i.GetMeasurements()) != 1 || i.GetVersion() < 2 {
		t.Fatalf("the edit did not replace every field, or lost the measurements: %v", i)
	}

	code, page = s.get(t, "/indicators/"+id+"/delete")
	if code != http.StatusOK {
		t.Fatalf("confirmation: %d", code)
	}
	mustContain(t, page, "Delete indicator “Children walking to school”", "A withdrawal notice goes the way the record went", "Delete the indicator")
	code, body, loc = s.post(t, "/indicators/"+id+"/delete", url.Values{"csrf": {token}, "version": {version(t, page)}})
	if code != http.StatusSeeOther || loc != "/indicators" {
		t.Fatalf("delete: %d to %q\n%s", code, loc, body)
	}
	if _, err := s.api.GetIndicator(ctx, &hcnetv1.GetIndicatorRequest{Id: id}); status.Code(err) != codes.NotFound {
		t.Fatalf("after delete: %v, want NotFound", err)
	}
	_, page = s.get(t, "/indicators")
	mustContain(t, page, "The indicator “Children walking to school” was deleted.", "No indicators yet.")
}

// TestIndicatorFormErrorNextToField: a word for a number, a goal of
// another plan and a missing name each show next to their field, and
// nothing is saved.
func TestIndicatorFormErrorNextToField(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	planA, planB := s.planTitled(t, "Plan A"), s.planTitled(t, "Plan B")
	code, page, _ := s.post(t, "/indicators/new", url.Values{
		"csrf": {token}, "plan_id": {planA}, "goal_id": {planB + "/g1"}, "name": {"Kept <i>as typed</i>"}, "unit": {"%"},
		"baseline": {"many"}, "target": {"12"}, "visibility": {"network"},
	})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad indicator: %d, want 422\n%s", code, page)
	}
	if msg := fieldError(page, "baseline"); msg != "must be a number, like 12.5" {
		t.Errorf("next to the baseline: %q", msg)
	}
	if msg := fieldError(page, "goal_id"); !strings.Contains(msg, "is a goal of another plan") {
		t.Errorf("next to the goal: %q", msg)
	}
	mustContain(t, page, `value="Kept &lt;i&gt;as typed&lt;/i&gt;"`, `<option value="`+planB+`/g1" selected>`)

	// With the numbers right, the API's own words show next to the name.
	code, page, _ = s.post(t, "/indicators/new", url.Values{
		"csrf": {token}, "plan_id": {planA}, "name": {""}, "unit": {"%"}, "baseline": {"1"}, "target": {"2"}, "visibility": {"network"},
		"baseline_date": {"2030-01-01"}, "target_date": {"2020-01-01"},
	})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad indicator: %d, want 422\n%s", code, page)
	}
	if msg := fieldError(page, "name"); !strings.HasSuffix(msg, "is required") {
		t.Errorf("next to the name: %q\n%s", msg, page)
	}
	list, err := s.api.ListIndicators(context.Background(), &hcnetv1.ListIndicatorsRequest{})
	if err != nil || len(list.GetIndicators()) != 0 {
		t.Fatalf("a bad form saved: %v, %v", list.GetIndicators(), err)
	}
}

// TestIndicatorBreakdownTable: values recorded for districts and groups
// through the measurement form show in the breakdown table, each with its
// gap to the whole city on the same date and to the target.
func TestIndicatorBreakdownTable(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	id := s.indicator(t) // lower is better, target 12
	for _, m := range []url.Values{
		{"date": {"2024-12-31"}, "value": {"16"}},
		{"date": {"2024-12-31"}, "value": {"21,5"}, "breakdown_kind": {"district"}, "breakdown_label": {"Rosengård <öst>"}},
		{"date": {"2024-12-31"}, "value": {"14"}, "breakdown_kind": {"group"}, "breakdown_label": {"women 75+"}},
		{"date": {"2025-06-30"}, "value": {"9"}, "breakdown_kind": {"district"}, "breakdown_label": {"Limhamn"}},
	} {
		m.Set("csrf", token)
		if code, body, _ := s.post(t, "/indicators/"+id, m); code != http.StatusSeeOther {
			t.Fatalf("record %v: %d\n%s", m, code, body)
		}
	}
	got, err := s.api.GetIndicator(context.Background(), &hcnetv1.GetIndicatorRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	var district *hcnetv1.Measurement
	for _, m := range got.GetIndicator().GetMeasurements() {
		if m.GetBreakdown().GetLabel() == "Rosengård <öst>" {
			district = m
		}
	}
	if district.GetBreakdown().GetKind() != hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT || district.GetValue() != 21.5 {
		t.Fatalf("the district's measurement was not stored as sent: %v", got.GetIndicator().GetMeasurements())
	}
	_, page := s.get(t, "/indicators/"+id)
	mustContain(t, page, `<h2 id="breakdown">By district and group</h2>`,
		// Districts first, by name; Limhamn has no city value that day.
		`<th scope="row">District: Limhamn</th><td>2025-06-30</td><td class="num">9</td><td class="num"><span class="muted">no city value that day</span></td><td class="num">-3</td>`,
		`<th scope="row">District: Rosengård &lt;öst&gt;</th><td>2024-12-31</td><td class="num">21.5</td><td class="num">&#43;5.5 <strong>behind</strong></td><td class="num">&#43;9.5</td>`,
		`<th scope="row">Group: women 75&#43;</th><td>2024-12-31</td><td class="num">14</td><td class="num">-2</td><td class="num">&#43;2</td>`)
	// The chart's own table, above, lists the same names in the chart's
	// order; the order asked for is the breakdown table's.
	table := page[strings.Index(page, `id="breakdown"`):]
	if strings.Index(table, "District: Limhamn") > strings.Index(table, "Group: women") {
		t.Error("groups come before districts")
	}
	// The form offers the parts measured so far, each once.
	mustContain(t, page, `list="breakdown-labels"`, `<datalist id="breakdown-labels"><option value="Limhamn"></option><option value="Rosengård &lt;öst&gt;"></option><option value="women 75&#43;"></option></datalist>`)
	// The chart draws a series for each part of the city too.
	mustContain(t, page, `aria-label="District: Rosengård &lt;öst&gt;"`, `aria-label="Group: women 75+"`)
}

// TestIndicatorDeleteRefusedWhileNamed: an indicator a practice names in
// its results is not deleted; the confirmation names the practice.
func TestIndicatorDeleteRefusedWhileNamed(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	id := s.indicator(t)
	p := nodetest.Practice("Walking groups")
	p.IndicatorIds = []string{id}
	if _, err := s.api.CreatePractice(context.Background(), &hcnetv1.CreatePracticeRequest{Practice: p}); err != nil {
		t.Fatal(err)
	}
	// The practice is named by its title in the reader's language.
	_, page := s.get(t, "/indicators/"+id+"/delete")
	mustContain(t, page, "cannot be deleted while these records name it", "Practice “Walking groups”")
	_, sv := s.getIn(t, "sv", "/indicators/"+id+"/delete")
	mustContain(t, html.UnescapeString(sv), "”Promenadgrupper för äldre”")
	if code, body, _ := s.post(t, "/indicators/"+id+"/delete", url.Values{"csrf": {token}, "version": {"0"}}); code != http.StatusConflict {
		t.Fatalf("delete a named indicator: %d, want 409\n%s", code, body)
	}
	if _, err := s.api.GetIndicator(context.Background(), &hcnetv1.GetIndicatorRequest{Id: id}); err != nil {
		t.Fatalf("indicator gone after a refused delete: %v", err)
	}
}

// TestViewerCannotChangeIndicators: a viewer reads the list and the
// indicator's page, is refused the forms, and each POST is refused with
// 403, measurements included, and nothing changes.
func TestViewerCannotChangeIndicators(t *testing.T) {
	s := startAccountSite(t)
	id := s.indicator(t)
	token := s.signInAs(t, "vi")
	for _, path := range []string{"/indicators", "/indicators/" + id} {
		if code, _ := s.get(t, path); code != http.StatusOK {
			t.Fatalf("viewer reads %s: %d", path, code)
		}
	}
	for _, path := range []string{"/indicators/new", "/indicators/" + id + "/edit", "/indicators/" + id + "/delete"} {
		if code, _ := s.get(t, path); code != http.StatusForbidden {
			t.Fatalf("viewer opens %s: %d, want 403", path, code)
		}
	}
	for path, form := range map[string]url.Values{
		"/indicators/new":               {"name": {"Mallory"}, "unit": {"%"}, "baseline": {"1"}, "target": {"2"}, "visibility": {"public"}},
		"/indicators/" + id + "/edit":   {"name": {"Renamed"}, "unit": {"%"}, "baseline": {"1"}, "target": {"2"}, "visibility": {"public"}},
		"/indicators/" + id + "/delete": {"version": {"1"}},
		"/indicators/" + id:             {"date": {"2025-01-01"}, "value": {"3"}, "breakdown_kind": {"district"}, "breakdown_label": {"Limhamn"}},
	} {
		form.Set("csrf", token)
		code, body, _ := s.post(t, path, form)
		if code != http.StatusForbidden {
			t.Fatalf("viewer POST %s: %d, want 403", path, code)
		}
		mustContain(t, body, "role viewer", "Nothing was changed")
	}
	list, err := s.api.ListIndicators(context.Background(), &hcnetv1.ListIndicatorsRequest{})
	if err != nil || len(list.GetIndicators()) != 1 || list.GetIndicators()[0].GetName() != "Daily smokers" || len(list.GetIndicators()[0].GetMeasurements()) != 0 {
		t.Fatalf("a viewer changed indicators: %v, %v", list.GetIndicators(), err)
	}
}
