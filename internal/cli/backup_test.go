package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/node"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// mustRun runs hcctl with args and fails the test unless it exits 0.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	r := runWith(t, nil, args...)
	if r.code != 0 {
		t.Fatalf("hcctl %q: exit %d\n%s", args, r.code, r.stderr)
	}
	return r.stdout
}

// mustRefuse runs hcctl with args and fails the test unless it fails
// saying want.
func mustRefuse(t *testing.T, want string, args ...string) {
	t.Helper()
	r := runWith(t, nil, args...)
	if r.code == 0 || !strings.Contains(r.stderr, want) {
		t.Fatalf("hcctl %q: exit %d, stderr %q; want a refusal mentioning %q", args, r.code, r.stderr, want)
	}
}

// integrityOK runs SQLite's integrity check on a database file.
func integrityOK(t *testing.T, path string) {
	t.Helper()
	if _, err := checkDB(context.Background(), path); err != nil {
		t.Fatal(err)
	}
}

// A backup taken while an officer keeps writing holds every write
// acknowledged before it started; restored into the stopped node, the
// node starts with all of them and passes SQLite's integrity check.
func TestBackupWhileWritingAndRestore(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	ctx := context.Background()

	var mu sync.Mutex
	var acked []string
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			res, err := c.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: &hcnetv1.Partner{
				Organisation: fmt.Sprintf("Förening %d", i), Kind: hcnetv1.PartnerKind_PARTNER_KIND_NGO,
				Sector: hcnetv1.Sector_SECTOR_HEALTH, Visibility: hcnetv1.Visibility_VISIBILITY_PRIVATE,
			}})
			if err != nil {
				done <- err
				return
			}
			mu.Lock()
			acked = append(acked, res.GetPartner().GetId())
			mu.Unlock()
		}
	}()
	count := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(acked)
	}
	poll.Until(t, "writes under way", func() bool { return count() >= 100 })
	mu.Lock()
	before := append([]string(nil), acked...)
	mu.Unlock()

	out := filepath.Join(t.TempDir(), "hcnode.backup.db")
	msg := mustRun(t, "--dir", n.Dir, "backup", "--out", out)
	during := count() - len(before)
	close(stop)
	if err := <-done; err != nil {
		t.Fatalf("writer: %v", err)
	}
	t.Logf("%s(%d writes acknowledged before the backup, %d while it ran)", msg, len(before), during)
	integrityOK(t, out)
	mustRefuse(t, "refusing to overwrite", "--dir", n.Dir, "backup", "--out", out)

	mustRefuse(t, "the node is running", "--dir", n.Dir, "restore", "--from", out)
	n.Stop(t)
	msg = mustRun(t, "--dir", n.Dir, "restore", "--from", out)
	if !strings.Contains(msg, "pre-restore") {
		t.Errorf("restore does not say where the old database went: %s", msg)
	}
	kept, _ := filepath.Glob(filepath.Join(n.Dir, "hcnode.db.pre-restore-*"))
	if len(kept) == 0 {
		t.Error("the replaced database was not kept")
	}

	r := nodetest.Restart(t, n.Dir)
	integrityOK(t, r.DBPath)
	for _, id := range before {
		if _, err := r.Node.Store.Get(ctx, record.KindPartner, id); err != nil {
			t.Fatalf("acknowledged partner %s missing after restore: %v", id, err)
		}
	}
	if r.Token != n.Token {
		t.Error("restore changed the admin token")
	}
	// The node knows it was restored until it has compared with a hub.
	if v, err := r.Node.Store.Setting(ctx, node.RestoredSetting); err != nil || v == "" {
		t.Errorf("restored node's %s setting is %q (%v), want the time of the restore", node.RestoredSetting, v, err)
	}
}

// A hub's folder backs up and restores the same way.
func TestBackupAndRestoreHub(t *testing.T) {
	h := hubtest.Start(t)
	out := filepath.Join(t.TempDir(), "hub.backup.db")
	mustRun(t, "--dir", h.Dir, "backup", "--out", out)
	integrityOK(t, out)
	mustRefuse(t, "the hub is running", "--dir", h.Dir, "restore", "--from", out)
	h.Stop(t)
	mustRun(t, "--dir", h.Dir, "restore", "--from", out)
	again := hubtest.Restart(t, h.Dir)
	if _, err := again.Client(t).GetHub(context.Background(), &hcnetv1.GetHubRequest{}); err != nil {
		t.Fatalf("restored hub: %v", err)
	}
}

func TestRestoreRefusals(t *testing.T) {
	node := nodetest.Start(t)
	nodeBackup := filepath.Join(t.TempDir(), "node.db")
	mustRun(t, "--dir", node.Dir, "backup", "--out", nodeBackup)
	node.Stop(t)
	hub := hubtest.Start(t)
	hubBackup := filepath.Join(t.TempDir(), "hub.db")
	mustRun(t, "--dir", hub.Dir, "backup", "--out", hubBackup)
	hub.Stop(t)
	garbage := filepath.Join(t.TempDir(), "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 500)), 0o600); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		title string
		dir   string
		from  string
		want  string
	}{
		{title: "not a database", dir: node.Dir, from: garbage, want: "not a readable SQLite database"},
		{title: "a missing backup", dir: node.Dir, from: filepath.Join(t.TempDir(), "nope.db"), want: "nope.db"},
		{title: "a hub's backup into a node's folder", dir: node.Dir, from: hubBackup, want: "a hub's database but"},
		{title: "a node's backup into a hub's folder", dir: hub.Dir, from: nodeBackup, want: "a node's database but"},
		{title: "a folder without the identity key", dir: t.TempDir(), from: nodeBackup, want: "no identity.nk"},
	} {
		t.Run(tc.title, func(t *testing.T) {
			mustRefuse(t, tc.want, "--dir", tc.dir, "restore", "--from", tc.from)
		})
	}

	// An address file nobody answers at is left over from a crash: no
	// reason to refuse.
	if err := os.WriteFile(filepath.Join(node.Dir, addrFile), []byte(node.Addr+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "--dir", node.Dir, "restore", "--from", nodeBackup)
	if _, err := os.Stat(filepath.Join(node.Dir, addrFile)); err == nil {
		t.Error("restore left the stale node.addr")
	}
}

func TestBackupNeedsAFolderAndAFile(t *testing.T) {
	for _, tc := range []struct {
		title string
		args  []string
		want  string
	}{
		{title: "no folder", args: []string{"backup", "--out", "x.db"}, want: "--dir DIR or HCNET_DIR"},
		{title: "no file", args: []string{"--dir", t.TempDir(), "backup"}, want: "--out FILE"},
		{title: "not a data folder", args: []string{"--dir", t.TempDir(), "backup", "--out", filepath.Join(t.TempDir(), "x.db")}, want: "neither hcnode.db nor hub.db"},
		{title: "restore without a backup", args: []string{"--dir", t.TempDir(), "restore"}, want: "--from FILE"},
	} {
		t.Run(tc.title, func(t *testing.T) { mustRefuse(t, tc.want, tc.args...) })
	}
}
