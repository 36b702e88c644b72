package metrics_test

import (
	"context"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/metrics"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func practice(title string, vis hcnetv1.Visibility) *hcnetv1.Practice {
	return &hcnetv1.Practice{
		Visibility:       vis,
		Status:           hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
		OriginalLanguage: "sv",
		Texts: map[string]*hcnetv1.PracticeText{
			"sv": {Title: title, Summary: "Äldre möts över generationer i Rosengård"},
		},
		Sdg: &hcnetv1.SdgTags{Goals: []int32{3, 10}},
	}
}

// A node that has not joined a hub keeps what it shares in the outbox;
// the scrape shows how much and since when, and the gRPC calls made.
func TestNodeMetricsScrape(t *testing.T) {
	n := nodetest.Start(t)
	ctx := context.Background()
	c := n.Client(t)
	addr := serve(t, metrics.NewNodeCollector(n.Node.Sharing))
	// The node shares its city profile from the start.
	base, _ := value(scrape(t, addr), "hcnet_node_outbox_depth")
	for _, title := range []string{"Mötesplatser mot ensamhet", "Gröna skolgårdar"} {
		if _, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice(title, hcnetv1.Visibility_VISIBILITY_PUBLIC)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Intern", hcnetv1.Visibility_VISIBILITY_PRIVATE)}); err != nil {
		t.Fatal(err)
	}
	// The oldest record's age grows; wait until it is measurable.
	poll.Until(t, "outbox age above zero", func() bool {
		v, _ := value(scrape(t, addr), "hcnet_node_outbox_oldest_age_seconds")
		return v > 0
	})
	checkAll(t, scrape(t, addr), []check{
		{title: "shared records wait, the private one does not", name: "hcnet_node_outbox_depth", ok: eq(base + 2)},
		{title: "oldest age is since the first write", name: "hcnet_node_outbox_oldest_age_seconds", ok: func(v float64) bool { return v > 0 && v < time.Minute.Seconds() }},
		{title: "nothing delivered without a hub", name: "hcnet_node_delivered_records_total", ok: eq(0)},
		{title: "never delivered", name: "hcnet_node_last_delivery_timestamp_seconds", ok: eq(0)},
		{title: "not connected", name: "hcnet_node_hub_connected", ok: eq(0)},
		{title: "gRPC calls counted by method and code", name: "grpc_server_handled_total",
			labels: []string{"grpc_service", "hcnet.v1.CityService", "grpc_method", "CreatePractice", "grpc_code", "OK"}, ok: atLeast(3)},
		{title: "gRPC handling time per method", name: "grpc_server_handling_seconds",
			labels: []string{"grpc_method", "CreatePractice"}, ok: atLeast(3)},
		{title: "Go runtime", name: "go_goroutines", ok: atLeast(1)},
	})
}

// A refused call is counted with its code, so an alert can watch for
// clients with a wrong token.
func TestNodeMetricsCountRefusedCalls(t *testing.T) {
	n := nodetest.Start(t)
	addr := serve(t)
	before, _ := value(scrape(t, addr), "grpc_server_handled_total", "grpc_method", "GetCity", "grpc_code", "Unauthenticated")
	_, err := hcnetv1.NewCityServiceClient(n.Conn(t, "wrong")).GetCity(context.Background(), &hcnetv1.GetCityRequest{})
	if err == nil {
		t.Fatal("GetCity with a wrong token succeeded")
	}
	after, _ := value(scrape(t, addr), "grpc_server_handled_total", "grpc_method", "GetCity", "grpc_code", "Unauthenticated")
	if after != before+1 {
		t.Fatalf("Unauthenticated GetCity calls: %v before, %v after, want one more", before, after)
	}
}
