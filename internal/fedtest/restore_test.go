package fedtest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/reconcile"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// hubTitle is the title the hub holds for a record.
func hubTitle(t *testing.T, h *hubtest.Hub, id string) string {
	t.Helper()
	var title string
	if err := h.Hub.Store.DB().Read.QueryRow(`SELECT title FROM records WHERE id = ?`, id).Scan(&title); err != nil {
		t.Fatalf("hub title of %s: %v", id, err)
	}
	return title
}

// nodeVersion is the version of a record the node holds, or of its
// trace once deleted; 0 when neither.
func nodeVersion(t *testing.T, n *nodetest.Node, id string) int64 {
	t.Helper()
	var v int64
	err := n.Node.Store.DB().Read.QueryRow(`SELECT coalesce((SELECT version FROM records WHERE id = ?), (SELECT version FROM deleted_records WHERE id = ?), 0)`, id, id).Scan(&v)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestRestoredNodeWinsOverItsHub restores a node from a backup older than
// what its hub holds: a record updated, one deleted, one created and one
// shared after the backup. The node is the single writer of its records,
// so one sync moves each above the hub's version with the restored state
// (the old text, the record back, the new record withdrawn, the private
// record withdrawn), a second sync repairs nothing, and later writes go on
// above every version the hub has seen.
func TestRestoredNodeWinsOverItsHub(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n, true)
	c := n.Client(t)
	create := func(title string, vis hcnetv1.Visibility) *hcnetv1.Practice {
		t.Helper()
		res, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice(title, vis)})
		if err != nil {
			t.Fatal(err)
		}
		return res.GetPractice()
	}
	update := func(p *hcnetv1.Practice, paths ...string) *hcnetv1.Practice {
		t.Helper()
		res, err := c.UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{Practice: p, UpdateMask: &fieldmaskpb.FieldMask{Paths: paths}})
		if err != nil {
			t.Fatal(err)
		}
		return res.GetPractice()
	}
	drained := func() {
		t.Helper()
		poll.Until(t, "the outbox is empty", func() bool {
			st, err := c.GetStatus(ctx, &hcnetv1.GetStatusRequest{})
			return err == nil && st.GetOutboxDepth() == 0
		})
	}

	edited := create("Mötesplatser före", hcnetv1.Visibility_VISIBILITY_PUBLIC)
	deleted := create("Finns kvar", hcnetv1.Visibility_VISIBILITY_NETWORK)
	hidden := create("Privat i säkerhetskopian", hcnetv1.Visibility_VISIBILITY_PRIVATE)
	kept := create("Oförändrad", hcnetv1.Visibility_VISIBILITY_PUBLIC)
	drained()
	backup := filepath.Join(t.TempDir(), "backup.db")
	if _, err := n.Node.Store.DB().Write.ExecContext(ctx, `VACUUM INTO ?`, backup); err != nil {
		t.Fatal(err)
	}

	// After the backup: the hub sees versions the restored node will not know.
	edited.Texts["sv"].Title = "Mötesplatser efter"
	update(edited, "texts")
	if _, err := c.DeletePractice(ctx, &hcnetv1.DeletePracticeRequest{Id: deleted.GetId()}); err != nil {
		t.Fatal(err)
	}
	added := create("Ny efter säkerhetskopian", hcnetv1.Visibility_VISIBILITY_PUBLIC)
	hidden.Visibility = hcnetv1.Visibility_VISIBILITY_PUBLIC
	update(hidden, "visibility")
	drained()
	poll.Until(t, "the hub holds the later state", func() bool {
		return hubVersion(t, h, edited.GetId()) == 2 && hubTombstone(t, h, deleted.GetId()) == 2 &&
			hubVersion(t, h, added.GetId()) == 1 && hubVersion(t, h, hidden.GetId()) == 2
	})

	n.Stop(t)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(n.DBPath + suffix); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(n.DBPath, data, 0o600); err != nil {
		t.Fatal(err)
	}
	n = nodetest.Restart(t, n.Dir)
	c = n.Client(t)

	res := last(syncNode(t, n))
	if res.GetRepaired() != 4 {
		t.Fatalf("first sync after the restore: %v, want 4 repaired (edited, deleted, added, hidden)", res)
	}
	drained()
	poll.Until(t, "the hub holds the restored state", func() bool {
		return hubVersion(t, h, edited.GetId()) == 3 && hubVersion(t, h, deleted.GetId()) == 3 && hubTombstone(t, h, deleted.GetId()) == 0 &&
			hubVersion(t, h, added.GetId()) == 0 && hubTombstone(t, h, added.GetId()) == 2 &&
			hubVersion(t, h, hidden.GetId()) == 0 && hubTombstone(t, h, hidden.GetId()) == 3
	})
	if got := hubTitle(t, h, edited.GetId()); got != "Mötesplatser före" {
		t.Errorf("hub title %q, want the restored %q", got, "Mötesplatser före")
	}
	if hubVersion(t, h, kept.GetId()) != 1 {
		t.Errorf("an unchanged record moved: version %d at the hub", hubVersion(t, h, kept.GetId()))
	}
	for id, want := range map[string]int64{edited.GetId(): 3, deleted.GetId(): 3, added.GetId(): 2, hidden.GetId(): 3, kept.GetId(): 1} {
		if got := nodeVersion(t, n, id); got != want {
			t.Errorf("node holds %s at version %d, want %d", id, got, want)
		}
	}

	for i := 0; i < 2; i++ {
		res = last(syncNode(t, n))
		if res.GetRepaired() != 0 || res.GetAlreadyPresent() != res.GetTotal() {
			t.Fatalf("sync %d after the repair: %v, want everything present and nothing repaired", i+2, res)
		}
	}

	// The node's next write goes above every version the hub has seen.
	got, err := c.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: edited.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	p := got.GetPractice()
	p.Texts["sv"].Title = "Mötesplatser igen"
	if v := update(p, "texts").GetVersion(); v != 4 {
		t.Fatalf("update after the repair stored version %d, want 4", v)
	}
	poll.Until(t, "the hub takes the next write", func() bool {
		return hubVersion(t, h, edited.GetId()) == 4 && hubTitle(t, h, edited.GetId()) == "Mötesplatser igen"
	})
}

