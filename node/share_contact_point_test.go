package node_test

import (
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// TestContactPointTravelsThePrivateContactDoesNot: the contact point a
// city chose to publish is in the envelope its profile and its practice
// leave in; the coordinator and the practice's contacts, written beside
// it, are nowhere in the bytes. A named person who did not agree is
// refused at the field and nothing is written.
func TestContactPointTravelsThePrivateContactDoesNot(t *testing.T) {
	n := nodetest.Start(t)
	c := n.Client(t)
	person := &hcnetv1.ContactPoint{Kind: hcnetv1.ContactPointKind_CONTACT_POINT_KIND_PERSON, Name: "Published Person",
		Role: "Healthy Cities coordinator", Email: "published.person@malmo.se", Url: "https://malmo.se/halsa", AgreedDate: "2026-11-02"}
	mailbox := &hcnetv1.ContactPoint{Kind: hcnetv1.ContactPointKind_CONTACT_POINT_KIND_MAILBOX, Name: "Meeting places team", Email: "motesplatser@malmo.se"}
	private := &hcnetv1.Contact{Name: "Private Person", Role: "Officer", Email: "private.person@malmo.se", Phone: "+46 70 000 00 00"}

	cur, err := c.GetCity(callCtx(t), &hcnetv1.GetCityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	city, err := c.UpdateCity(callCtx(t), &hcnetv1.UpdateCityRequest{
		City:       &hcnetv1.City{Version: cur.GetCity().GetVersion(), Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC, Coordinator: private, ContactPoint: person},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"visibility", "coordinator", "contact_point"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	p := nodetest.Practice("Walking groups")
	p.Contacts, p.ContactPoint = []*hcnetv1.Contact{private}, mailbox
	practice := createPractice(t, c, p)

	for _, tc := range []struct {
		title, id string
		want      *hcnetv1.ContactPoint
		got       func(*hcnetv1.SharedRecord) *hcnetv1.ContactPoint
	}{
		{title: "city profile", id: city.GetCity().GetId(), want: person, got: func(r *hcnetv1.SharedRecord) *hcnetv1.ContactPoint { return r.GetCity().GetContactPoint() }},
		{title: "practice", id: practice.GetId(), want: mailbox, got: func(r *hcnetv1.SharedRecord) *hcnetv1.ContactPoint { return r.GetPractice().GetContactPoint() }},
	} {
		rec := outboxPayload(t, n, tc.id)
		if got := tc.got(rec); !proto.Equal(got, tc.want) {
			t.Errorf("%s: the envelope carries contact point %v, want %v", tc.title, got, tc.want)
		}
		data := string(deterministic(t, rec))
		for _, s := range []string{private.GetName(), private.GetEmail(), private.GetPhone()} {
			if strings.Contains(data, s) {
				t.Errorf("%s: the envelope carries the private contact's %q", tc.title, s)
			}
		}
	}

	// A named person without the day they agreed is refused at the field.
	before := outboxPayload(t, n, practice.GetId()).GetPractice().GetVersion()
	unagreed := proto.Clone(person).(*hcnetv1.ContactPoint)
	unagreed.AgreedDate = ""
	_, err = c.UpdatePractice(callCtx(t), &hcnetv1.UpdatePracticeRequest{
		Practice:   &hcnetv1.Practice{Id: practice.GetId(), Version: practice.GetVersion(), ContactPoint: unagreed},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"contact_point"}},
	})
	wantBadFields(t, err, "practice.contact_point.agreed_date")
	if after := outboxPayload(t, n, practice.GetId()).GetPractice().GetVersion(); after != before {
		t.Errorf("a refused write queued version %d (was %d)", after, before)
	}
}
