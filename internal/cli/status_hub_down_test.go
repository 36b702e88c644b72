package cli

import (
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestStatusSeesTheHubGo: once the hub stops, status says the node is not
// connected, while its NATS client is still trying to reconnect, rather
// than when it gives up.
func TestStatusSeesTheHubGo(t *testing.T) {
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	approvedMember(t, h, n)
	if line := connectedLine(t, n); !strings.Contains(line, "yes") {
		t.Fatalf("connected to a running hub: %q", line)
	}
	h.Stop(t)
	poll.Until(t, "status says not connected", func() bool { return !nodeStatus(t, n).GetConnected() })
	if line := connectedLine(t, n); !strings.Contains(line, "no") {
		t.Fatalf("connected to a stopped hub: %q", line)
	}
}

// connectedLine is the "connected:" line of hcctl status.
func connectedLine(tb testing.TB, n *nodetest.Node) string {
	tb.Helper()
	out := ok(tb, n, "status")
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "connected:") {
			return line
		}
	}
	tb.Fatalf("no connected line in:\n%s", out)
	return ""
}
