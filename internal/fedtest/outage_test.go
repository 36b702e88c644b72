package fedtest

import (
	"context"
	"fmt"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// sharedSet is id → version of every shared record a node holds.
func sharedSet(t *testing.T, n *nodetest.Node) map[string]int64 {
	t.Helper()
	rows, err := n.Node.Store.DB().Read.Query(`SELECT id, version FROM records WHERE visibility IN ('network', 'public') AND kind <> 'partner'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id string
		var v int64
		rows.Scan(&id, &v)
		out[id] = v
	}
	return out
}

// hubSet is id → version of every record the hub holds from a city.
func hubSet(t *testing.T, h *hubtest.Hub, city string) map[string]int64 {
	t.Helper()
	rows, err := h.Hub.Store.DB().Read.Query(`SELECT id, version FROM records WHERE city_id = ?`, city)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id string
		var v int64
		rows.Scan(&id, &v)
		out[id] = v
	}
	return out
}

func sameSet(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestHubOutageLosesNothing stops the hub while two cities keep writing,
// starts it again, and compares what the hub holds with what the cities
// share: same ids, same versions, nothing lost and nothing extra.
func TestHubOutageLosesNothing(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	nodes := []*nodetest.Node{
		nodetest.Start(t),
		nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"}),
	}
	for _, n := range nodes {
		member(t, h, n, true)
	}
	write := func(round string, count int) {
		for _, n := range nodes {
			c := n.Client(t)
			for i := 0; i < count; i++ {
				vis := hcnetv1.Visibility_VISIBILITY_NETWORK
				if i%4 == 3 {
					vis = hcnetv1.Visibility_VISIBILITY_PRIVATE
				}
				res, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice(fmt.Sprintf("%s %d", round, i), vis)})
				if err != nil {
					t.Fatal(err)
				}
				if i%5 == 0 { // some records change while the hub is away
					p := res.GetPractice()
					p.Problem = "updated in round " + round
					if _, err := c.UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{Practice: p}); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	write("before", 20)
	h.Stop(t)
	write("during", 40)
	for _, n := range nodes {
		st, err := n.Client(t).GetStatus(ctx, &hcnetv1.GetStatusRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if st.GetOutboxDepth() == 0 {
			t.Fatal("nothing waited in the outbox while the hub was down")
		}
	}
	h = h.Again(t)
	write("after", 10)
	for _, n := range nodes {
		want := sharedSet(t, n)
		poll.Until(t, "hub converges with "+n.CityID, func() bool {
			if sameSet(want, hubSet(t, h, n.CityID)) {
				return true
			}
			st, _ := n.Client(t).GetStatus(ctx, &hcnetv1.GetStatusRequest{})
			t.Logf("%s: hub has %d of %d; status %v", n.CityID, len(hubSet(t, h, n.CityID)), len(want), st)
			return false
		})
		t.Logf("%s: %d shared records at the hub, same versions", n.CityID, len(want))
	}
}
