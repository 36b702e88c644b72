package web

import (
	"context"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestPlanActionsAreCalledWhatPlansCallThem: a plan's actions, in the
// report's plans table and on a plan's page, are named with the plan's
// own word for them (German Maßnahmen, Finnish toimenpiteet), not with
// the word for what a reader can do on a page (Aktionen, toiminnot).
func TestPlanActionsAreCalledWhatPlansCallThem(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n)
	p := nodetest.HealthPlan("Malmö health plan")
	p.Actions = []*hcnetv1.Action{{Title: "Map who lives alone", GoalId: "g1", DueDate: "2030-01-31", Status: hcnetv1.ActionStatus_ACTION_STATUS_PLANNED}}
	made, err := n.Client(t).CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: p})
	if err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "the hub holds the plan", func() bool {
		st, err := h.Client(t).GetStats(ctx, &hcnetv1.GetStatsRequest{})
		return err == nil && st.GetPlans() == 1
	})
	srv := servePages(t, h)
	planPage := "/records/se/" + n.CityID + "/" + made.GetHealthPlan().GetId()
	for _, c := range []struct{ lang, word, not string }{
		{"en", "Actions", ""},
		{"de", "Maßnahmen", "Aktionen"},
		{"fi", "Toimenpiteet", "Toiminnot"},
		{"ru", "Мероприятия", "Действия"},
	} {
		_, report := getIn(t, srv.URL, c.lang, "/report")
		mustContain(t, report, `<th scope="col" class="num">`+c.word+`</th>`)
		_, plan := getIn(t, srv.URL, c.lang, planPage)
		mustContain(t, plan, `-actions">`+c.word+`</h3>`)
		if c.not != "" {
			for what, page := range map[string]string{"report": report, "plan": plan} {
				if strings.Contains(page, ">"+c.not+"</th>") || strings.Contains(page, ">"+c.not+"</h3>") {
					t.Errorf("%s %s: the plan's actions are called %q", c.lang, what, c.not)
				}
			}
		}
	}
}
