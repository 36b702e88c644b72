package node

import (
	"strings"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// deliveryState says where d stands and why, from the node's link to its
// hub (st; linked is false on a server that has none). Nothing waiting
// means the hub acknowledged the latest version. What waits is refused
// when the hub refused the city's membership, or when the relay's last
// failure names one of its envelopes (the relay says "publish MSGID: …"
// for a publish the hub's stream refused); otherwise it waits, and the
// reason says for what.
func deliveryState(d delivery, st *hcnetv1.GetStatusResponse, linked bool) (hcnetv1.DeliveryState, string) {
	const (
		delivered = hcnetv1.DeliveryState_DELIVERY_STATE_DELIVERED
		waiting   = hcnetv1.DeliveryState_DELIVERY_STATE_WAITING
		refused   = hcnetv1.DeliveryState_DELIVERY_STATE_REFUSED
	)
	if !d.waiting {
		return delivered, ""
	}
	hub := st.GetHub()
	name := hub.GetHubName()
	if name == "" {
		name = hub.GetHubAddr()
	}
	lastErr := st.GetLastError()
	said := ""
	if lastErr != "" {
		said = " The hub's last answer: " + lastErr
	}
	switch {
	case !linked:
		return waiting, "this server has no link to a hub: it serves the city's records only"
	case hub == nil:
		return waiting, "the node has not joined a hub yet"
	case hub.GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_REJECTED:
		return refused, "the hub " + name + " turned the city's application down; its coordinator can still admit the city." + said
	case hub.GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED:
		return refused, "the hub " + name + " withdrew the city's membership and refuses its records." + said
	case hub.GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED:
		return waiting, "waiting for the coordinator of " + name + " to approve the city"
	}
	for _, id := range d.msgIDs {
		if lastErr != "" && strings.Contains(lastErr, id) {
			return refused, "the hub " + name + " did not take it: " + lastErr
		}
	}
	switch {
	case lastErr != "":
		return waiting, "the last attempt to deliver failed: " + lastErr
	case !st.GetConnected():
		return waiting, "the node is not connected to " + name + " just now; it keeps trying"
	}
	return waiting, "on its way to " + name
}
