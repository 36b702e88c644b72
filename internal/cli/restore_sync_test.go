package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

func heldTitle(t *testing.T, h *hubtest.Hub, id string) string {
	t.Helper()
	var title string
	h.Hub.Store.DB().Read.QueryRow(`SELECT title FROM records WHERE id = ?`, id).Scan(&title)
	return title
}

// TestEditAfterRestoreBeforeSync restores a node with hcctl restore while
// its hub is down, so the node cannot compare, and edits a record whose
// next version number the hub already holds with the text the restore
// lost. When the hub is back, the node's first comparison finds the
// record written since the restore and moves it above the hub's version:
// the hub ends with the new text, and a sync after that repairs nothing.
func TestEditAfterRestoreBeforeSync(t *testing.T) {
	ctx := context.Background()
	c := startChain(t)
	h, n := c.national, c.city
	id := sharedPractice(t, n, h, hcnetv1.Visibility_VISIBILITY_NETWORK)
	backup := filepath.Join(t.TempDir(), "malmo.db")
	mustRun(t, "--dir", n.Dir, "backup", "--out", backup)

	retitle := func(n *nodetest.Node, title string) int64 {
		t.Helper()
		got, err := n.Client(t).GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: id})
		if err != nil {
			t.Fatal(err)
		}
		p := got.GetPractice()
		p.Texts["sv"].Title = title
		res, err := n.Client(t).UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{Practice: p, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"texts"}}})
		if err != nil {
			t.Fatal(err)
		}
		return res.GetPractice().GetVersion()
	}
	retitle(n, "Förlorad text")
	poll.Until(t, "version 2 at the hub", func() bool { return heldVersion(t, h, id) == 2 })

	h.Stop(t)
	n.Stop(t)
	msg := mustRun(t, "--dir", n.Dir, "restore", "--from", backup)
	if !strings.Contains(msg, "compares with its hub") {
		t.Errorf("restore does not say the node compares with its hub: %s", msg)
	}
	n = nodetest.Restart(t, n.Dir)
	if v := retitle(n, "Ny text efter återställningen"); v != 2 {
		t.Fatalf("the edit after the restore stored version %d; the test needs it to take the hub's 2", v)
	}
	h = h.Again(t)

	poll.Until(t, "the hub holds the edit above its own version 2", func() bool {
		return heldVersion(t, h, id) >= 3 && heldTitle(t, h, id) == "Ny text efter återställningen"
	})
	poll.Until(t, "the node no longer counts as restored", func() bool {
		v, err := n.Node.Store.Setting(ctx, node.RestoredSetting)
		return err == nil && v == ""
	})
	if out := mustRun(t, "--node", n.Addr, "--dir", n.Dir, "sync"); !strings.Contains(out, "repaired 0") {
		t.Errorf("sync after the first comparison: %s", out)
	}
	got, err := n.Client(t).GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	if v := got.GetPractice().GetVersion(); v != heldVersion(t, h, id) {
		t.Errorf("node at version %d, hub at %d", v, heldVersion(t, h, id))
	}
}
