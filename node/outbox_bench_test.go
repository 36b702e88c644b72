package node_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func benchPractice(i int) *hcnetv1.Practice {
	return &hcnetv1.Practice{
		Visibility:       hcnetv1.Visibility_VISIBILITY_NETWORK,
		Status:           hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
		OriginalLanguage: "en",
		Texts: map[string]*hcnetv1.PracticeText{"en": {
			Title:   fmt.Sprintf("Meeting places against loneliness %d", i),
			Summary: "Older residents meet across generations in libraries, gardens and schools, every week of the year.",
		}},
		Sdg: &hcnetv1.SdgTags{Goals: []int32{3, 10}},
	}
}

// BenchmarkShareWrite measures writing a shared practice: the row, its
// index and the signed envelope in the outbox, in one transaction.
func BenchmarkShareWrite(b *testing.B) {
	n := nodetest.Start(b)
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := n.Node.Store.Create(ctx, benchPractice(i)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRelayDrain measures the relay emptying an outbox of b.N
// practices into an embedded hub: from approval until the outbox is empty
// (the hub's PubAcks, not its SQLite commit).
func BenchmarkRelayDrain(b *testing.B) {
	h := hubtest.Start(b)
	n := nodetest.Start(b)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		if err := n.Node.Store.Create(ctx, benchPractice(i)); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := n.Node.Sharing.Join(ctx, h.Addr); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	if _, err := h.Hub.Members.Decide(ctx, "se", n.CityID, hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED); err != nil {
		b.Fatal(err)
	}
	n.Node.Sharing.Wake()
	deadline := time.Now().Add(5 * time.Minute)
	for {
		st, err := n.Node.Sharing.Status(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if st.GetOutboxDepth() == 0 {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("outbox still holds %d", st.GetOutboxDepth())
		}
		time.Sleep(2 * time.Millisecond)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
