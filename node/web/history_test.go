package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/actor"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestHistoryNamesTheEditor: an editor's change is recorded under their
// account's name and shows in the History of the record's page, newest
// first; a name sent by another holder of the token is shown escaped.
func TestHistoryNamesTheEditor(t *testing.T) {
	s := startAccountSite(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	plan, err := s.api.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Malmö health plan 2024–2030")})
	if err != nil {
		t.Fatal(err)
	}
	p := plan.GetHealthPlan()
	ind, err := s.api.CreateIndicator(actor.Outgoing(ctx, `<script>alert(1)</script>`), &hcnetv1.CreateIndicatorRequest{
		Indicator: nodetest.Indicator(p.GetId(), p.GetGoals()[0].GetId(), "Loneliness 75+")})
	if err != nil {
		t.Fatal(err)
	}
	id := ind.GetIndicator().GetId()

	tok := s.signInAs(t, "ed")
	code, body, _ := s.post(t, "/indicators/"+id, url.Values{"csrf": {tok}, "date": {"2024-12-31"}, "value": {"17,2"}})
	if code != http.StatusSeeOther {
		t.Fatalf("record a measurement: %d\n%s", code, body)
	}

	res, err := s.api.ListChanges(ctx, &hcnetv1.ListChangesRequest{Kind: "indicator", Id: id})
	if err != nil {
		t.Fatal(err)
	}
	if ch := res.GetChanges(); len(ch) != 2 || ch[0].GetActor() != "ed" || ch[0].GetAction() != hcnetv1.ChangeAction_CHANGE_ACTION_MEASUREMENT {
		t.Fatalf("history %v, want the measurement by ed first", ch)
	}

	code, page := s.get(t, "/indicators/"+id)
	if code != http.StatusOK {
		t.Fatalf("indicator page: %d", code)
	}
	mustContain(t, page, `<h2 id="history">History</h2>`, `<td data-label="Who">ed</td><td data-label="What">measurement recorded</td>`,
		`<td data-label="Who">&lt;script&gt;alert(1)&lt;/script&gt;</td><td data-label="What">created</td>`)
	if strings.Contains(page, "<script>alert(1)") {
		t.Fatal("an actor's name reached the page unescaped")
	}
	history := page[strings.Index(page, `id="history"`):]
	if strings.Index(history, `<td data-label="Who">ed</td>`) > strings.Index(history, "created") {
		t.Error("the history is not newest first")
	}

	// The plan's page has its own history: created with the token.
	_, page = s.get(t, "/plans/"+p.GetId())
	mustContain(t, page, `<h2 id="history">History</h2>`, `<td data-label="Who">admin token</td><td data-label="What">created</td>`)

	// The edit pages of partnerships and practices show theirs; a new
	// record's form has none.
	partner := s.partner(t, "Malmö stad")
	ps, err := s.api.CreatePartnership(actor.Outgoing(ctx, "ada"), &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Walks against loneliness", partner)})
	if err != nil {
		t.Fatal(err)
	}
	_, page = s.get(t, "/partnerships/"+ps.GetPartnership().GetId()+"/edit")
	mustContain(t, page, `<h2 id="history">History</h2>`, `<td data-label="Who">ada</td><td data-label="What">created</td>`)
	pr, err := s.api.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: nodetest.Practice("Walking groups")})
	if err != nil {
		t.Fatal(err)
	}
	_, page = s.get(t, "/practices/"+pr.GetPractice().GetId()+"/edit")
	mustContain(t, page, `<h2 id="history">History</h2>`, `<td data-label="Who">admin token</td><td data-label="What">created</td>`)
	if _, page = s.get(t, "/practices/new"); strings.Contains(page, `id="history"`) {
		t.Error("the form for a new practice shows a history")
	}
}
