package cli

import (
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestRecordHistoryCommand: hcctl record history lists a record's changes
// newest first under "admin token", as a table and as JSON, keeps a
// deleted record's history, and names a bad kind as the argument to fix.
func TestRecordHistoryCommand(t *testing.T) {
	n := nodetest.Start(t)
	p := addPartner(t, n, "--organisation", "Röda Korset", "--kind", "ngo", "--sector", "health")
	ok(t, n, "partner", "update", p.GetId(), "--organisation", "Svenska Röda Korset")

	out := ok(t, n, "record", "history", "partner", p.GetId())
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "TIME") {
		t.Fatalf("history table:\n%s\nwant a header and two changes", out)
	}
	for i, want := range []string{"update", "create"} {
		if f := strings.Fields(lines[i+1]); !strings.Contains(lines[i+1], "admin token") || f[len(f)-2] != want || f[len(f)-1] != []string{"2", "1"}[i] {
			t.Errorf("line %d %q: want %s by admin token", i+1, lines[i+1], want)
		}
	}

	ok(t, n, "partner", "delete", p.GetId())
	res := decode(t, ok(t, n, "record", "history", "partner", p.GetId(), "--limit", "1", "-o", "json"), &hcnetv1.ListChangesResponse{})
	if ch := res.GetChanges(); len(ch) != 1 || ch[0].GetAction() != hcnetv1.ChangeAction_CHANGE_ACTION_DELETE || ch[0].GetVersion() != 3 {
		t.Errorf("history after delete, limit 1: %v; want the delete at version 3 only", ch)
	}

	out = ok(t, n, "record", "history", "practice", p.GetId())
	if !strings.Contains(out, "no changes recorded") {
		t.Errorf("history of a practice under a partner's id: %q", out)
	}
	if stderr := fails(t, n, "record", "history", "gadget", p.GetId()); !strings.Contains(stderr, "KIND") || !strings.Contains(stderr, "gadget") {
		t.Errorf("bad kind: stderr %q, want it to name KIND and the kind given", stderr)
	}
	if stderr := fails(t, n, "record", "history", p.GetId()); !strings.Contains(stderr, "want a kind and a record id") {
		t.Errorf("one argument: stderr %q", stderr)
	}
}
