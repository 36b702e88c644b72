package main

import (
	"context"
	"errors"
	"github.com/hcnet/hcnet/internal/syncbuf"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub"
)

// TestRecoverCommand: run on a folder whose hub.db is lost fails without
// creating one and names the way back; recover checks its flags, rebuilds
// the database once, and refuses a folder that holds a hub.
func TestRecoverCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "se-net")
	ctx := context.Background()
	var out syncbuf.Buffer
	run := func(args ...string) error { return NewMain(&out, &out).Run(ctx, args) }
	if err := run("init", "--dir", dir, "--id", "se-net", "--name", "Healthy Cities Sweden", "--country", "se"); err != nil {
		t.Fatalf("init: %v\n%s", err, out.String())
	}
	db := filepath.Join(dir, hub.DBFile)
	if err := os.Remove(db); err != nil {
		t.Fatal(err)
	}
	err := run("run", "--dir", dir, "--listen", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "hub.db is missing") || !strings.Contains(err.Error(), "hchub recover --dir "+dir) {
		t.Fatalf("run without hub.db: %v", err)
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("run left %s behind: %v", db, err)
	}
	// An empty hub.db, as an earlier release left behind, is reported
	// the same way and moved aside by recover.
	if err := os.WriteFile(db, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := run("run", "--dir", dir, "--listen", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0"); err == nil || !strings.Contains(err.Error(), "holds no hub's settings") {
		t.Fatalf("run with an empty hub.db: %v", err)
	}
	if err := run("recover", "--dir", dir, "--id", "SE NET", "--name", "Healthy Cities Sweden"); err == nil || !strings.Contains(err.Error(), "--id") {
		t.Fatalf("recover with a bad id: %v", err)
	}
	if err := run("recover", "--dir", t.TempDir(), "--id", "se-net", "--name", "Healthy Cities Sweden"); err == nil || !strings.Contains(err.Error(), "no hub identity") {
		t.Fatalf("recover in a folder without a hub: %v", err)
	}
	out = syncbuf.Buffer{}
	if err := run("recover", "--dir", dir, "--id", "se-net", "--name", "Healthy Cities Sweden", "--country", "SE"); err != nil {
		t.Fatalf("recover: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "Moved the empty database aside: "+db+".pre-recover-") ||
		!strings.Contains(out.String(), "Recovered national hub se-net") || !strings.Contains(out.String(), "Next: hchub run --dir "+dir) {
		t.Errorf("recover said:\n%s", out.String())
	}
	if err := run("recover", "--dir", dir, "--id", "se-net", "--name", "Healthy Cities Sweden"); err == nil || !strings.Contains(err.Error(), "holds hub se-net") {
		t.Fatalf("second recover: %v", err)
	}
}
