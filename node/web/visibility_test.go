package web

import (
	"slices"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// TestPartnerWheresAreWhatPartnershipsCarry: the form says a partner of
// each visibility is named in partnerships of the visibilities carriers
// gives; the shared form of a partnership of every visibility names it
// exactly then, so the sentences cannot drift from what leaves the node.
func TestPartnerWheresAreWhatPartnershipsCarry(t *testing.T) {
	vis := []hcnetv1.Visibility{hcnetv1.Visibility_VISIBILITY_PRIVATE, hcnetv1.Visibility_VISIBILITY_NETWORK, hcnetv1.Visibility_VISIBILITY_PUBLIC}
	for _, pv := range vis {
		partner := &hcnetv1.Partner{Id: "p1", Visibility: pv, Organisation: "Röda korset", Kind: hcnetv1.PartnerKind_PARTNER_KIND_NGO, Sector: hcnetv1.Sector_SECTOR_HEALTH}
		src := record.Source{Get: func(record.Kind, string) (proto.Message, error) { return partner, nil }}
		may, _ := carriers(pv)
		for _, sv := range shareVisibilities {
			ps := &hcnetv1.Partnership{Id: "s1", Visibility: sv, Title: "Walks", Partners: []*hcnetv1.PartnershipMember{{PartnerId: "p1", Role: "lead"}}}
			shared, err := record.SharedForm(ps, src)
			if err != nil {
				t.Fatal(err)
			}
			named := shared.GetPartnership().GetPartners()[0].GetOrganisation() != ""
			if said := slices.Contains(may, sv); said != named {
				t.Errorf("a %s partner in a %s partnership: the form says named=%v, the shared form names it=%v", record.ShortName(pv), record.ShortName(sv), said, named)
			}
		}
	}
	for _, w := range wheres(record.KindPartner, partnerCarried) {
		if !strings.HasPrefix(w.Text, "never") {
			t.Errorf("%s: %q does not say a partner is never sent on its own", w.Value, w.Text)
		}
	}
}

// TestSharedKindWheres: a kind that leaves the node on its own says how
// far each visibility takes it.
func TestSharedKindWheres(t *testing.T) {
	ws := wheres(record.KindPractice, carriedIn{})
	if len(ws) != 3 {
		t.Fatalf("wheres: %v", ws)
	}
	for _, tc := range []struct{ title, value, want string }{
		{title: "private", value: "private", want: "stays on this node"},
		{title: "network", value: "network", want: "city's own hub only"},
		{title: "public", value: "public", want: "public feeds"},
	} {
		i := slices.IndexFunc(ws, func(w where) bool { return w.Value == tc.value })
		if i < 0 || !strings.Contains(ws[i].Text, tc.want) {
			t.Errorf("%s: %v, want %q", tc.title, ws, tc.want)
		}
	}
}
