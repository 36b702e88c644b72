package fedtest

import (
	"context"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// TestPartnerRenameReachesTheHub: a shared partnership names its partners
// by organisation, so renaming a partner sends the partnerships that name
// it again, as their next version; a change the network cannot see (a
// partner's contact) does not.
func TestPartnerRenameReachesTheHub(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n, true)
	c := n.Client(t)

	partner := nodetest.Partner("Malmö stad, miljöförvaltningen")
	// Public, like the partnership: a public partnership names only
	// partners that may travel as far.
	partner.Visibility = hcnetv1.Visibility_VISIBILITY_PUBLIC
	pr, err := c.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: partner})
	if err != nil {
		t.Fatal(err)
	}
	p := pr.GetPartner()
	ps, err := c.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Gröna skolgårdar", p.GetId())})
	if err != nil {
		t.Fatal(err)
	}
	id := ps.GetPartnership().GetId()
	poll.Until(t, "partnership at the hub", func() bool { return hubVersion(t, h, id) == 1 })

	p.Organisation = "Malmö stad, klimat- och miljöförvaltningen"
	renamed, err := c.UpdatePartner(ctx, &hcnetv1.UpdatePartnerRequest{Partner: p, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"organisation"}}})
	if err != nil {
		t.Fatal(err)
	}
	p = renamed.GetPartner()
	poll.Until(t, "version 2 at the hub", func() bool { return hubVersion(t, h, id) == 2 })
	got, err := h.Client(t).GetRecord(ctx, &hcnetv1.GetRecordRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	names := got.GetRecord().GetRecord().GetPartnership().GetPartners()
	if len(names) != 1 || names[0].GetOrganisation() != p.GetOrganisation() {
		t.Fatalf("hub's partnership names %v, want %q", names, p.GetOrganisation())
	}

	// The contact never leaves the node: the partnership stays at 2.
	p.Contact = &hcnetv1.Contact{Name: "Ny kontakt", Email: "ny@example.se"}
	up, err := c.UpdatePartner(ctx, &hcnetv1.UpdatePartnerRequest{Partner: p, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"contact"}}})
	if err != nil {
		t.Fatal(err)
	}
	if up.GetPartner().GetVersion() != 3 {
		t.Fatalf("partner at version %d, want 3", up.GetPartner().GetVersion())
	}
	local, err := c.GetPartnership(ctx, &hcnetv1.GetPartnershipRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	if v := local.GetPartnership().GetVersion(); v != 2 {
		t.Fatalf("a contact change moved the partnership to version %d, want 2", v)
	}
}
