package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// TestContactPointsOnTheHub: a member city publishes a mailbox with its
// profile and a named person who agreed with one practice, beside private
// contacts on both. The partner finder and the city's page show the
// mailbox, the practice's page its person, a practice without one the
// city's mailbox; every address is a mailto link, every text escaped, and
// no page shows a private contact.
func TestContactPointsOnTheHub(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n)
	c := n.Client(t)
	private := &hcnetv1.Contact{Name: "Private Person", Role: "Officer", Email: "private.person@malmo.se", Phone: "+46 70 000 00 00"}
	mailbox := &hcnetv1.ContactPoint{Kind: hcnetv1.ContactPointKind_CONTACT_POINT_KIND_MAILBOX, Name: "Folkhälsa <Malmö>",
		Role: "Healthy Cities office", Email: "folkhalsa@malmo.se", Url: "https://malmo.se/halsa"}
	person := &hcnetv1.ContactPoint{Kind: hcnetv1.ContactPointKind_CONTACT_POINT_KIND_PERSON, Name: "Åsa Öberg", Role: "Walks coordinator",
		Email: "asa.oberg@malmo.se", Phone: "+46 40 34 10 00", AgreedDate: "2026-11-02"}
	cur, err := c.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateCity(ctx, &hcnetv1.UpdateCityRequest{
		City:       &hcnetv1.City{Version: cur.GetCity().GetVersion(), Name: "Malmö", Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK, Coordinator: private, ContactPoint: mailbox},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"name", "visibility", "coordinator", "contact_point"}},
	}); err != nil {
		t.Fatal(err)
	}
	withPerson := nodetest.Practice("Walking groups for older residents")
	withPerson.Contacts, withPerson.ContactPoint = []*hcnetv1.Contact{private}, person
	p1, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: withPerson})
	if err != nil {
		t.Fatal(err)
	}
	without := nodetest.Practice("Walking groups in Rosengård")
	without.Contacts = []*hcnetv1.Contact{private}
	p2, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: without})
	if err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "the hub holds the profile and both practices", func() bool {
		st, err := h.Client(t).GetStats(ctx, &hcnetv1.GetStatsRequest{})
		if err != nil || st.GetPractices() != 2 {
			return false
		}
		rec, err := h.Client(t).GetRecord(ctx, &hcnetv1.GetRecordRequest{Id: "se/" + n.CityID + "/" + n.CityID})
		return err == nil && rec.GetRecord().GetRecord().GetCity().GetContactPoint() != nil
	})
	srv := servePages(t, h)
	nw := &network{hub: h, node: n, srv: srv}

	mailboxShown := []string{"<strong>Folkhälsa &lt;Malmö&gt;</strong>, Healthy Cities office", "(functional mailbox)",
		`<a href="mailto:folkhalsa@malmo.se">folkhalsa@malmo.se</a>`, `<a href="https://malmo.se/halsa" rel="noopener">`}
	personShown := []string{"<strong>Åsa Öberg</strong>, Walks coordinator", "(named person, agreed to be published on 2026-11-02)",
		`<a href="mailto:asa.oberg@malmo.se">asa.oberg@malmo.se</a>`, "asa.oberg@malmo.se</a> · &#43;46 40 34 10 00"}
	for _, tc := range []struct {
		title, path string
		want        []string
		not         []string
	}{
		{title: "partner finder", path: "/partners?" + url.Values{"topic": {"walking"}}.Encode(),
			want: append([]string{`<a href="/cities/se/` + n.CityID + `">Malmö</a>`}, mailboxShown...), not: []string{"asa.oberg@malmo.se"}},
		{title: "city page", path: "/cities/se/" + n.CityID, want: append([]string{"How to reach the city"}, mailboxShown...),
			not: []string{"asa.oberg@malmo.se"}},
		{title: "practice with its own", path: "/records/se/" + n.CityID + "/" + p1.GetPractice().GetId(),
			want: append([]string{"Who to ask about the practice"}, personShown...), not: []string{"folkhalsa@malmo.se"}},
		{title: "practice without", path: "/records/se/" + n.CityID + "/" + p2.GetPractice().GetId(),
			want: append([]string{"The practice names no contact of its own; the city publishes this one."}, mailboxShown...),
			not:  []string{"asa.oberg@malmo.se"}},
	} {
		code, _, page := nw.get(t, tc.path)
		if code != http.StatusOK {
			t.Fatalf("%s: %d\n%s", tc.title, code, page)
		}
		for _, w := range tc.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s: page lacks %q", tc.title, w)
			}
		}
		for _, s := range append(tc.not, private.GetName(), private.GetEmail(), "70 000 00 00", "Folkhälsa <Malmö>") {
			if strings.Contains(page, s) {
				t.Errorf("%s: page shows %q", tc.title, s)
			}
		}
	}
}
