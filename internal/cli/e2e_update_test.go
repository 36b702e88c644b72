package cli

import (
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

func TestUpdateChangesOnlyFlaggedFields(t *testing.T) {
	n := nodetest.Start(t)
	p := addPartner(t, n, "--organisation", "Röda korset Malmö", "--kind", "ngo", "--sector", "social_services", "--description", "Volontärer", "--contact-name", "Åsa")
	out := ok(t, n, "partner", "update", p.GetId(), "--sector", "health", "--contact-email", "asa@example.se", "-o", "json")
	got := decode(t, out, &hcnetv1.UpdatePartnerResponse{}).GetPartner()
	want := proto.Clone(p).(*hcnetv1.Partner)
	want.Sector = hcnetv1.Sector_SECTOR_HEALTH
	want.Contact.Email = "asa@example.se"
	want.Version, want.UpdateTime = got.GetVersion(), got.GetUpdateTime()
	assertMessage(t, got, want)
	if got.GetVersion() != p.GetVersion()+1 {
		t.Fatalf("version = %d, want %d", got.GetVersion(), p.GetVersion()+1)
	}

	stderr := fails(t, n, "partner", "update", p.GetId())
	if !strings.Contains(stderr, "nothing to change") {
		t.Fatalf("stderr = %q", stderr)
	}
}

func TestStaleUpdateIsAborted(t *testing.T) {
	n := nodetest.Start(t)
	p := addPartner(t, n, "--organisation", "Fryshuset", "--kind", "ngo", "--sector", "sport")
	ok(t, n, "partner", "update", p.GetId(), "--description", "first change")
	// The officer still has the version they read before that change.
	stderr := fails(t, n, "partner", "update", p.GetId(), "--description", "second change", "--version", "1")
	want := "hcctl: update partner " + p.GetId() + ": changed by someone else since you read it; run again\n"
	if stderr != want {
		t.Fatalf("stderr = %q, want %q", stderr, want)
	}
	stderr = fails(t, n, "partner", "delete", p.GetId(), "--version", "1")
	if !strings.Contains(stderr, "changed by someone else") {
		t.Fatalf("stale delete: %q", stderr)
	}
	got := decode(t, ok(t, n, "partner", "get", p.GetId(), "-o", "json"), &hcnetv1.GetPartnerResponse{}).GetPartner()
	if got.GetDescription() != "first change" {
		t.Fatalf("description = %q after a refused update", got.GetDescription())
	}
}

func TestWrongToken(t *testing.T) {
	n := nodetest.Start(t)
	tests := []struct {
		title string
		env   map[string]string
		args  []string
	}{
		{title: "wrong --token", args: []string{"--node", n.Addr, "--token", "not-the-token", "city", "get"}},
		{title: "wrong HCNET_TOKEN", env: map[string]string{"HCNET_TOKEN": "nope", "HCNET_NODE": n.Addr}, args: []string{"partner", "list"}},
		{title: "no token at all", args: []string{"--node", n.Addr, "city", "get"}},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			r := runWith(t, tt.env, tt.args...)
			if r.code != exitError {
				t.Fatalf("exit %d, want %d", r.code, exitError)
			}
			for _, want := range []string{"did not accept the admin token", "--dir", "--token", "HCNET_TOKEN"} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr %q lacks %q", r.stderr, want)
				}
			}
			if strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("stderr is not one line: %q", r.stderr)
			}
		})
	}
}

func TestInvalidInputListsEveryField(t *testing.T) {
	n := nodetest.Start(t)
	stderr := fails(t, n, "partnership", "add", "--title", "", "--sdg", "18", "--sdg-target", "x.1", "--start-date", "2025-02-30")
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if !strings.HasPrefix(lines[0], "hcctl: add partnership: the node refused the input") {
		t.Fatalf("first line %q", lines[0])
	}
	for _, want := range []string{"partnership.title: ", "partnership.sdg.goals[0]: ", "partnership.sdg.targets[0]: ", "partnership.start_date: ", "partnership.visibility: "} {
		found := false
		for _, l := range lines[1:] {
			found = found || strings.HasPrefix(l, want)
		}
		if !found {
			t.Errorf("no line for %s in\n%s", want, stderr)
		}
	}
	if !strings.Contains(stderr, "(--sdg-target)") {
		t.Errorf("violations do not name their flags:\n%s", stderr)
	}
}
