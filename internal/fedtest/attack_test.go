package fedtest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/bus"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/subject"
	"github.com/hcnet/hcnet/node"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"github.com/oklog/ulid/v2"
	"google.golang.org/protobuf/proto"
)

// sealed is a signed practice envelope from origin, signed by kp.
func sealed(t *testing.T, kp nkeys.KeyPair, country, city string) (*hcnetv1.EnvelopeHeader, []byte) {
	t.Helper()
	id := ulid.Make().String()
	p := practice("Förfalskad praktik", hcnetv1.Visibility_VISIBILITY_NETWORK)
	p.Id, p.Version, p.Contacts = id, 1, nil
	h := &hcnetv1.EnvelopeHeader{OriginCountry: country, OriginCity: city, Kind: "practice", Id: id, Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK}
	env, err := envelope.Seal(kp, h, &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: p}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	b, err := proto.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return h, b
}

func publish(t *testing.T, nc *nats.Conn, subj string, data []byte) error {
	t.Helper()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err = js.Publish(ctx, subj, data)
	return err
}

func nodeKey(t *testing.T, n *nodetest.Node) nkeys.KeyPair {
	t.Helper()
	kp, err := node.ReadIdentity(n.Dir)
	if err != nil {
		t.Fatal(err)
	}
	return kp
}

// TestForgedAndMisplacedRecordsAreQuarantined publishes, as the hub
// itself (which may publish anywhere), what an attacker or a broken node
// could put in the stream.
func TestForgedAndMisplacedRecordsAreQuarantined(t *testing.T) {
	h := hubtest.Start(t)
	malmo := nodetest.Start(t)
	lund := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	member(t, h, malmo, true)
	member(t, h, lund, true)
	nc := hubNATS(t, h)
	stranger, _ := nkeys.CreateUser()

	tests := []struct {
		title  string
		msg    func() (string, []byte)
		reason string
	}{
		{title: "forged signature", reason: "signature", msg: func() (string, []byte) {
			hd, b := sealed(t, stranger, "se", "malmo")
			return subject.Record("se", "malmo", "practice", hd.GetId()), b
		}},
		{title: "record under another city's subject", reason: "signature", msg: func() (string, []byte) {
			hd, b := sealed(t, nodeKey(t, lund), "se", "lund")
			return subject.Record("se", "malmo", "practice", hd.GetId()), b
		}},
		{title: "header claims another city", reason: "does not match", msg: func() (string, []byte) {
			hd, b := sealed(t, nodeKey(t, malmo), "se", "lund")
			return subject.Record("se", "malmo", "practice", hd.GetId()), b
		}},
		{title: "tampered payload", reason: "signature", msg: func() (string, []byte) {
			hd, b := sealed(t, nodeKey(t, malmo), "se", "malmo")
			env := &hcnetv1.Envelope{}
			proto.Unmarshal(b, env)
			env.Payload = append(env.Payload, 0x0a, 0x00)
			out, _ := proto.Marshal(env)
			return subject.Record("se", "malmo", "practice", hd.GetId()), out
		}},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			before := len(quarantined(t, h))
			subj, data := tt.msg()
			if err := publish(t, nc, subj, data); err != nil {
				t.Fatal(err)
			}
			poll.Until(t, "quarantine", func() bool { return len(quarantined(t, h)) > before })
			got := quarantined(t, h)[before]
			if !strings.Contains(got, tt.reason) {
				t.Fatalf("quarantined for %q, want a reason with %q", got, tt.reason)
			}
			id := subj[strings.LastIndex(subj, ".")+1:]
			if v := hubVersion(t, h, id); v != 0 {
				t.Fatalf("refused record stored at version %d", v)
			}
		})
	}
}

