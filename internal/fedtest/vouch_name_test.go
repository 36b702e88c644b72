package fedtest

import (
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// TestAttestationNamesTheCity: the name in a member hub's signed
// attestation is what the hub lists the city by; an attestation whose
// name is longer than any member's may be is quarantined with the
// reason, and the name the hub holds stays.
func TestAttestationNamesTheCity(t *testing.T) {
	h := hubtest.Start(t)
	hubKey, nc := approvedMemberHub(t, h, "north-net")
	kiruna, _ := nkeys.CreateUser()
	kirunaPub, _ := kiruna.PublicKey()
	attest := func(name string, at time.Time) {
		t.Helper()
		st, err := envelope.SignStatement(hubKey, &hcnetv1.Statement{Statement: &hcnetv1.Statement_Attestation{Attestation: &hcnetv1.Attestation{
			HubId: "north-net", CityId: "kiruna", Country: "se", PublicKey: kirunaPub, Time: timestamppb.New(at), CityName: name,
		}}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := proto.Marshal(st)
		publishMsg(t, nc, &nats.Msg{Subject: subject.Attestation("se", "kiruna"), Data: b})
	}
	vouched := func() string {
		t.Helper()
		ms, err := h.Client(t).ListMembers(t.Context(), &hcnetv1.ListMembersRequest{})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms.GetMembers() {
			for _, v := range m.GetVouches() {
				if v.GetCityId() == "kiruna" {
					return v.GetCityName()
				}
			}
		}
		return ""
	}

	attest("Kiruna kommun", time.Now().Add(-time.Minute))
	poll.Until(t, "the hub lists kiruna by the name its hub gave", func() bool { return vouched() == "Kiruna kommun" })

	attest(strings.Repeat("K", record.MaxShort+1), time.Now())
	poll.Until(t, "the attestation with too long a name refused", func() bool {
		for _, r := range quarantined(t, h) {
			if strings.Contains(r, "attestation: city_name") {
				return true
			}
		}
		return false
	})
	if got := vouched(); got != "Kiruna kommun" {
		t.Errorf("after a refused attestation the hub names kiruna %q, want Kiruna kommun", got)
	}
}
