package metrics_test

import (
	"context"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/metrics"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Before a hub approves the node, its city profile waits in the outbox
// and grows old; hcnet_node_hub_joined stays 0 until the approval, so an
// alert on the outbox age that also asks for joined == 1 stays quiet
// before the join and wakes for an outage after it.
func TestNodeHubJoinedFollowsMembership(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	addr := serve(t, metrics.NewNodeCollector(n.Node.Sharing))

	poll.Until(t, "the unjoined node's outbox ages", func() bool {
		v, _ := value(scrape(t, addr), "hcnet_node_outbox_oldest_age_seconds")
		return v > 0
	})
	checkAll(t, scrape(t, addr), []check{
		{title: "no hub yet", name: "hcnet_node_hub_joined", ok: eq(0)},
		{title: "the profile waits", name: "hcnet_node_outbox_depth", ok: atLeast(1)},
	})

	if _, err := n.Client(t).JoinHub(ctx, &hcnetv1.JoinHubRequest{HubAddr: h.Addr}); err != nil {
		t.Fatalf("join: %v", err)
	}
	checkAll(t, scrape(t, addr), []check{
		{title: "pending is not joined", name: "hcnet_node_hub_joined", ok: eq(0)},
	})

	if _, err := h.Client(t).ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{CityId: n.CityID, Country: "se"}); err != nil {
		t.Fatalf("approve: %v", err)
	}
	poll.Until(t, "the approval seen by the node", func() bool {
		v, _ := value(scrape(t, addr), "hcnet_node_hub_joined")
		return v == 1
	})
	poll.Until(t, "the outbox delivered", func() bool {
		v, _ := value(scrape(t, addr), "hcnet_node_outbox_depth")
		return v == 0
	})
	checkAll(t, scrape(t, addr), []check{
		{title: "still joined once delivered", name: "hcnet_node_hub_joined", ok: eq(1)},
		{title: "nothing waits", name: "hcnet_node_outbox_oldest_age_seconds", ok: eq(0)},
	})
}
