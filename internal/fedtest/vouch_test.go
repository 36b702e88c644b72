package fedtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/bus"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/reconcile"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// apply sends a signed application for country/city with kp to h.
func apply(t *testing.T, h *hubtest.Hub, kp nkeys.KeyPair, city string, asHub bool) {
	t.Helper()
	nonce := make([]byte, 12)
	rand.Read(nonce)
	req, err := envelope.SignJoin(kp, &hcnetv1.JoinApplication{CityId: city, Country: "se", Name: city, HubId: h.Hub.Info.GetId(), Hub: asHub},
		hex.EncodeToString(nonce), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Client(t).Join(context.Background(), req); err != nil {
		t.Fatalf("join %s: %v", city, err)
	}
}

// decide moves se/city through the coordinator's decisions in turn.
func decide(t *testing.T, h *hubtest.Hub, city string, to ...hcnetv1.MemberStatus) {
	t.Helper()
	for _, st := range to {
		if _, err := h.Hub.Members.Decide(context.Background(), "se", city, st); err != nil {
			t.Fatalf("%s → %v: %v", city, st, err)
		}
	}
}

func publishMsg(t *testing.T, nc *nats.Conn, m *nats.Msg) {
	t.Helper()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := js.PublishMsg(ctx, m); err != nil {
		t.Fatalf("publish on %s: %v", m.Subject, err)
	}
}

// TestMemberHubCannotVouchForDecidedCities: anyone may apply as a member
// hub, so an approved one is no more trusted than that. Its attestation
// of a city the coordinator decided about (revoked, rejected, pending or
// approved with its own key) must not let records signed with the hub's
// chosen key pass as the city's, nor let the hub withdraw the city's
// records; for a city the coordinator never heard of, it still counts.
func TestMemberHubCannotVouchForDecidedCities(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	const (
		approved, revoked, rejected, pending = "malmo", "stockholm", "goteborg", "uppsala"
		undecided                            = "kiruna"
	)
	const (
		A = hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED
		R = hcnetv1.MemberStatus_MEMBER_STATUS_REJECTED
		V = hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED
	)
	keys := map[string]nkeys.KeyPair{}
	for _, c := range []string{approved, revoked, rejected, pending} {
		keys[c], _ = nkeys.CreateUser()
		apply(t, h, keys[c], c, false)
	}
	decide(t, h, approved, A)
	decide(t, h, revoked, A, V)
	decide(t, h, rejected, R)

	// The approved city shares a record with its own key.
	malmoNC, err := bus.Connect(bus.Options{URL: h.Hub.Info.GetNatsUrl(), Key: keys[approved], Name: "malmo"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(malmoNC.Close)
	genuine, genuineEnv := sealed(t, keys[approved], "se", approved)
	publishMsg(t, malmoNC, &nats.Msg{Subject: subject.Record("se", approved, "practice", genuine.GetId()), Data: genuineEnv})
	poll.Until(t, "malmö's own record stored", func() bool { return hubVersion(t, h, genuine.GetId()) == 1 })

	// A rogue applies as a member hub and is approved.
	rogueHub, _ := nkeys.CreateUser()
	apply(t, h, rogueHub, "rogue-net", true)
	decide(t, h, "rogue-net", A)
	nc, err := bus.Connect(bus.Options{URL: h.Hub.Info.GetNatsUrl(), Key: rogueHub, Name: "rogue-net"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)

	// It vouches for a key of its own for every city, and signs a record
	// for each with that key.
	rogueCity, _ := nkeys.CreateUser()
	roguePub, _ := rogueCity.PublicKey()
	forged := map[string]string{}
	for _, c := range []string{approved, revoked, rejected, pending, undecided} {
		st, err := envelope.SignStatement(rogueHub, &hcnetv1.Statement{Statement: &hcnetv1.Statement_Attestation{Attestation: &hcnetv1.Attestation{
			HubId: "rogue-net", CityId: c, Country: "se", PublicKey: roguePub, Time: timestamppb.Now(),
		}}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := proto.Marshal(st)
		publishMsg(t, nc, &nats.Msg{Subject: subject.Attestation("se", c), Data: b})
	}
	// Attestations are applied before the records behind them only
	// within a batch: wait for them, as a real member hub's relay would
	// have sent them long before.
	poll.Until(t, "attestations applied", func() bool {
		var n int
		h.Hub.Store.DB().Read.QueryRow(`SELECT count(*) FROM attested_keys WHERE hub_id = 'rogue-net'`).Scan(&n)
		return n == 5
	})
	for _, c := range []string{approved, revoked, rejected, pending, undecided} {
		hd, env := sealed(t, rogueCity, "se", c)
		forged[c] = hd.GetId()
		publishMsg(t, nc, &nats.Msg{Subject: subject.Record("se", c, "practice", hd.GetId()), Data: env})
	}
	// And it withdraws the approved city's own record.
	wd, err := envelope.SignStatement(rogueHub, &hcnetv1.Statement{Statement: &hcnetv1.Statement_Withdrawal{Withdrawal: &hcnetv1.Withdrawal{
		HubId: "rogue-net", Country: "se", CityId: approved, Kind: "practice", Id: genuine.GetId(), Version: 2, Time: timestamppb.Now(),
	}}})
	if err != nil {
		t.Fatal(err)
	}
	wb, _ := proto.Marshal(wd)
	wmsg := &nats.Msg{Subject: subject.Record("se", approved, "practice", genuine.GetId()), Data: wb, Header: nats.Header{}}
	wmsg.Header.Set(subject.StatementHeader, "withdrawal")
	publishMsg(t, nc, wmsg)

	// Everything sent is either stored or quarantined before judging.
	poll.Until(t, "the undecided city's record stored", func() bool { return hubVersion(t, h, forged[undecided]) == 1 })
	poll.Until(t, "every forged message stored or quarantined", func() bool {
		settled := len(quarantined(t, h))
		for _, c := range []string{approved, revoked, rejected, pending} {
			if hubVersion(t, h, forged[c]) != 0 {
				settled++
			}
		}
		if hubVersion(t, h, genuine.GetId()) == 0 {
			settled++ // withdrawn
		}
		return settled >= 5
	})

	for _, tc := range []struct {
		title, city string
	}{
		{title: "revoked city", city: revoked},
		{title: "rejected city", city: rejected},
		{title: "pending city", city: pending},
		{title: "approved city with a different key", city: approved},
	} {
		t.Run(tc.title, func(t *testing.T) {
			if v := hubVersion(t, h, forged[tc.city]); v != 0 {
				var path string
				h.Hub.Store.DB().Read.QueryRow(`SELECT path FROM records WHERE id = ?`, forged[tc.city]).Scan(&path)
				t.Fatalf("a record signed with the member hub's key passed as %s's (version %d, path %s)", tc.city, v, path)
			}
		})
	}
	t.Run("refused for the coordinator's decision", func(t *testing.T) {
		n := 0
		for _, r := range quarantined(t, h) {
			if strings.Contains(r, "decided about") {
				n++
			}
		}
		if n != 4 { // three records and the withdrawal
			t.Fatalf("%d refusals name the coordinator's decision, want 4: %q", n, quarantined(t, h))
		}
	})
	t.Run("withdrawal of an approved city's record", func(t *testing.T) {
		if v := hubVersion(t, h, genuine.GetId()); v != 1 {
			t.Fatalf("the member hub withdrew malmö's own record (held version %d)", v)
		}
	})
	t.Run("reconciling a decided city's records", func(t *testing.T) {
		for city, want := range map[string]codes.Code{approved: codes.Unauthenticated, pending: codes.Unauthenticated, undecided: codes.OK} {
			req, err := envelope.SignReconcile(rogueHub, &hcnetv1.ReconcileQuery{Country: "se", CityId: city,
				Ranges: []*hcnetv1.DigestRange{{Digest: reconcile.Digest(nil)}}}, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := h.Client(t).Reconcile(ctx, req); status.Code(err) != want {
				t.Errorf("the member hub asking about %s: %v, want %v", city, err, want)
			}
		}
	})
	t.Run("the hub shows who vouches for what", func(t *testing.T) {
		ms, err := h.Client(t).ListMembers(ctx, &hcnetv1.ListMembersRequest{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range ms.GetMembers() {
			if m.GetCityId() != "rogue-net" {
				continue
			}
			if !m.GetHub() {
				t.Fatal("rogue-net is not listed as a member hub")
			}
			for _, v := range m.GetVouches() {
				got = append(got, v.GetCityId()+"="+shortStatus(v.GetOverriddenBy()))
			}
		}
		want := "goteborg=rejected kiruna= malmo=approved stockholm=revoked uppsala=pending"
		if strings.Join(got, " ") != want {
			t.Fatalf("rogue-net vouches for %q, want %q", strings.Join(got, " "), want)
		}
	})
}

// shortStatus names a status as the CLI does, "" for none.
func shortStatus(st hcnetv1.MemberStatus) string {
	if st == 0 {
		return ""
	}
	return record.ShortName(st)
}
