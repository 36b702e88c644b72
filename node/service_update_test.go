package node_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// TestCreateIgnoresNodeOwnedFields: an id, version or times a client sends
// on create are replaced by the node's.
func TestCreateIgnoresNodeOwnedFields(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	p := nodetest.Partner("Malmö stad")
	p.Id = "01JD8Z6Q2V3K5M7N9P1R3T5W7X"
	p.Version = 42
	p.CreateTime = timestamppb.New(time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC))
	got := createPartner(t, c, p)
	wantNew(t, got)
	if got.GetId() == p.GetId() || got.GetCreateTime().AsTime().Year() == 2001 {
		t.Errorf("create kept the client's id or time: %v", got)
	}
}

// TestUpdateWithoutMaskReplaces: an empty mask replaces every client-owned
// field, so a field left out is cleared and a required one left out is an
// error.
func TestUpdateWithoutMaskReplaces(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	ctx := callCtx(t)
	p := createPartner(t, c, nodetest.Partner("Malmö stad, Fritidsförvaltningen"))

	full := &hcnetv1.Partner{
		Id: p.GetId(), Version: p.GetVersion(),
		Visibility:   hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Organisation: "Malmö stad, Kulturförvaltningen",
		Kind:         hcnetv1.PartnerKind_PARTNER_KIND_LOCAL_GOVERNMENT_DEPARTMENT,
		Sector:       hcnetv1.Sector_SECTOR_CULTURE,
	}
	r, err := c.UpdatePartner(ctx, &hcnetv1.UpdatePartnerRequest{Partner: full})
	if err != nil {
		t.Fatal(err)
	}
	got := r.GetPartner()
	wantNext(t, p, got)
	if got.GetOrganisation() != full.GetOrganisation() || got.GetSector() != hcnetv1.Sector_SECTOR_CULTURE || got.GetVisibility() != hcnetv1.Visibility_VISIBILITY_PUBLIC {
		t.Errorf("replace did not take: %v", got)
	}
	if got.GetContact() != nil || got.GetWebsite() != "" || got.GetDescription() != "" {
		t.Errorf("fields left out of a full replace were kept: contact %v website %q description %q", got.GetContact(), got.GetWebsite(), got.GetDescription())
	}

	_, err = c.UpdatePartner(ctx, &hcnetv1.UpdatePartnerRequest{Partner: &hcnetv1.Partner{Id: p.GetId(), Description: "only this"}})
	wantBadFields(t, err, "partner.visibility", "partner.organisation", "partner.kind", "partner.sector")
}

// TestUpdateNestedMaskPath: a mask path into a nested message changes
// that field only.
func TestUpdateNestedMaskPath(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	p := createPartner(t, c, nodetest.Partner("Malmö stad, Fritidsförvaltningen"))
	edit := clone(p)
	edit.Contact.Email = "fritid@malmo.se"
	edit.Contact.Name = "not in the mask"
	r, err := c.UpdatePartner(callCtx(t), &hcnetv1.UpdatePartnerRequest{Partner: edit, UpdateMask: mask("contact.email")})
	if err != nil {
		t.Fatal(err)
	}
	got := r.GetPartner().GetContact()
	if got.GetEmail() != "fritid@malmo.se" || got.GetName() != p.GetContact().GetName() || got.GetPhone() != p.GetContact().GetPhone() {
		t.Errorf("contact after a contact.email update: %v", got)
	}

	edit.Version = 0
	_, err = c.UpdatePartner(callCtx(t), &hcnetv1.UpdatePartnerRequest{Partner: edit, UpdateMask: mask("organisation.name")})
	wantBadFields(t, err, "update_mask")
}

// TestConcurrentUpdatesOneWins: officers updating the same version at the
// same time: exactly one write lands, the others are Aborted.
func TestConcurrentUpdatesOneWins(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	p := createPartner(t, c, nodetest.Partner("Malmö stad, Fritidsförvaltningen"))

	const writers = 8
	codesSeen := make([]codes.Code, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			edit := clone(p)
			edit.Description = fmt.Sprintf("edit by officer %d", i)
			_, err := c.UpdatePartner(callCtx(t), &hcnetv1.UpdatePartnerRequest{Partner: edit, UpdateMask: mask("description")})
			codesSeen[i] = status.Code(err)
		}()
	}
	wg.Wait()
	won := 0
	for i, code := range codesSeen {
		switch code {
		case codes.OK:
			won++
		case codes.Aborted:
		default:
			t.Errorf("writer %d: %v; want OK or Aborted", i, code)
		}
	}
	if won != 1 {
		t.Errorf("%d writers won; want exactly 1 (codes %v)", won, codesSeen)
	}
	r, err := c.GetPartner(callCtx(t), &hcnetv1.GetPartnerRequest{Id: p.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	if r.GetPartner().GetVersion() != 2 {
		t.Errorf("version %d after one winning write; want 2", r.GetPartner().GetVersion())
	}
}
