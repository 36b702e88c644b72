package node

import (
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// TestDeliveryState: what waits is refused when the hub refused the
// membership or the envelope, in the hub's words, and otherwise waits
// saying for what; nothing waiting is delivered.
func TestDeliveryState(t *testing.T) {
	approved := &hcnetv1.HubLink{HubAddr: "127.0.0.1:7500", HubName: "Healthy Cities Sweden", Status: hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED}
	with := func(s hcnetv1.MemberStatus) *hcnetv1.HubLink {
		l := proto.CloneOf(approved)
		l.Status = s
		return l
	}
	waiting := delivery{waiting: true, msgIDs: []string{"se/malmo/01J/3"}}
	for _, tc := range []struct {
		title  string
		d      delivery
		st     *hcnetv1.GetStatusResponse
		linked bool
		state  hcnetv1.DeliveryState
		reason string
	}{
		{"nothing waits", delivery{}, &hcnetv1.GetStatusResponse{}, true, hcnetv1.DeliveryState_DELIVERY_STATE_DELIVERED, ""},
		{"no link", waiting, nil, false, hcnetv1.DeliveryState_DELIVERY_STATE_WAITING, "no link to a hub"},
		{"not joined", waiting, &hcnetv1.GetStatusResponse{}, true, hcnetv1.DeliveryState_DELIVERY_STATE_WAITING, "not joined"},
		{"pending", waiting, &hcnetv1.GetStatusResponse{Hub: with(hcnetv1.MemberStatus_MEMBER_STATUS_PENDING)}, true,
			hcnetv1.DeliveryState_DELIVERY_STATE_WAITING, "waiting for the coordinator of Healthy Cities Sweden"},
		{"rejected", waiting, &hcnetv1.GetStatusResponse{Hub: with(hcnetv1.MemberStatus_MEMBER_STATUS_REJECTED), LastError: "not a Healthy City"}, true,
			hcnetv1.DeliveryState_DELIVERY_STATE_REFUSED, "turned the city's application down; its coordinator can still admit the city. The hub's last answer: not a Healthy City"},
		{"revoked", waiting, &hcnetv1.GetStatusResponse{Hub: with(hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED)}, true,
			hcnetv1.DeliveryState_DELIVERY_STATE_REFUSED, "withdrew the city's membership"},
		{"envelope refused", waiting, &hcnetv1.GetStatusResponse{Hub: approved, LastError: "publish se/malmo/01J/3: message size exceeds maximum allowed"}, true,
			hcnetv1.DeliveryState_DELIVERY_STATE_REFUSED, "did not take it: publish se/malmo/01J/3: message size exceeds maximum allowed"},
		{"another envelope failed", waiting, &hcnetv1.GetStatusResponse{Hub: approved, LastError: "publish se/malmo/01K/1: boom", LastErrorTime: timestamppb.Now()}, true,
			hcnetv1.DeliveryState_DELIVERY_STATE_WAITING, "the last attempt to deliver failed: publish se/malmo/01K/1: boom"},
		{"disconnected", waiting, &hcnetv1.GetStatusResponse{Hub: approved}, true, hcnetv1.DeliveryState_DELIVERY_STATE_WAITING, "not connected"},
		{"on its way", waiting, &hcnetv1.GetStatusResponse{Hub: approved, Connected: true}, true, hcnetv1.DeliveryState_DELIVERY_STATE_WAITING, "on its way to Healthy Cities Sweden"},
	} {
		state, reason := deliveryState(tc.d, tc.st, tc.linked)
		if state != tc.state || !strings.Contains(reason, tc.reason) {
			t.Errorf("%s: %v %q, want %v with %q", tc.title, state, reason, tc.state, tc.reason)
		}
	}
}
