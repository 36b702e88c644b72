package natsserver

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/members"
	"github.com/hcnet/hcnet/internal/bus"
	"github.com/hcnet/hcnet/internal/poll"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"
)

// TestNATSUsersFollowDecisions checks the embedded server's users one
// decision at a time: only known keys get in, with their own
// permissions; a revoked member's or subscriber's open connections are
// closed and it cannot come back; a bulk replace of members leaves the
// subscribers alone.
func TestNATSUsersFollowDecisions(t *testing.T) {
	hubKey, memberKey, subKey := newKey(t), newKey(t), newKey(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	users := members.NewNATSUsers(pub(t, hubKey), log)
	e := start(t, users, log)
	connect := func(kp nkeys.KeyPair) (*nats.Conn, error) {
		return bus.Connect(bus.Options{URL: e.URL(), Key: kp, Name: "test"})
	}
	if nc, err := connect(hubKey); err != nil {
		t.Fatalf("hub key refused: %v", err)
	} else {
		nc.Close()
	}
	if nc, err := connect(memberKey); err == nil {
		nc.Close()
		t.Fatal("a key that is no member got in")
	}

	m := &hcnetv1.Member{Country: "se", CityId: "malmo", PublicKey: pub(t, memberKey), Status: hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED}
	if err := users.SetMember(m); err != nil {
		t.Fatal(err)
	}
	mc1, err := connect(memberKey)
	if err != nil {
		t.Fatalf("approved member refused: %v", err)
	}
	mc2, err := connect(memberKey)
	if err != nil {
		t.Fatalf("second connection refused: %v", err)
	}
	// Its own prefix only: a publish elsewhere is a permissions violation.
	errs := make(chan error, 1)
	mc1.SetErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) { errs <- err })
	if err := mc1.Publish("hcnet.rec.se.lund.practice.x", nil); err != nil {
		t.Fatal(err)
	}
	mc1.Flush()
	select {
	case <-errs:
	case <-time.After(5 * time.Second):
		t.Fatal("publish under another city's prefix was not refused")
	}

	s := &hcnetv1.Subscriber{Name: "research-lund", PublicKey: pub(t, subKey)}
	if err := users.SetSubscriber(s); err != nil {
		t.Fatal(err)
	}
	sc, err := connect(subKey)
	if err != nil {
		t.Fatalf("subscriber refused: %v", err)
	}
	defer sc.Close()

	m.Status = hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED
	if err := users.SetMember(m); err != nil {
		t.Fatal(err)
	}
	for _, nc := range []*nats.Conn{mc1, mc2} {
		waitClosed(t, nc)
	}
	if nc, err := connect(memberKey); err == nil {
		nc.Close()
		t.Fatal("revoked member got in again")
	}

	// Replacing the members (as at start) does not touch subscribers.
	if err := users.SetMembers(nil); err != nil {
		t.Fatal(err)
	}
	if err := sc.Flush(); err != nil || sc.IsClosed() {
		t.Fatalf("subscriber dropped by a members replace: %v", err)
	}
	s.Revoked = true
	if err := users.SetSubscriber(s); err != nil {
		t.Fatal(err)
	}
	waitClosed(t, sc)
}

// start runs a server for the test on a free loopback port, its store in
// a folder of the test's.
func start(t *testing.T, users Users, log *slog.Logger) *Server {
	t.Helper()
	s, err := Start(Config{StoreDir: t.TempDir(), Listen: "127.0.0.1:0"}, users, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	return s
}

func newKey(t *testing.T) nkeys.KeyPair {
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	return kp
}

func pub(t *testing.T, kp nkeys.KeyPair) string {
	p, err := kp.PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// waitClosed waits until the server has closed nc (bus.Connect gives up
// reconnecting after a few refused attempts).
func waitClosed(t *testing.T, nc *nats.Conn) {
	t.Helper()
	poll.Until(t, "the connection closed after the user was removed", func() bool { return !nc.IsConnected() })
	nc.Close()
}