// TestMembersPublishOnlyUnderTheirOwnPrefix uses a member's own NATS
// credentials, as a compromised node would.
func TestMembersPublishOnlyUnderTheirOwnPrefix(t *testing.T) {
	h := hubtest.Start(t)
	malmo := nodetest.Start(t)
	member(t, h, malmo, true)
	kp := nodeKey(t, malmo)
	nc, err := bus.Connect(bus.Options{URL: h.Hub.Info.GetNatsUrl(), Key: kp, Name: "malmo-as-attacker"})
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	hd, b := sealed(t, kp, "se", "lund")
	if err := publish(t, nc, subject.Record("se", "lund", "practice", hd.GetId()), b); err == nil {
		t.Fatal("a member published under another city's subject")
	}
	hd, b = sealed(t, kp, "se", "malmo")
	if err := publish(t, nc, subject.Record("se", "malmo", "practice", hd.GetId()), b); err != nil {
		t.Fatalf("a member could not publish under its own subject: %v", err)
	}
}

func TestUnapprovedNodeCannotConnect(t *testing.T) {
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n, false)
	if nc, err := bus.Connect(bus.Options{URL: h.Hub.Info.GetNatsUrl(), Key: nodeKey(t, n), Name: "pending"}); err == nil {
		nc.Close()
		t.Fatal("a pending member connected to the hub's NATS")
	}
}

func TestRevokedMemberIsCutOff(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n, true)
	kp := nodeKey(t, n)
	if _, err := h.Client(t).RevokeMember(ctx, &hcnetv1.RevokeMemberRequest{CityId: "malmo", Country: "se"}); err != nil {
		t.Fatal(err)
	}
	if nc, err := bus.Connect(bus.Options{URL: h.Hub.Info.GetNatsUrl(), Key: kp, Name: "revoked"}); err == nil {
		nc.Close()
		t.Fatal("a revoked member connected to the hub's NATS")
	}
	// Records signed by the revoked key that still reach the stream (here
	// published by the hub itself) are refused.
	hd, b := sealed(t, kp, "se", "malmo")
	subj := subject.Record("se", "malmo", "practice", hd.GetId())
	if err := publish(t, hubNATS(t, h), subj, b); err != nil {
		t.Fatal(err)
	}
	var reason string
	poll.Until(t, "quarantine", func() bool {
		err := h.Hub.Store.DB().Read.QueryRow(`SELECT reason FROM quarantine WHERE subject = ?`, subj).Scan(&reason)
		return err == nil
	})
	if !strings.Contains(reason, "not an approved member") {
		t.Fatalf("quarantined for %q", reason)
	}
	poll.Until(t, "node learns it was revoked", func() bool {
		st, err := n.Client(t).GetStatus(ctx, &hcnetv1.GetStatusRequest{})
		if err != nil {
			return false
		}
		// The node notices when its connection drops and asks the hub.
		return st.GetHub().GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED
	})
}

func TestJoinRequestsCannotBeReplayed(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	kp, _ := nkeys.CreateUser()
	app := &hcnetv1.JoinApplication{CityId: "umea", Country: "se", Name: "Umeå", HubId: "se-net"}
	req, err := envelope.SignJoin(kp, app, "0123456789abcdef0123", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	c := h.Client(t)
	if _, err := c.Join(ctx, req); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Join(ctx, req); err == nil || !strings.Contains(err.Error(), "replayed") {
		t.Fatalf("replayed join: %v", err)
	}
	old, _ := envelope.SignJoin(kp, app, "another-nonce-0123456", time.Now().Add(-time.Hour))
	if _, err := c.Join(ctx, old); err == nil {
		t.Fatal("an hour-old join request was accepted")
	}
	other := proto.CloneOf(app)
	other.HubId = "dk-net"
	wrongHub, _ := envelope.SignJoin(kp, other, "yet-another-nonce-0123", time.Now())
	if _, err := c.Join(ctx, wrongHub); err == nil {
		t.Fatal("a join request for another hub was accepted")
	}
	imposter, _ := nkeys.CreateUser()
	stolen, _ := envelope.SignJoin(imposter, app, "imposter-nonce-012345", time.Now())
	if _, err := c.Join(ctx, stolen); err == nil {
		t.Fatal("a second key for a known city was accepted")
	}
}
