package fedtest

import (
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/bus"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"
	"github.com/oklog/ulid/v2"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// sealedAt is a signed network practice envelope of origin se/city at
// id and version, titled title, signed by kp.
func sealedAt(t *testing.T, kp nkeys.KeyPair, city, id string, version int64, title string) []byte {
	t.Helper()
	return sealedVis(t, kp, city, id, version, title, hcnetv1.Visibility_VISIBILITY_NETWORK)
}

// sealedVis is sealedAt at visibility vis.
func sealedVis(t *testing.T, kp nkeys.KeyPair, city, id string, version int64, title string, vis hcnetv1.Visibility) []byte {
	t.Helper()
	p := practice(title, vis)
	p.Id, p.Version, p.Contacts = id, version, nil
	h := &hcnetv1.EnvelopeHeader{OriginCountry: "se", OriginCity: city, Kind: "practice", Id: id, Version: version, Visibility: vis}
	env, err := envelope.Seal(kp, h, &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: p}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b, err := proto.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// attestFor publishes a member hub's attestation of se/city's key.
func attestFor(t *testing.T, nc *nats.Conn, hubKey nkeys.KeyPair, hubID, city, key string, at time.Time) {
	t.Helper()
	st, err := envelope.SignStatement(hubKey, &hcnetv1.Statement{Statement: &hcnetv1.Statement_Attestation{Attestation: &hcnetv1.Attestation{
		HubId: hubID, CityId: city, Country: "se", PublicKey: key, Time: timestamppb.New(at),
	}}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := proto.Marshal(st)
	publishMsg(t, nc, &nats.Msg{Subject: subject.Attestation("se", city), Data: b})
}

// approvedMemberHub applies as member hub hubID and is approved; it
// returns the hub's key and a connection under it.
func approvedMemberHub(t *testing.T, h *hubtest.Hub, hubID string) (nkeys.KeyPair, *nats.Conn) {
	t.Helper()
	kp, _ := nkeys.CreateUser()
	apply(t, h, kp, hubID, true)
	if _, err := h.Hub.Members.Approve(t.Context(), "se", hubID, true); err != nil {
		t.Fatal(err)
	}
	nc, err := bus.Connect(bus.Options{URL: h.Hub.Info.GetNatsUrl(), Key: kp, Name: hubID})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return kp, nc
}

// TestApprovalDropsRecordsAMemberHubVouchedFor: a member hub vouches for
// a city the coordinator has not heard of and stores a record in its
// name at a huge version. Once the city applies with its own key and is
// approved, the hub's word no longer counts, and neither may what was
// stored on it: keeping the highest version would otherwise lock the
// city's own record out for good.
func TestApprovalDropsRecordsAMemberHubVouchedFor(t *testing.T) {
	h := hubtest.Start(t)
	rogueHub, nc := approvedMemberHub(t, h, "rogue-net")
	forger, _ := nkeys.CreateUser()
	forgerPub, _ := forger.PublicKey()
	attestFor(t, nc, rogueHub, "rogue-net", "kiruna", forgerPub, time.Now())
	poll.Until(t, "attestation applied", func() bool { return h.Hub.Members.Verifier("se", "kiruna") != nil })

	id := ulid.Make().String()
	const huge = int64(1) << 60
	publishMsg(t, nc, &nats.Msg{Subject: subject.Record("se", "kiruna", "practice", id), Data: sealedAt(t, forger, "kiruna", id, huge, "Förfalskad skidpraktik")})
	poll.Until(t, "forged record stored", func() bool { return hubVersion(t, h, id) == huge })

	// A record signed with kiruna's own key, which rogue-net's word
	// does not cover: refused now, in the stream all the same, and
	// applied by the replay that follows kiruna's approval.
	kiruna, _ := nkeys.CreateUser()
	own := ulid.Make().String()
	publishMsg(t, nc, &nats.Msg{Subject: subject.Record("se", "kiruna", "practice", own), Data: sealedAt(t, kiruna, "kiruna", own, 1, "Kirunas tidiga praktik")})
	quarantineReason(t, h, subject.Record("se", "kiruna", "practice", own))

	apply(t, h, kiruna, "kiruna", false)
	decide(t, h, "kiruna", hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED)

	t.Run("the forged record is gone", func(t *testing.T) {
		if v := hubVersion(t, h, id); v != 0 {
			t.Fatalf("the record stored on rogue-net's word is still held at version %d", v)
		}
		var n int
		if err := h.Hub.Store.DB().Read.QueryRow(`SELECT count(*) FROM records_fts WHERE records_fts MATCH 'skidpraktik'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("search still finds the forged record (%d hits)", n)
		}
	})
	t.Run("the replay after approval does not bring it back", func(t *testing.T) {
		poll.Until(t, "the stream's records of kiruna replayed", func() bool { return hubVersion(t, h, own) == 1 })
		if v := hubVersion(t, h, id); v != 0 {
			t.Fatalf("the replay applied the forged record again (version %d)", v)
		}
	})
	t.Run("watchers are told it is withdrawn", func(t *testing.T) {
		var n int
		if err := h.Hub.Store.DB().Read.QueryRow(`SELECT count(*) FROM tombstones WHERE id = ?`, id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("%d tombstones for the dropped record, want 1", n)
		}
	})

	kNC, err := bus.Connect(bus.Options{URL: h.Hub.Info.GetNatsUrl(), Key: kiruna, Name: "kiruna"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(kNC.Close)
	publishMsg(t, kNC, &nats.Msg{Subject: subject.Record("se", "kiruna", "practice", id), Data: sealedAt(t, kiruna, "kiruna", id, 1, "Kirunas egen praktik")})
	t.Run("the city's own record is stored at its own version", func(t *testing.T) {
		poll.Until(t, "kiruna's own record stored", func() bool { return hubVersion(t, h, id) == 1 })
		var n int
		if err := h.Hub.Store.DB().Read.QueryRow(`SELECT count(*) FROM tombstones WHERE id = ?`, id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("a tombstone lingers beside kiruna's own record")
		}
	})
}

// TestAttestationsAreKeptPerHub: two member hubs vouch for one city.
// An attestation dated far ahead is refused, so it cannot outrank every
// honest one to come; one hub's word never overwrites another's; and
// once the hub whose word counted is revoked, the other's counts at once.
func TestAttestationsAreKeptPerHub(t *testing.T) {
	h := hubtest.Start(t)
	realHub, realNC := approvedMemberHub(t, h, "real-net")
	rogueHub, rogueNC := approvedMemberHub(t, h, "rogue-net")
	kiruna, _ := nkeys.CreateUser()
	kirunaPub, _ := kiruna.PublicKey()
	forger, _ := nkeys.CreateUser()
	forgerPub, _ := forger.PublicKey()

	attestFor(t, rogueNC, rogueHub, "rogue-net", "lulea", forgerPub, time.Now().AddDate(100, 0, 0))
	poll.Until(t, "the attestation dated ahead refused", func() bool {
		for _, r := range quarantined(t, h) {
			if strings.Contains(r, "ahead of this hub's clock") && strings.Contains(r, "attestation") {
				return true
			}
		}
		return false
	})
	if h.Hub.Members.Verifier("se", "lulea") != nil {
		t.Fatal("a key vouched for in an attestation dated a century ahead counts")
	}

	attestFor(t, realNC, realHub, "real-net", "kiruna", kirunaPub, time.Now().Add(-time.Minute))
	// The stream keeps one message per subject: real-net's is ingested
	// before rogue-net's takes its place there.
	poll.Until(t, "real-net's word applied", func() bool {
		var n int
		h.Hub.Store.DB().Read.QueryRow(`SELECT count(*) FROM attested_keys WHERE city_id = 'kiruna' AND hub_id = 'real-net'`).Scan(&n)
		return n == 1
	})
	attestFor(t, rogueNC, rogueHub, "rogue-net", "kiruna", forgerPub, time.Now())
	poll.Until(t, "both hubs' words kept", func() bool {
		var n int
		h.Hub.Store.DB().Read.QueryRow(`SELECT count(*) FROM attested_keys WHERE country = 'se' AND city_id = 'kiruna'`).Scan(&n)
		return n == 2
	})
	if err := h.Hub.Members.Reload(t.Context()); err != nil {
		t.Fatal(err)
	}

	t.Run("the members view shows each hub's word", func(t *testing.T) {
		ms, err := h.Client(t).ListMembers(t.Context(), &hcnetv1.ListMembersRequest{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, m := range ms.GetMembers() {
			for _, v := range m.GetVouches() {
				got[m.GetCityId()] += v.GetCityId() + " "
			}
		}
		if got["real-net"] != "kiruna " || got["rogue-net"] != "kiruna " {
			t.Fatalf("vouches listed: %q", got)
		}
	})

	decide(t, h, "rogue-net", hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED)
	t.Run("the revoked hub's word stops counting, the other's counts", func(t *testing.T) {
		nc, err := bus.Connect(bus.Options{URL: h.Hub.Info.GetNatsUrl(), Key: realHub, Name: "real-net"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nc.Close)
		forged, own := ulid.Make().String(), ulid.Make().String()
		publishMsg(t, nc, &nats.Msg{Subject: subject.Record("se", "kiruna", "practice", forged), Data: sealedAt(t, forger, "kiruna", forged, 1, "Förfalskad")})
		publishMsg(t, nc, &nats.Msg{Subject: subject.Record("se", "kiruna", "practice", own), Data: sealedAt(t, kiruna, "kiruna", own, 1, "Kirunas egen")})
		poll.Until(t, "kiruna's own record stored", func() bool { return hubVersion(t, h, own) == 1 })
		poll.Until(t, "the forged record refused", func() bool {
			for _, r := range quarantined(t, h) {
				if strings.Contains(r, "signature") {
					return true
				}
			}
			return false
		})
		if v := hubVersion(t, h, forged); v != 0 {
			t.Fatalf("a record signed with the revoked hub's key for kiruna is held at version %d", v)
		}
	})
}

// TestApprovedCityForwardsPastADroppedRecord: the national hub forwarded
// a public record that a member hub vouched for at a huge version. Once
// the city is approved with its own key and the record dropped, the
// city's own versions of that record reach the regional hub again.
func TestApprovedCityForwardsPastADroppedRecord(t *testing.T) {
	f := startThreeLevels(t)
	nat := f.national
	rogueHub, nc := approvedMemberHub(t, nat, "rogue-net")
	forger, _ := nkeys.CreateUser()
	forgerPub, _ := forger.PublicKey()
	attestFor(t, nc, rogueHub, "rogue-net", "kiruna", forgerPub, time.Now())
	poll.Until(t, "attestation applied", func() bool { return nat.Hub.Members.Verifier("se", "kiruna") != nil })

	id := ulid.Make().String()
	const huge = int64(1) << 60
	public := hcnetv1.Visibility_VISIBILITY_PUBLIC
	publishMsg(t, nc, &nats.Msg{Subject: subject.Record("se", "kiruna", "practice", id), Data: sealedVis(t, forger, "kiruna", id, huge, "Förfalskad", public)})
	poll.Until(t, "the forged record forwarded", func() bool {
		var v int64
		nat.Hub.Store.DB().Read.QueryRow(`SELECT version FROM forwarded WHERE id = ?`, id).Scan(&v)
		return v == huge
	})

	kiruna, _ := nkeys.CreateUser()
	apply(t, nat, kiruna, "kiruna", false)
	decide(t, nat, "kiruna", hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED)
	kNC, err := bus.Connect(bus.Options{URL: nat.Hub.Info.GetNatsUrl(), Key: kiruna, Name: "kiruna"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(kNC.Close)
	publishMsg(t, kNC, &nats.Msg{Subject: subject.Record("se", "kiruna", "practice", id), Data: sealedVis(t, kiruna, "kiruna", id, 1, "Kirunas egen", public)})
	poll.Until(t, "kiruna's own record at the regional hub", func() bool { return hubVersion(t, f.regional, id) == 1 })
}