// TestRestoredNodeWithdrawsOnlyKindsItShares: a record the hub names that
// the node has no trace of is withdrawn above the hub's version when its
// kind is one the node shares; a kind it does not share is left alone,
// and does not stop the others' repair.
func TestRestoredNodeWithdrawsOnlyKindsItShares(t *testing.T) {
	ctx := context.Background()
	n := nodetest.Start(t)
	theirs := []reconcile.Pair{{ID: "00000000000000000000000000", Version: 3, Kind: "bogus"}, {ID: "01JB7Q6Z8M3V2K5T9X4R1N0P6D", Version: 2, Kind: "practice"}}
	for id, v := range sharedSet(t, n) {
		theirs = append(theirs, reconcile.Pair{ID: id, Version: v, Kind: "city"})
	}
	hub := func(_ context.Context, req *hcnetv1.ReconcileRequest) (*hcnetv1.ReconcileResponse, error) {
		q, err := envelope.PeekReconcile(req)
		if err != nil {
			return nil, err
		}
		out := &hcnetv1.ReconcileResponse{}
		for _, r := range q.GetRanges() {
			res := &hcnetv1.RangeResult{Start: r.GetStart(), End: r.GetEnd(), EntriesListed: true}
			for _, p := range theirs {
				if reconcile.In(p.ID, r.GetStart(), r.GetEnd()) {
					res.Entries = append(res.Entries, &hcnetv1.IdVersion{Id: p.ID, Version: p.Version, Kind: p.Kind})
				}
			}
			res.HubCount = int64(len(res.Entries))
			out.Ranges = append(out.Ranges, res)
		}
		return out, nil
	}
	res, err := n.Node.Store.Sync(ctx, hub, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Repaired != 1 {
		t.Fatalf("repaired %d, want 1 (the practice)", res.Repaired)
	}
	if v := nodeVersion(t, n, theirs[1].ID); v != 3 {
		t.Errorf("the withdrawn practice is remembered at version %d, want 3", v)
	}
	if v := nodeVersion(t, n, theirs[0].ID); v != 0 {
		t.Errorf("the record of an unknown kind is remembered at version %d", v)
	}
	var tomb int64
	if err := n.Node.Store.DB().Read.QueryRow(`SELECT version FROM outbox WHERE record_id = ? AND tombstone`, theirs[1].ID).Scan(&tomb); err != nil || tomb != 3 {
		t.Errorf("tombstone in the outbox at version %d (%v), want 3", tomb, err)
	}
}
