package node_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/proto"
)

// outboxPayload is the shared form in the newest envelope the outbox
// holds for the record with the id.
func outboxPayload(t *testing.T, n *nodetest.Node, id string) *hcnetv1.SharedRecord {
	t.Helper()
	rows, err := n.Node.Store.OutboxBatch(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var newest *hcnetv1.Envelope
	var version int64
	for _, r := range rows {
		env := &hcnetv1.Envelope{}
		if err := proto.Unmarshal(r.Envelope, env); err != nil {
			t.Fatal(err)
		}
		h, err := envelope.PeekHeader(env)
		if err != nil {
			t.Fatal(err)
		}
		if h.GetId() == id && h.GetVersion() > version {
			newest, version = env, h.GetVersion()
		}
	}
	if newest == nil {
		t.Fatalf("the outbox holds nothing for %s", id)
	}
	rec := &hcnetv1.SharedRecord{}
	if err := proto.Unmarshal(newest.GetPayload(), rec); err != nil {
		t.Fatal(err)
	}
	return rec
}

func deterministic(t *testing.T, m proto.Message) []byte {
	t.Helper()
	b, err := proto.MarshalOptions{Deterministic: true}.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestPreviewIsWhatTheOutboxHolds: the preview of a public partnership
// naming a private and a public partner is, field for field and byte for
// byte, the payload the write put into the outbox: the private partner
// unnamed, no contact anywhere.
func TestPreviewIsWhatTheOutboxHolds(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	hidden := nodetest.Partner("Hemliga föreningen")
	hidden.Visibility = hcnetv1.Visibility_VISIBILITY_PRIVATE
	private := createPartner(t, c, hidden)
	open := nodetest.Partner("Malmö stad")
	open.Visibility = hcnetv1.Visibility_VISIBILITY_PUBLIC
	public := createPartner(t, c, open)
	p := createPartnership(t, c, nodetest.Partnership("Meeting places", public.GetId(), private.GetId()))

	res, err := c.PreviewShared(callCtx(t), &hcnetv1.PreviewSharedRequest{Kind: string(record.KindPartnership), Id: p.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	if res.GetVersion() != p.GetVersion() || res.GetVisibility() != hcnetv1.Visibility_VISIBILITY_PUBLIC || res.GetTitle() != "Meeting places" {
		t.Fatalf("preview of %q version %d, %v; want Meeting places %d, public", res.GetTitle(), res.GetVersion(), res.GetVisibility(), p.GetVersion())
	}
	sent := outboxPayload(t, n, p.GetId())
	if !proto.Equal(res.GetRecord(), sent) {
		t.Fatalf("preview differs from the outbox:\npreview %v\noutbox  %v", res.GetRecord(), sent)
	}
	if got, want := deterministic(t, res.GetRecord()), deterministic(t, sent); string(got) != string(want) {
		t.Fatalf("preview and outbox differ in bytes")
	}
	partners := res.GetRecord().GetPartnership().GetPartners()
	if len(partners) != 2 || partners[0].GetOrganisation() != "Malmö stad" || partners[1].GetOrganisation() != "" || partners[1].GetRole() != "partner" {
		t.Fatalf("shared partners %v: want Malmö stad named and the private partner unnamed with its role", partners)
	}
	text := res.GetRecord().String()
	for _, leak := range []string{"Hemliga", "Anna Lindqvist", "anna.lindqvist@malmo.se", private.GetId(), public.GetId()} {
		if strings.Contains(text, leak) {
			t.Errorf("the preview carries %q: %v", leak, text)
		}
	}
}

// TestPreviewOfWhatDoesNotLeave: a private record and a partner (carried
// inside partnerships only) have no shared form of their own; a kind or
// id that names nothing is refused as such.
func TestPreviewOfWhatDoesNotLeave(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	pr := nodetest.Practice("Walking groups")
	pr.Visibility = hcnetv1.Visibility_VISIBILITY_PRIVATE
	practice := createPractice(t, c, pr)
	partner := createPartner(t, c, nodetest.Partner("Malmö stad"))
	for _, tc := range []struct {
		title, kind, id string
		vis             hcnetv1.Visibility
	}{
		{"private practice", "practice", practice.GetId(), hcnetv1.Visibility_VISIBILITY_PRIVATE},
		{"network partner", "partner", partner.GetId(), hcnetv1.Visibility_VISIBILITY_NETWORK},
	} {
		res, err := c.PreviewShared(callCtx(t), &hcnetv1.PreviewSharedRequest{Kind: tc.kind, Id: tc.id})
		if err != nil {
			t.Fatalf("%s: %v", tc.title, err)
		}
		if res.GetRecord() != nil || res.GetVisibility() != tc.vis || res.GetVersion() != 1 {
			t.Errorf("%s: preview %v, want no record, %v, version 1", tc.title, res, tc.vis)
		}
	}
	city, err := c.PreviewShared(callCtx(t), &hcnetv1.PreviewSharedRequest{Kind: "city", Id: n.CityID})
	if err != nil || city.GetRecord().GetCity().GetName() != "Malmö" {
		t.Errorf("the city's own preview: %v, %v", city, err)
	}
	_, err = c.PreviewShared(callCtx(t), &hcnetv1.PreviewSharedRequest{Kind: "gossip"})
	wantBadFields(t, err, "kind", "id")
	_, err = c.PreviewShared(callCtx(t), &hcnetv1.PreviewSharedRequest{Kind: "practice", Id: partner.GetId()})
	wantCode(t, err, codes.NotFound)
}

// TestListDeliveries: before any hub, shared records and withdrawals wait
// and say why; private records and partners are not listed.
func TestListDeliveries(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	partner := createPartner(t, c, nodetest.Partner("Malmö stad"))
	p := createPartnership(t, c, nodetest.Partnership("Meeting places", partner.GetId()))
	pr := nodetest.Practice("Quiet practice")
	pr.Visibility = hcnetv1.Visibility_VISIBILITY_PRIVATE
	createPractice(t, c, pr)
	gone := createPractice(t, c, nodetest.Practice("Walking groups"))
	if _, err := c.DeletePractice(callCtx(t), &hcnetv1.DeletePracticeRequest{Id: gone.GetId()}); err != nil {
		t.Fatal(err)
	}
	res, err := c.ListDeliveries(callCtx(t), &hcnetv1.ListDeliveriesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*hcnetv1.Delivery{}
	for _, d := range res.GetDeliveries() {
		got[d.GetId()] = d
	}
	if len(got) != 3 {
		t.Fatalf("deliveries %v: want the city, the partnership and the withdrawn practice", res.GetDeliveries())
	}
	d := got[p.GetId()]
	if d.GetState() != hcnetv1.DeliveryState_DELIVERY_STATE_WAITING || d.GetTitle() != "Meeting places" || d.GetKind() != "partnership" ||
		!strings.Contains(d.GetReason(), "not joined a hub") || d.GetEnqueueTime() == nil || d.GetWithdrawal() {
		t.Errorf("partnership: %v", d)
	}
	w := got[gone.GetId()]
	if !w.GetWithdrawal() || w.GetState() != hcnetv1.DeliveryState_DELIVERY_STATE_WAITING || w.GetKind() != "practice" || w.GetVersion() != 2 {
		t.Errorf("withdrawn practice: %v", w)
	}
	if _, ok := got[partner.GetId()]; ok {
		t.Errorf("a partner is listed as delivered on its own")
	}
}
