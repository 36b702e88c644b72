package fedtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestRolledBackHubIsRepairedByAntiEntropy plays the worst an OS crash or
// power loss can do to a hub (README, "Storage and durability"): the hub
// acknowledged records, the node removed them from its outbox, and then
// the hub's disk went back to an earlier state. The embedded JetStream
// fsyncs on an interval, so the acknowledged tail of its stream can vanish;
// here the whole data folder, SQLite included, goes back, which is a
// superset of that loss. Nothing redelivers by itself after such a loss;
// the node's anti-entropy sync must find every missing or stale record
// and send it again.
func TestRolledBackHubIsRepairedByAntiEntropy(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n, true)
	c := n.Client(t)

	var early []*hcnetv1.Practice
	for i := 0; i < 10; i++ {
		res, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice(fmt.Sprintf("Före %d", i), hcnetv1.Visibility_VISIBILITY_PUBLIC)})
		if err != nil {
			t.Fatal(err)
		}
		early = append(early, res.GetPractice())
	}
	converged(t, h, n)
	before := len(sharedSet(t, n)) // the 10 practices and the city itself
	h.Stop(t)
	snapshot := filepath.Join(t.TempDir(), "snapshot")
	if err := os.CopyFS(snapshot, os.DirFS(h.Dir)); err != nil {
		t.Fatalf("snapshot the hub's folder: %v", err)
	}

	// After the snapshot: 15 new records and 3 updates, all acknowledged by
	// the hub's JetStream (the node's outbox empties) and ingested.
	h = h.Again(t)
	for i := 0; i < 15; i++ {
		if _, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice(fmt.Sprintf("Efter %d", i), hcnetv1.Visibility_VISIBILITY_NETWORK)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range early[:3] {
		p.Problem = "uppdaterad efter ögonblicksbilden"
		if _, err := c.UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{Practice: p}); err != nil {
			t.Fatal(err)
		}
	}
	converged(t, h, n)
	want := sharedSet(t, n)
	if len(want) != before+15 {
		t.Fatalf("node shares %d records, want %d", len(want), before+15)
	}

	// The hub's disk goes back to the snapshot.
	h.Stop(t)
	if err := os.RemoveAll(h.Dir); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(h.Dir, os.DirFS(snapshot)); err != nil {
		t.Fatalf("roll the hub's folder back: %v", err)
	}
	h = h.Again(t)
	poll.Until(t, "node reconnected", func() bool {
		st, err := c.GetStatus(ctx, &hcnetv1.GetStatusRequest{})
		return err == nil && st.GetConnected()
	})
	got := hubSet(t, h, n.CityID)
	if len(got) != before {
		t.Fatalf("rolled-back hub holds %d records, want the %d from before the snapshot", len(got), before)
	}
	st, err := c.GetStatus(ctx, &hcnetv1.GetStatusRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if st.GetOutboxDepth() != 0 {
		t.Fatalf("outbox holds %d; the lost records must not be waiting there, or this tests nothing", st.GetOutboxDepth())
	}

	sum := last(syncNode(t, n))
	if sum.GetRepaired() != 18 {
		t.Errorf("sync repaired %d, want 18 (15 lost records, 3 stale versions)", sum.GetRepaired())
	}
	converged(t, h, n)
	t.Logf("rolled back 18 records (15 new, 3 updates); sync compared %d, repaired %d; hub and node agree on %d records",
		sum.GetCompared(), sum.GetRepaired(), len(want))
}

// converged waits until the hub holds exactly the node's shared set and the
// node's outbox is empty.
func converged(t *testing.T, h *hubtest.Hub, n *nodetest.Node) {
	t.Helper()
	poll.Until(t, "hub holds the node's shared set", func() bool {
		st, err := n.Client(t).GetStatus(context.Background(), &hcnetv1.GetStatusRequest{})
		return err == nil && st.GetOutboxDepth() == 0 && sameSet(sharedSet(t, n), hubSet(t, h, n.CityID))
	})
}
