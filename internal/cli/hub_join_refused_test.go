package cli

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/node/nodetest"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestJoinRefusedByHub: a hub that refuses an application says why, and
// the officer running hcctl hub join reads the hub's reason with its
// kind, not "retry later" (Unavailable). A second node claiming a city
// the hub knows under another key is refused as Unauthenticated.
func TestJoinRefusedByHub(t *testing.T) {
	h := startHub(t)
	first := nodetest.Start(t)
	ok(t, first, "hub", "join", "--hub", h.Addr)
	impostor := nodetest.Start(t) // se/malmo again, with a key of its own

	args := []string{"--node", impostor.Addr, "--dir", impostor.Dir, "hub", "join", "--hub", h.Addr}
	var stdout, stderr bytes.Buffer
	a := newApp(Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr})
	defer a.close()
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	err := root.ExecuteContext(context.Background())
	if err == nil {
		t.Fatalf("join with another key succeeded:\n%s", stdout.String())
	}
	const hubSays = "se/malmo applied with another key; ask the coordinator"
	if k := errs.KindOf(err); k != errs.Unauthenticated {
		t.Fatalf("hcctl's error is of kind %v, want unauthenticated: %v", k, err)
	}
	// Passed on again, the error is the code the hub answered.
	if c := status.Code(errs.Status(context.Background(), slog.New(slog.DiscardHandler), "/x", err)); c != codes.Unauthenticated {
		t.Fatalf("hcctl's error carries code %v, want Unauthenticated", c)
	}
	if !strings.Contains(err.Error(), hubSays) {
		t.Fatalf("hcctl's error lacks the hub's message %q: %v", hubSays, err)
	}
	said := a.describe(err)
	contains(t, "what the officer reads", said, "hcctl: join "+h.Addr+": ", hubSays)
	for _, wrong := range []string{"is hchub running", "could not apply", "admin token", "retry"} {
		if strings.Contains(said, wrong) {
			t.Errorf("the officer reads %q, which the hub did not say:\n%s", wrong, said)
		}
	}

	// The same through the program's front door: exit 1, one line.
	r := hcctl(t, impostor, "hub", "join", "--hub", h.Addr)
	if r.code != exitError || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	contains(t, "stderr", r.stderr, hubSays)
}
