package web

import (
	"context"
	"encoding/csv"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// TestReportPlansInProgress: the annual report counts, per member city,
// the actions of its adopted plans and plans under review as the plan's
// page judges them on the report's day; a draft's and a closed plan's
// actions are left out.
func TestReportPlansInProgress(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	malmo := nodetest.Start(t)
	lund := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	member(t, h, malmo)
	member(t, h, lund)
	plan := func(c hcnetv1.CityServiceClient, title string, st hcnetv1.PlanStatus, actions ...*hcnetv1.Action) {
		t.Helper()
		p := nodetest.HealthPlan(title)
		p.Status, p.Actions = st, actions
		if st == hcnetv1.PlanStatus_PLAN_STATUS_DRAFT {
			p.Adoption = nil
		}
		if _, err := c.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: p}); err != nil {
			t.Fatal(err)
		}
	}
	act := func(title, due string, st hcnetv1.ActionStatus) *hcnetv1.Action {
		return &hcnetv1.Action{Title: title, GoalId: "g1", DueDate: due, Status: st}
	}
	const (
		planned    = hcnetv1.ActionStatus_ACTION_STATUS_PLANNED
		inProgress = hcnetv1.ActionStatus_ACTION_STATUS_IN_PROGRESS
		done       = hcnetv1.ActionStatus_ACTION_STATUS_DONE
		delayed    = hcnetv1.ActionStatus_ACTION_STATUS_DELAYED
		cancelled  = hcnetv1.ActionStatus_ACTION_STATUS_CANCELLED
	)
	// The report is made on 2026-06-01.
	plan(malmo.Client(t), "Malmö health plan", hcnetv1.PlanStatus_PLAN_STATUS_ADOPTED,
		act("Map who lives alone", "2025-01-31", done),
		act("Meeting places", "2026-12-31", inProgress),
		act("Due today", "2026-06-01", planned),
		act("Safe school routes", "2026-05-31", planned), // past its date, not done: delayed
		act("Walking-bus volunteers", "2027-01-31", delayed),
		act("A bus line", "2025-01-31", cancelled),
	)
	plan(malmo.Client(t), "Malmö draft plan", hcnetv1.PlanStatus_PLAN_STATUS_DRAFT, act("Not begun", "2020-01-01", planned))
	plan(malmo.Client(t), "Malmö plan 2018–2022", hcnetv1.PlanStatus_PLAN_STATUS_CLOSED, act("Long over", "2021-01-01", inProgress))
	plan(lund.Client(t), "Lund plan <under review>", hcnetv1.PlanStatus_PLAN_STATUS_IN_REVIEW, act("Review", "2026-09-30", inProgress))
	poll.Until(t, "the hub holds the plans", func() bool {
		st, err := h.Client(t).GetStats(ctx, &hcnetv1.GetStatsRequest{})
		return err == nil && st.GetPlans() == 4
	})
	conn, err := grpc.NewClient(h.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	day := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	pages, err := New(hcnetv1.NewHubServiceClient(conn), Options{Now: func() time.Time { return day }, Log: slog.New(slog.NewTextHandler(testWriter{t}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(pages)
	t.Cleanup(srv.Close)
	nw := &network{srv: srv}

	_, _, page := nw.get(t, "/report")
	section := page[strings.Index(page, `<h2 id="plans">`):]
	section = section[:strings.Index(section, "</section>")]
	// Done 1, on time 2 (one due today), delayed 2, cancelled 1 in
	// Malmö; Lund's one action on time.
	mustContain(t, section,
		`<span class="n">1</span> actions done`, `<span class="n">3</span> on time`, `<span class="n">2</span> delayed`, `<span class="n">1</span> cancelled`,
		`<th scope="row">Malmö (SE)</th>
<td class="num">1</td><td class="num">6</td><td class="num">1</td><td class="num">2</td>
<td class="num"><span class="status red">2</span></td><td class="num">1</td></tr>`,
		`<th scope="row">Lund (SE)</th>
<td class="num">1</td><td class="num">1</td><td class="num">0</td><td class="num">1</td>
<td class="num">0</td><td class="num">0</td></tr>`)
	mustContain(t, page, `href="/report.csv?table=plans"`)

	_, hdr, body := nw.get(t, "/report.csv?table=plans")
	if !strings.Contains(hdr.Get("Content-Disposition"), "-plans-2026-06-01.csv") {
		t.Errorf("plans CSV named %q", hdr.Get("Content-Disposition"))
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows[1:] {
		got[r[1]] = strings.Join(r, ",")
	}
	if strings.Join(rows[0], ",") != "country,city_id,name,plans_in_progress,actions,done,on_time,delayed,cancelled" ||
		got["malmo"] != "se,malmo,Malmö,1,6,1,2,2,1" || got["lund"] != "se,lund,Lund,1,1,0,1,0,0" || len(rows) != 3 {
		t.Fatalf("plans CSV:\n%s", body)
	}
	// The member table is as it was.
	_, _, body = nw.get(t, "/report.csv")
	if !strings.HasPrefix(body, strings.Join(csvHeader, ",")+"\n") {
		t.Fatalf("member CSV:\n%s", body)
	}
}
