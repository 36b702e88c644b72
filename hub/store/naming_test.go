package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/errs"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
)

// signers is membership as a map from "country/city" to member.
type signers map[string]*hcnetv1.Member

func (s signers) Get(_ context.Context, country, city string) (*hcnetv1.Member, error) {
	if m, ok := s[country+"/"+city]; ok {
		return m, nil
	}
	return nil, errs.E("test", errs.NotFound, "no member %s/%s", country, city)
}

func (s signers) HubsFor(string) []*hcnetv1.Member { return nil }

func publicKey(t *testing.T, kp nkeys.KeyPair) string {
	t.Helper()
	pk, err := kp.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	return pk
}

// TestSuccessesNaming: Malmö, asking about itself with its own key,
// hears of the successes that name it, newest first, with their city's
// name and who endorsed them; any other signer, a member hub, a pending
// member or a stale query is refused.
func TestSuccessesNaming(t *testing.T) {
	f := newFixture(t)
	f.put("se/lund", "city", "lund", &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_City{City: &hcnetv1.City{Id: "lund", Country: "se", Name: "Lund"}}})
	f.put("se/lund", "success", "s-old", success("Cycle lanes", "se/malmo"))
	f.put("se/umea", "success", "s-other", success("Meeting places", "se/lund"))
	f.put("se/umea", "success", "s-new", success("School yards", "se/lund", "se/malmo"))
	f.put("se/malmo", "endorsement", "e1", endorsement("se/lund/s-old"))
	malmo, other := mustKey(t), mustKey(t)
	m := signers{
		"se/malmo":  {Country: "se", CityId: "malmo", PublicKey: publicKey(t, malmo), Status: hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED},
		"se/kiruna": {Country: "se", CityId: "kiruna", PublicKey: publicKey(t, other), Status: hcnetv1.MemberStatus_MEMBER_STATUS_PENDING},
		"se/boden":  {Country: "se", CityId: "boden", PublicKey: publicKey(t, other), Status: hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED, Hub: true},
	}
	ask := func(kp nkeys.KeyPair, city string, at time.Time) (*hcnetv1.ListSuccessesNamingResponse, error) {
		req, err := envelope.SignNaming(kp, &hcnetv1.SuccessesNamingQuery{Country: "se", CityId: city}, at)
		if err != nil {
			t.Fatal(err)
		}
		return f.store.SuccessesNaming(context.Background(), m, req)
	}

	res, err := ask(malmo, "malmo", f.clock)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range res.GetSuccesses() {
		got = append(got, n.GetCountry()+"/"+n.GetCityId()+"/"+n.GetSuccess().GetId()+" "+n.GetCityName()+" "+n.GetSuccess().GetTitle()+
			" endorsed="+strings.Join(n.GetEndorsements().GetEndorsedBy(), ","))
	}
	want := "se/umea/s-new  School yards endorsed=|se/lund/s-old Lund Cycle lanes endorsed=se/malmo"
	if strings.Join(got, "|") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}

	for _, c := range []struct {
		title string
		kp    nkeys.KeyPair
		city  string
		at    time.Time
	}{
		{title: "another key asks as Malmö", kp: other, city: "malmo", at: f.clock},
		{title: "a stale query", kp: malmo, city: "malmo", at: f.clock.Add(-2 * reconcileWindow)},
		{title: "a pending member", kp: other, city: "kiruna", at: f.clock},
		{title: "a member hub", kp: other, city: "boden", at: f.clock},
		{title: "no member", kp: other, city: "lulea", at: f.clock},
	} {
		t.Run(c.title, func(t *testing.T) {
			if _, err := ask(c.kp, c.city, c.at); !errs.Is(err, errs.Unauthenticated) {
				t.Errorf("got %v, want Unauthenticated", err)
			}
		})
	}
}

func mustKey(t *testing.T) nkeys.KeyPair {
	t.Helper()
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	return kp
}

// TestSuccessesNamingRefusesAReplay: a captured query, sent again while
// it is fresh, is refused; a fresh query signed at the very same instant
// is answered (its nonce differs); and the hub forgets a signature once
// its query is stale, so what it remembers stays bounded.
func TestSuccessesNamingRefusesAReplay(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.put("se/lund", "success", "s1", success("Cycle lanes", "se/malmo"))
	malmo := mustKey(t)
	m := signers{"se/malmo": {Country: "se", CityId: "malmo", PublicKey: publicKey(t, malmo), Status: hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED}}
	sign := func(at time.Time) *hcnetv1.ListSuccessesNamingRequest {
		t.Helper()
		req, err := envelope.SignNaming(malmo, &hcnetv1.SuccessesNamingQuery{Country: "se", CityId: "malmo"}, at)
		if err != nil {
			t.Fatal(err)
		}
		return req
	}
	remembered := func() int {
		t.Helper()
		var n int
		if err := f.store.DB().Read.QueryRow(`SELECT count(*) FROM join_nonces WHERE nonce LIKE ?`, namingSeenPrefix+"%").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	at := f.clock
	first := sign(at)
	if res, err := f.store.SuccessesNaming(ctx, m, first); err != nil || len(res.GetSuccesses()) != 1 {
		t.Fatalf("first query: %v, %v; want Lund's success", res, err)
	}
	_, err := f.store.SuccessesNaming(ctx, m, first)
	if !errs.Is(err, errs.Unauthenticated) || !strings.Contains(err.Error(), "replayed") {
		t.Fatalf("the same query again: %v; want Unauthenticated, replayed", err)
	}
	if res, err := f.store.SuccessesNaming(ctx, m, sign(at)); err != nil || len(res.GetSuccesses()) != 1 {
		t.Fatalf("a fresh query signed at the same instant: %v, %v; want Lund's success", res, err)
	}
	if n := remembered(); n != 2 {
		t.Fatalf("the hub remembers %d naming signatures, want the 2 it answered", n)
	}

	// Two windows on, both are stale and forgotten when the next query
	// comes; the replay is still refused, as stale.
	f.clock = f.clock.Add(2*reconcileWindow + time.Minute)
	if _, err := f.store.SuccessesNaming(ctx, m, sign(f.clock)); err != nil {
		t.Fatalf("a query two windows later: %v", err)
	}
	if n := remembered(); n != 1 {
		t.Errorf("the hub remembers %d naming signatures, want only the newest", n)
	}
	if _, err := f.store.SuccessesNaming(ctx, m, first); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("the old query replayed when stale: %v; want Unauthenticated", err)
	}
}
