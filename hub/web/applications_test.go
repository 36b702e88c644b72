package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/members"
	"github.com/hcnet/hcnet/internal/envelope"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
)

// TestApplicationsStayOffPublicPages: anyone may apply, so pending and
// rejected applications are the coordinator's to see (with the admin
// token), never on the public members page, the annual report or its
// CSV; a member hub is shown as one.
func TestApplicationsStayOffPublicPages(t *testing.T) {
	ctx := context.Background()
	nw := startNetwork(t)
	apply := func(id, name string, asHub bool) {
		kp, _ := nkeys.CreateUser()
		nonce := make([]byte, 12)
		rand.Read(nonce)
		req, err := envelope.SignJoin(kp, &hcnetv1.JoinApplication{CityId: id, Country: "se", Name: name, HubId: "se-net", Hub: asHub},
			hex.EncodeToString(nonce), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := nw.hub.Client(t).Join(ctx, req); err != nil {
			t.Fatalf("join %s: %v", id, err)
		}
	}
	apply("squatville", "Squatville Pending", false)
	apply("spamtown", "Spamtown Rejected", false)
	if _, err := nw.hub.Client(t).RejectMember(ctx, &hcnetv1.RejectMemberRequest{Country: "se", CityId: "spamtown"}); err != nil {
		t.Fatal(err)
	}
	apply("north-net", "Northern Hub Network", true)
	if _, err := nw.hub.Client(t).ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{Country: "se", CityId: "north-net", Hub: true}); err != nil {
		t.Fatal(err)
	}

	for _, path := range []string{"/members", "/report", "/report.csv"} {
		code, _, page := nw.get(t, path)
		if code != 200 {
			t.Fatalf("%s: %d", path, code)
		}
		for _, hidden := range []string{"Squatville", "Spamtown"} {
			if strings.Contains(page, hidden) {
				t.Errorf("%s shows the application %s", path, hidden)
			}
		}
		mustContain(t, page, "Malmö", "Northern Hub Network")
	}
	_, _, members := nw.get(t, "/members")
	mustContain(t, members, "Northern Hub Network</a> <span class=\"tag\">member hub</span>")
	_, _, csv := nw.get(t, "/report.csv")
	mustContain(t, csv, ",mean_indicator_progress,member_hub\n", "north-net,Northern Hub Network,approved,")

	// The coordinator, with the admin token, sees them all.
	ms, err := nw.hub.Client(t).ListMembers(ctx, &hcnetv1.ListMembersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range ms.GetMembers() {
		names = append(names, m.GetName())
	}
	if got := strings.Join(names, ", "); !strings.Contains(got, "Squatville") || !strings.Contains(got, "Spamtown") {
		t.Fatalf("the coordinator's list: %s", got)
	}
}

// TestVouchesForApplicationsStayOffPublicPages: a member hub's word for
// a city that has applied must not tell the public that it applied
// (pending) or was turned down (rejected); the coordinator sees it. And
// a member hub that vouches for very many cities does not make the
// members list cost as much.
func TestVouchesForApplicationsStayOffPublicPages(t *testing.T) {
	ctx := context.Background()
	nw := startNetwork(t)
	apply := func(id string, asHub bool) {
		kp, _ := nkeys.CreateUser()
		nonce := make([]byte, 12)
		rand.Read(nonce)
		req, err := envelope.SignJoin(kp, &hcnetv1.JoinApplication{CityId: id, Country: "se", Name: id, HubId: "se-net", Hub: asHub},
			hex.EncodeToString(nonce), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := nw.hub.Client(t).Join(ctx, req); err != nil {
			t.Fatalf("join %s: %v", id, err)
		}
	}
	apply("squatville", false)
	apply("spamtown", false)
	if _, err := nw.hub.Client(t).RejectMember(ctx, &hcnetv1.RejectMemberRequest{Country: "se", CityId: "spamtown"}); err != nil {
		t.Fatal(err)
	}
	apply("north-net", true)
	if _, err := nw.hub.Client(t).ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{Country: "se", CityId: "north-net", Hub: true}); err != nil {
		t.Fatal(err)
	}
	// What north-net's attestations left in the hub's table.
	attest := func(city string) {
		if _, err := nw.hub.Hub.Store.DB().Write.Exec(`INSERT INTO attested_keys (country, city_id, hub_id, public_key, revoked, attest_time)
			VALUES ('se', ?, 'north-net', 'UKEY', 0, '2026-01-01T00:00:00.000000000Z')`, city); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []string{"squatville", "spamtown", "kiruna"} {
		attest(c)
	}

	_, _, page := nw.get(t, "/members")
	mustContain(t, page, "kiruna")
	for _, hidden := range []string{"squatville", "spamtown", "pending here", "rejected here"} {
		if strings.Contains(page, hidden) {
			t.Errorf("the public members page shows %q", hidden)
		}
	}
	vouches := func(ms []*hcnetv1.Member) (n int, ids string) {
		for _, m := range ms {
			for _, v := range m.GetVouches() {
				n++
				ids += v.GetCityId() + " "
			}
		}
		return n, ids
	}
	ms, err := nw.hub.Client(t).ListMembers(ctx, &hcnetv1.ListMembersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ids := vouches(ms.GetMembers()); ids != "kiruna spamtown squatville " {
		t.Fatalf("the coordinator sees vouches for %q", ids)
	}

	for i := range members.MaxVouchesListed + 10 {
		attest(fmt.Sprintf("c%05d", i))
	}
	ms, err = nw.hub.Client(t).ListMembers(ctx, &hcnetv1.ListMembersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := vouches(ms.GetMembers()); n != members.MaxVouchesListed {
		t.Fatalf("%d vouches listed, want at most %d", n, members.MaxVouchesListed)
	}
}
