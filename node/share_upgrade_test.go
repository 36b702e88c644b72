package node_test

import (
	"database/sql"
	"maps"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
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

// TestOpenSharesAgainWhatNamedThisCity: a database from before references
// that name the node's own city were references on the node holds a
// public practice adopted from one of its private practices, its shared
// form carrying the private id, and no record of the reference. The first
// open shares it again without the id, and from then on the practice
// follows the one it names: made public, that one travels in it again.
func TestOpenSharesAgainWhatNamedThisCity(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	private := nodetest.Practice("Egen metod")
	private.Visibility = hcnetv1.Visibility_VISIBILITY_PRIVATE
	orig := createPractice(t, c, private)
	adopted := nodetest.Practice("Spridd metod")
	adopted.AdoptedFrom = &hcnetv1.PracticeRef{Country: "se", CityId: "malmo", PracticeId: orig.GetId()}
	adopted = createPractice(t, c, adopted)

	// As written before: no reference recorded, the rule never applied.
	n.Stop(t)
	db, err := sql.Open("sqlite", n.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DELETE FROM record_refs`, `DELETE FROM settings WHERE key = 'refs_naming_this_city'`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	version := func(c hcnetv1.CityServiceClient) int64 {
		t.Helper()
		r, err := c.GetPractice(callCtx(t), &hcnetv1.GetPracticeRequest{Id: adopted.GetId()})
		if err != nil {
			t.Fatal(err)
		}
		return r.GetPractice().GetVersion()
	}
	n2 := nodetest.Restart(t, n.Dir)
	if got := version(n2.Client(t)); got != 2 {
		t.Fatalf("after the first open the adopted practice is at version %d, want 2", got)
	}
	n2.Stop(t)
	n3 := nodetest.Restart(t, n.Dir)
	c3 := n3.Client(t)
	if got := version(c3); got != 2 {
		t.Fatalf("after the second open the adopted practice is at version %d, want 2", got)
	}
	orig.Visibility = hcnetv1.Visibility_VISIBILITY_PUBLIC
	if _, err := c3.UpdatePractice(callCtx(t), &hcnetv1.UpdatePracticeRequest{Practice: orig, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"visibility"}}}); err != nil {
		t.Fatal(err)
	}
	if got := version(c3); got != 3 {
		t.Fatalf("after the practice it names was made public the adopted practice is at version %d, want 3", got)
	}
}
