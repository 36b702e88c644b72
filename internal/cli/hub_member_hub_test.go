package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/envelope"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// applyTo sends a signed application for se/id to h, as a city or as a
// member hub, with a new key.
func applyTo(tb testing.TB, h *hubtest.Hub, id string, asHub bool) {
	tb.Helper()
	kp, _ := nkeys.CreateUser()
	if err := applyWith(tb, h, kp, id, asHub); err != nil {
		tb.Fatalf("join %s: %v", id, err)
	}
}

// applyWith sends a signed application for se/id with kp.
func applyWith(tb testing.TB, h *hubtest.Hub, kp nkeys.KeyPair, id string, asHub bool) error {
	tb.Helper()
	nonce := make([]byte, 12)
	rand.Read(nonce)
	req, err := envelope.SignJoin(kp, &hcnetv1.JoinApplication{CityId: id, Country: "se", Name: id, HubId: h.Hub.Info.GetId(), Hub: asHub},
		hex.EncodeToString(nonce), time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	_, err = h.Client(tb).Join(context.Background(), req)
	return err
}

// TestApprovingAMemberHubNeedsMemberHub: anyone may apply as a member
// hub, which vouches for the keys of its country's cities. The
// application shows as one, and the coordinator approves it only by
// saying so (--member-hub; hub in the request), never unawares.
func TestApprovingAMemberHubNeedsMemberHub(t *testing.T) {
	h := startHub(t)
	applyTo(t, h, "rogue-net", true)
	applyTo(t, h, "lund", false)

	contains(t, "the hub's row", memberRow(t, h, "rogue-net"), "member hub", "pending")
	contains(t, "the city's row", memberRow(t, h, "lund"), "city", "pending")

	refused := coordinator(t, h, "hub", "approve", "se/rogue-net")
	if refused.code == 0 {
		t.Fatalf("a member hub's application was approved without --member-hub:\n%s", refused.stdout)
	}
	contains(t, "the refusal", refused.stderr, "the hub refused the input", "--member-hub", "applied as a member hub")
	_, err := h.Client(t).ApproveMember(context.Background(), &hcnetv1.ApproveMemberRequest{Country: "se", CityId: "rogue-net"})
	if status.Code(err) != codes.InvalidArgument || !badField(err, "hub") {
		t.Fatalf("ApproveMember of a hub without hub set: %v, want INVALID_ARGUMENT on field hub", err)
	}
	contains(t, "still pending", memberRow(t, h, "rogue-net"), "pending")

	if r := coordinator(t, h, "hub", "approve", "--member-hub", "se/lund"); r.code == 0 {
		t.Fatalf("a city was approved as a member hub:\n%s", r.stdout)
	}
	contains(t, "approved knowingly", coordinatorOK(t, h, "hub", "approve", "--member-hub", "se/rogue-net").stdout, "member hub", "approved")
	contains(t, "the city approved as a city", coordinatorOK(t, h, "hub", "approve", "se/lund").stdout, "approved")
}

// badField says whether err's BadRequest details name field.
func badField(err error, field string) bool {
	for _, d := range status.Convert(err).Details() {
		if br, ok := d.(*errdetails.BadRequest); ok {
			for _, v := range br.GetFieldViolations() {
				if v.GetField() == field {
					return true
				}
			}
		}
	}
	return false
}
