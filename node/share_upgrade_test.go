package node_test

import (
	"database/sql"
	"maps"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestOpenSharesAgainWhatTheRuleNoLongerAllows: a database from before
// the sharing rule has shared records whose shared form, at its hub,
// carries a record that may not travel as far. The first open shares
// exactly those again, as their next version, and only once.
func TestOpenSharesAgainWhatTheRuleNoLongerAllows(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	partner := createPartner(t, c, nodetest.Partner("Region Skåne")) // network
	over := createPartnership(t, c, nodetest.Partnership("Gröna gårdar", partner.GetId()))
	netPs := nodetest.Partnership("Bara för nätverket", partner.GetId())
	netPs.Visibility = hcnetv1.Visibility_VISIBILITY_NETWORK
	fine := createPartnership(t, c, netPs)
	plan := nodetest.HealthPlan("Hälsoplan")
	plan.Visibility = hcnetv1.Visibility_VISIBILITY_PUBLIC
	plan.PartnershipIds = []string{fine.GetId()}
	overPlan := createPlan(t, c, plan)
	practice := createPractice(t, c, nodetest.Practice("Promenader"))

	// As written before the rule: the node never recorded applying it.
	n.Stop(t)
	db, err := sql.Open("sqlite", n.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM settings WHERE key = 'shared_by_carry_rule'`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	versions := func(c hcnetv1.CityServiceClient) map[string]int64 {
		t.Helper()
		ctx := callCtx(t)
		out := map[string]int64{}
		for _, id := range []string{over.GetId(), fine.GetId()} {
			r, err := c.GetPartnership(ctx, &hcnetv1.GetPartnershipRequest{Id: id})
			if err != nil {
				t.Fatal(err)
			}
			out[r.GetPartnership().GetTitle()] = r.GetPartnership().GetVersion()
		}
		p, err := c.GetHealthPlan(ctx, &hcnetv1.GetHealthPlanRequest{Id: overPlan.GetId()})
		if err != nil {
			t.Fatal(err)
		}
		out[p.GetHealthPlan().GetTitle()] = p.GetHealthPlan().GetVersion()
		pr, err := c.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: practice.GetId()})
		if err != nil {
			t.Fatal(err)
		}
		out["practice"] = pr.GetPractice().GetVersion()
		return out
	}
	want := map[string]int64{"Gröna gårdar": 2, "Bara för nätverket": 1, "Hälsoplan": 2, "practice": 1}
	n2 := nodetest.Restart(t, n.Dir)
	if got := versions(n2.Client(t)); !maps.Equal(got, want) {
		t.Fatalf("after the first open: %v, want %v", got, want)
	}
	n2.Stop(t)
	n3 := nodetest.Restart(t, n.Dir)
	if got := versions(n3.Client(t)); !maps.Equal(got, want) {
		t.Fatalf("after the second open: %v, want %v", got, want)
	}
}
