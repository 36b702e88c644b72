package node_test

import (
	"context"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// BenchmarkListDeliveries measures what the hub page asks for: the
// delivery state of every shared record of a city with 2,000 shared
// practices waiting in the outbox (each record read and decoded for its
// title, the outbox scanned once).
func BenchmarkListDeliveries(b *testing.B) {
	n := nodetest.Start(b)
	ctx := context.Background()
	const records = 2000
	for i := range records {
		if err := n.Node.Store.Create(ctx, benchPractice(i)); err != nil {
			b.Fatal(err)
		}
	}
	c := n.Client(b)
	b.ReportAllocs()
	for b.Loop() {
		res, err := c.ListDeliveries(ctx, &hcnetv1.ListDeliveriesRequest{})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.GetDeliveries()) != records+1 { // and the city
			b.Fatalf("%d deliveries, want %d", len(res.GetDeliveries()), records+1)
		}
	}
}

// BenchmarkPreviewShared measures one preview of a shared practice.
func BenchmarkPreviewShared(b *testing.B) {
	n := nodetest.Start(b)
	ctx := context.Background()
	p := benchPractice(1)
	if err := n.Node.Store.Create(ctx, p); err != nil {
		b.Fatal(err)
	}
	c := n.Client(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.PreviewShared(ctx, &hcnetv1.PreviewSharedRequest{Kind: "practice", Id: p.GetId()}); err != nil {
			b.Fatal(err)
		}
	}
}
