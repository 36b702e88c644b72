package fedtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/envelope"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// tryApply sends a signed application for se/city with kp to h.
func tryApply(t *testing.T, h *hubtest.Hub, kp nkeys.KeyPair, city string) error {
	t.Helper()
	nonce := make([]byte, 12)
	rand.Read(nonce)
	req, err := envelope.SignJoin(kp, &hcnetv1.JoinApplication{CityId: city, Country: "se", Name: city, HubId: h.Hub.Info.GetId()},
		hex.EncodeToString(nonce), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	_, err = h.Client(t).Join(context.Background(), req)
	return err
}

func retryDelay(err error) time.Duration {
	for _, d := range status.Convert(err).Details() {
		if ri, ok := d.(*errdetails.RetryInfo); ok {
			return ri.GetRetryDelay().AsDuration()
		}
	}
	return 0
}

// TestApplicationFloodIsLimited: anyone may apply, so one source sending
// 200 applications gets its burst in and is told when to retry for the
// rest, and the hub takes no more applications awaiting the coordinator
// than its cap; a city asking how its application stands is not
// counted.
func TestApplicationFloodIsLimited(t *testing.T) {
	t.Run("per source", func(t *testing.T) {
		h := hubtest.StartTuned(t, func(c *hub.Config) { c.JoinRate, c.JoinBurst, c.MaxPending = 10, 5, 0 })
		keys := make([]nkeys.KeyPair, 200)
		accepted, limited := 0, 0
		for i := range keys {
			keys[i], _ = nkeys.CreateUser()
			err := tryApply(t, h, keys[i], "flood"+hex.EncodeToString([]byte{byte(i)}))
			switch {
			case err == nil:
				accepted++
			case status.Code(err) == codes.ResourceExhausted && retryDelay(err) > 0:
				limited++
			default:
				t.Fatalf("application %d: %v, want accepted or RESOURCE_EXHAUSTED with a retry delay", i, err)
			}
		}
		if accepted != 5 || limited != 195 {
			t.Fatalf("%d accepted, %d limited; want 5 and 195", accepted, limited)
		}
		ms, err := h.Hub.Members.List(context.Background(), hcnetv1.MemberStatus_MEMBER_STATUS_PENDING)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 5 {
			t.Fatalf("%d applications pending, want 5", len(ms))
		}
		// The first applicant asks again how it stands: answered.
		if err := tryApply(t, h, keys[0], "flood00"); err != nil {
			t.Fatalf("asking how an application stands: %v", err)
		}
	})
	t.Run("pending cap", func(t *testing.T) {
		h := hubtest.StartTuned(t, func(c *hub.Config) { c.JoinRate, c.JoinBurst, c.MaxPending = 0, 1, 20 })
		for i := range 30 {
			kp, _ := nkeys.CreateUser()
			err := tryApply(t, h, kp, "cap"+hex.EncodeToString([]byte{byte(i)}))
			if i < 20 && err != nil {
				t.Fatalf("application %d under the cap: %v", i, err)
			}
			if i >= 20 && status.Code(err) != codes.ResourceExhausted {
				t.Fatalf("application %d over the cap: %v, want RESOURCE_EXHAUSTED", i, err)
			}
		}
		// The coordinator deleting one makes room for one.
		if _, err := h.Client(t).DeleteMember(context.Background(), &hcnetv1.DeleteMemberRequest{Country: "se", CityId: "cap00"}); err != nil {
			t.Fatal(err)
		}
		kp, _ := nkeys.CreateUser()
		if err := tryApply(t, h, kp, "latecomer"); err != nil {
			t.Fatalf("after a deletion: %v", err)
		}
	})
}
