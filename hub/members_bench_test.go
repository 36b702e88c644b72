package hub_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/envelope"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
)

// BenchmarkApproveMember approves b.N joined cities one by one on a hub
// with its embedded NATS server. One approval updates one NATS user, so
// the time per approval stays flat as the membership grows (go test
// -bench ApproveMember -benchtime 10000x).
func BenchmarkApproveMember(b *testing.B) {
	ctx := context.Background()
	h := hubtest.Start(b)
	ids := make([]string, b.N)
	for i := range ids {
		kp, err := nkeys.CreateUser()
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = fmt.Sprintf("c%06d", i)
		nonce := make([]byte, 12)
		rand.Read(nonce)
		req, err := envelope.SignJoin(kp, &hcnetv1.JoinApplication{CityId: ids[i], Country: "se", Name: "City " + ids[i],
			HubId: h.Hub.Info.GetId()}, hex.EncodeToString(nonce), time.Now())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := h.Hub.Members.Join(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := range b.N {
		if _, err := h.Hub.Members.Decide(ctx, "se", ids[i], hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED); err != nil {
			b.Fatal(err)
		}
	}
}
