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

// A member delivers practices; the hub's scrape shows them ingested and
// held, the member approved, the stream and consumer caught up, and
// search latency in the gRPC histogram.
func TestHubMetricsScrape(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	addr := serve(t, metrics.NewHubCollector(h.Hub), metrics.NewNodeCollector(n.Node.Sharing))

	hc, nc := h.Client(t), n.Client(t)
	if _, err := nc.JoinHub(ctx, &hcnetv1.JoinHubRequest{HubAddr: h.Addr}); err != nil {
		t.Fatalf("join: %v", err)
	}
	checkAll(t, scrape(t, addr), []check{
		{title: "applied", name: "hcnet_hub_members", labels: []string{"status", "pending"}, ok: eq(1)},
		{title: "none approved yet", name: "hcnet_hub_members", labels: []string{"status", "approved"}, ok: eq(0)},
	})
	if _, err := hc.ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{CityId: n.CityID, Country: "se"}); err != nil {
		t.Fatalf("approve: %v", err)
	}
	for _, title := range []string{"Mötesplatser mot ensamhet", "Gröna skolgårdar", "Cykelbiblioteket"} {
		if _, err := nc.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice(title, hcnetv1.Visibility_VISIBILITY_PUBLIC)}); err != nil {
			t.Fatal(err)
		}
	}
	// The city profile is shared too when the node joins; wait for the
	// three practices.
	poll.Until(t, "practices ingested", func() bool {
		v, _ := value(scrape(t, addr), "hcnet_hub_records", "kind", "practice")
		return v == 3
	})
	if _, err := hc.SearchPractices(ctx, &hcnetv1.SearchPracticesRequest{Query: "skolgårdar"}); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "node outbox drained", func() bool {
		v, _ := value(scrape(t, addr), "hcnet_node_outbox_depth")
		return v == 0
	})
	checkAll(t, scrape(t, addr), []check{
		{title: "approved", name: "hcnet_hub_members", labels: []string{"status", "approved"}, ok: eq(1)},
		{title: "no kind missing", name: "hcnet_hub_records", labels: []string{"kind", "endorsement"}, ok: eq(0)},
		{title: "upserted", name: "hcnet_hub_ingest_records_total", labels: []string{"result", "upserted"}, ok: atLeast(3)},
		{title: "nothing quarantined", name: "hcnet_hub_ingest_records_total", labels: []string{"result", "quarantined"}, ok: eq(0)},
		{title: "batches", name: "hcnet_hub_ingest_batches_total", ok: atLeast(1)},
		{title: "last batch time", name: "hcnet_hub_ingest_last_batch_timestamp_seconds", ok: atLeast(1)},
		{title: "stream holds every record", name: "hcnet_hub_stream_messages", ok: atLeast(3)},
		{title: "stream bytes", name: "hcnet_hub_stream_bytes", ok: atLeast(1)},
		{title: "ingest caught up", name: "hcnet_hub_ingest_pending_messages", ok: eq(0)},
		{title: "nothing unacknowledged", name: "hcnet_hub_ingest_ack_pending_messages", ok: eq(0)},
		{title: "search latency", name: "grpc_server_handling_seconds",
			labels: []string{"grpc_service", "hcnet.v1.HubService", "grpc_method", "SearchPractices"}, ok: atLeast(1)},
		{title: "node delivered", name: "hcnet_node_delivered_records_total", ok: atLeast(3)},
		{title: "node connected", name: "hcnet_node_hub_connected", ok: eq(1)},
		{title: "node last delivery", name: "hcnet_node_last_delivery_timestamp_seconds", ok: atLeast(1)},
	})
}
