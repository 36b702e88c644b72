package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestHubParentCommands: the coordinator joins a running hub to a parent
// and sees the application pending there.
func TestHubParentCommands(t *testing.T) {
	parent := hubtest.StartWith(t, hub.InitOptions{ID: "eu-net", Name: "WHO European Healthy Cities Network", Level: hcnetv1.HubLevel_HUB_LEVEL_REGIONAL})
	h := startHub(t)

	contains(t, "status before", coordinatorOK(t, h, "hub", "parent").stdout, "no parent hub; join one with hcctl hub parent set ADDR")
	set := coordinatorOK(t, h, "hub", "parent", "set", parent.Addr).stdout
	contains(t, "set", set, "parent:", parent.Addr, "eu-net (WHO European Healthy Cities Network)", "status:", "pending",
		"hub approve COUNTRY/HUB-ID --member-hub")
	contains(t, "status after", coordinatorOK(t, h, "hub", "parent").stdout, parent.Addr, "pending")

	contains(t, "leave", coordinatorOK(t, h, "hub", "parent", "leave").stdout, "left "+parent.Addr)
	contains(t, "status after leaving", coordinatorOK(t, h, "hub", "parent").stdout, "no parent hub")
	if r := coordinator(t, h, "hub", "parent", "leave"); r.code != exitError {
		t.Fatalf("leaving without a parent: exit %d\n%s", r.code, r.stderr)
	}
	if r := coordinator(t, h, "hub", "parent", "set"); r.code != exitUsage {
		t.Fatalf("set without an address: exit %d, want %d\n%s", r.code, exitUsage, r.stderr)
	}
	// A hub without a country is told which setting it lacks.
	regional := startParentless(t)
	r := coordinator(t, regional, "hub", "parent", "set", parent.Addr)
	if r.code != exitError {
		t.Fatalf("set on a hub without a country: exit %d\n%s", r.code, r.stderr)
	}
	contains(t, "no country", r.stderr, "country", "--country")
}

// startParentless starts a regional hub, which has no country.
func startParentless(t *testing.T) *hubtest.Hub {
	t.Helper()
	h := hubtest.StartWith(t, hub.InitOptions{ID: "nordic-net", Name: "Nordic Healthy Cities", Level: hcnetv1.HubLevel_HUB_LEVEL_REGIONAL})
	poll.Until(t, "hub.addr", func() bool {
		b, err := os.ReadFile(filepath.Join(h.Dir, hubAddrFile))
		return err == nil && strings.TrimSpace(string(b)) == h.Addr
	})
	return h
}

// A parent that refuses the hub's application refuses it in its own
// words; the coordinator is not told their admin token is wrong.
func TestHubParentRefusedByTheParent(t *testing.T) {
	parent := hubtest.StartWith(t, hub.InitOptions{ID: "eu-net", Name: "WHO European Healthy Cities Network", Level: hcnetv1.HubLevel_HUB_LEVEL_REGIONAL})
	first := startHub(t)
	coordinatorOK(t, first, "hub", "parent", "set", parent.Addr)
	// A second hub of the same network id, with a key of its own, as
	// after a national hub was set up again from nothing.
	second := startHub(t)
	r := coordinator(t, second, "hub", "parent", "set", parent.Addr)
	if r.code != exitError {
		t.Fatalf("a second key for se/se-net: exit %d\n%s", r.code, r.stderr)
	}
	contains(t, "refused by the parent", r.stderr, "another key", "parent")
	for _, not := range []string{"admin token", "--token"} {
		if strings.Contains(r.stderr, not) {
			t.Errorf("the parent's refusal reads as the hub's own token: %s", r.stderr)
		}
	}
}
