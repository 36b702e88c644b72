package upstream

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"
)

// testMembers lists a fixed set of members.
type testMembers []*hcnetv1.Member

func (m testMembers) List(_ context.Context, status hcnetv1.MemberStatus) ([]*hcnetv1.Member, error) {
	var out []*hcnetv1.Member
	for _, mem := range m {
		if status == 0 || mem.GetStatus() == status {
			out = append(out, mem)
		}
	}
	return out, nil
}

// testStream consumes nothing and remembers the consumers deleted.
type testStream struct{ deleted []string }

func (s *testStream) Consume(ctx context.Context, _ jetstream.ConsumerConfig, _ func(context.Context, []jetstream.Msg) error) {
	<-ctx.Done()
}

func (s *testStream) DeleteConsumer(_ context.Context, name string) error {
	s.deleted = append(s.deleted, name)
	return nil
}

var approvedCities = testMembers{
	{Country: "se", CityId: "malmo", Name: "Malmö", Status: hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED, PublicKey: "UMALMO"},
	{Country: "se", CityId: "lund", Name: "Lund", Status: hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED, PublicKey: "ULUND"},
	{Country: "se", CityId: "se-north", Status: hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED, Hub: true},
	{Country: "se", CityId: "umea", Status: hcnetv1.MemberStatus_MEMBER_STATUS_PENDING},
}

type upstreamFixture struct {
	st       *testStore
	stream   *testStream
	attester *Attester
	cfg      Config
}

func newUpstreamFixture(t *testing.T) *upstreamFixture {
	t.Helper()
	x := &upstreamFixture{st: openStore(t), stream: &testStream{}}
	hub := key(t, 2)
	x.attester = NewAttester(hub, "se-net")
	x.cfg = Config{
		Store: x.st, Stream: x.stream, Verifier: newSigVerifier(t, key(t, 1)), Members: approvedCities, Attester: x.attester,
		Key: hub, HubID: "se-net", Name: "Healthy Cities Sweden", Country: "se", Log: quiet,
	}
	return x
}

// withParent records a parent, as hchub init --parent does.
func (x *upstreamFixture) withParent(t *testing.T) {
	t.Helper()
	if err := x.st.SetSettings(context.Background(), map[string]string{"upstream_addr": "127.0.0.1:1"}); err != nil {
		t.Fatal(err)
	}
}

// attestations opens the attestations waiting in the outbox, by city.
func (x *upstreamFixture) attestations(t *testing.T) map[string]*hcnetv1.Attestation {
	t.Helper()
	pub, _ := x.cfg.Key.PublicKey()
	out := map[string]*hcnetv1.Attestation{}
	for _, r := range x.st.outboxRows(t) {
		signed := &hcnetv1.SignedStatement{}
		if err := proto.Unmarshal(r.envelope, signed); err != nil {
			t.Fatal(err)
		}
		st, err := envelope.OpenStatement(signed, pub)
		if err != nil {
			t.Fatal(err)
		}
		a := st.GetAttestation()
		if a == nil {
			continue
		}
		if want := subject.Attestation(a.GetCountry(), a.GetCityId()); r.subject != want {
			t.Errorf("attestation of %s on %q, want %q", a.GetCityId(), r.subject, want)
		}
		out[a.GetCityId()] = a
	}
	return out
}

// TestAttesterAttestsWithAParentOnly: a decision is attested only while
// the hub has a parent, a city's only (not a member hub's), revoked
// when the city is no longer approved.
func TestAttesterAttestsWithAParentOnly(t *testing.T) {
	ctx := context.Background()
	x := newUpstreamFixture(t)
	attest := func(m *hcnetv1.Member) {
		t.Helper()
		if err := x.st.db.Tx(ctx, func(tx *sql.Tx) error { return x.attester.Attest(ctx, tx, m) }); err != nil {
			t.Fatal(err)
		}
	}
	attest(approvedCities[0])
	if n := len(x.st.outboxRows(t)); n != 0 {
		t.Fatalf("without a parent the attester queued %d rows", n)
	}
	x.attester.on.Store(true)
	attest(approvedCities[0])
	attest(approvedCities[2]) // a member hub
	attest(&hcnetv1.Member{Country: "se", CityId: "lund", Status: hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED, PublicKey: "ULUND"})
	got := x.attestations(t)
	if len(got) != 2 || got["se-north"] != nil {
		t.Fatalf("attested %v; want malmo and lund, not the member hub", got)
	}
	if a := got["malmo"]; a.GetRevoked() || a.GetPublicKey() != "UMALMO" || a.GetHubId() != "se-net" {
		t.Errorf("malmo: %v; want its key, not revoked, by se-net", a)
	}
	if a := got["malmo"]; a.GetCityName() != "Malmö" {
		t.Errorf("malmo's attestation names it %q, want the name it was approved with, Malmö", a.GetCityName())
	}
	if a := got["lund"]; !a.GetRevoked() {
		t.Errorf("lund, revoked: %v; want revoked", a)
	}
}

// TestNewLinksAKnownParent: a hub that has a parent attests every
// approved city once, when it first links, and turns the attester on; a
// replica and a hub without a parent do neither.
func TestNewLinksAKnownParent(t *testing.T) {
	ctx := context.Background()
	t.Run("no parent", func(t *testing.T) {
		x := newUpstreamFixture(t)
		u, err := New(ctx, x.cfg)
		if err != nil {
			t.Fatal(err)
		}
		if l, err := u.ParentLink(ctx); l != nil || err != nil || x.attester.on.Load() || len(x.st.outboxRows(t)) != 0 {
			t.Fatalf("link %v (%v), attesting %v, %d rows; want none", l, err, x.attester.on.Load(), len(x.st.outboxRows(t)))
		}
	})
	t.Run("replica", func(t *testing.T) {
		x := newUpstreamFixture(t)
		x.withParent(t)
		x.cfg.Replica = "b"
		u, err := New(ctx, x.cfg)
		if err != nil {
			t.Fatal(err)
		}
		if l, _ := u.ParentLink(ctx); l != nil || x.attester.on.Load() || len(x.st.outboxRows(t)) != 0 {
			t.Fatalf("replica: link %v, attesting %v, %d rows; a replica never forwards", l, x.attester.on.Load(), len(x.st.outboxRows(t)))
		}
		if err := u.SetParent(ctx, "127.0.0.1:1"); errs.KindOf(err) != errs.Invalid {
			t.Errorf("a replica set a parent: %v; want Invalid", err)
		}
	})
	t.Run("parent", func(t *testing.T) {
		x := newUpstreamFixture(t)
		x.withParent(t)
		if _, err := New(ctx, x.cfg); err != nil {
			t.Fatal(err)
		}
		got := x.attestations(t)
		if len(got) != 2 || got["malmo"] == nil || got["lund"] == nil || !x.attester.on.Load() {
			t.Fatalf("attested %v, attesting %v; want the two approved cities, and on", got, x.attester.on.Load())
		}
		// Started again, it does not attest them a second time.
		u, err := New(ctx, x.cfg)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(x.st.outboxRows(t)); n != 2 {
			t.Fatalf("a restart left %d rows; want the 2 of the first start", n)
		}
		l, err := u.ParentLink(ctx)
		if err != nil || l.GetAddr() != "127.0.0.1:1" {
			t.Fatalf("link %v (%v); want the recorded parent", l, err)
		}
		if err := u.SetParent(ctx, "127.0.0.1:2"); errs.KindOf(err) != errs.Exists {
			t.Errorf("moving to another parent: %v; want Exists", err)
		}
	})
}

// TestNamelessAttestationsAreMadeAgain: a hub that attested its cities
// before attestations named them attests every approved city once more
// when it next starts, with its name, and not again after that.
func TestNamelessAttestationsAreMadeAgain(t *testing.T) {
	ctx := context.Background()
	x := newUpstreamFixture(t)
	x.withParent(t)
	if err := x.st.SetSettings(ctx, map[string]string{"attestations_seeded": "1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := New(ctx, x.cfg); err != nil {
		t.Fatal(err)
	}
	got := x.attestations(t)
	if len(got) != 2 || got["malmo"].GetCityName() != "Malmö" || got["lund"].GetCityName() != "Lund" {
		t.Fatalf("attested %v; want malmo and lund again, each with its name", got)
	}
	if _, err := New(ctx, x.cfg); err != nil {
		t.Fatal(err)
	}
	if n := len(x.st.outboxRows(t)); n != 2 {
		t.Fatalf("a restart left %d rows; want the 2 of the start before", n)
	}
}

// TestSetParentNeedsACountry: a hub without a country may not join a
// parent, which accepts a hub's word for one country's cities.
func TestSetParentNeedsACountry(t *testing.T) {
	x := newUpstreamFixture(t)
	x.cfg.Country = ""
	u, err := New(context.Background(), x.cfg)
	if err != nil {
		t.Fatal(err)
	}
	err = u.SetParent(context.Background(), "127.0.0.1:1")
	if vs := errs.ViolationsOf(err); errs.KindOf(err) != errs.Invalid || len(vs) != 1 || vs[0].Field != "country" {
		t.Fatalf("SetParent without a country: %v; want Invalid on country", err)
	}
}

// TestLeaveParent: leaving forgets the parent, what waits for it and
// what was forwarded, and the forwarder's consumer; the attester stops.
// Without a parent, leaving is NotFound, and so is the relay's status.
func TestLeaveParent(t *testing.T) {
	ctx := context.Background()
	x := newUpstreamFixture(t)
	x.withParent(t)
	u, err := New(ctx, x.cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.st.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO forwarded (country, city_id, id, version) VALUES ('se', 'malmo', 'r1', 2)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	u.Start()
	if err := u.LeaveParent(ctx); err != nil {
		t.Fatal(err)
	}
	var settings, forwarded int
	x.st.db.Read.QueryRow(`SELECT count(*) FROM settings WHERE key LIKE 'upstream%' OR key = 'attestations_seeded'`).Scan(&settings)
	x.st.db.Read.QueryRow(`SELECT count(*) FROM forwarded`).Scan(&forwarded)
	if n := len(x.st.outboxRows(t)); n != 0 || settings != 0 || forwarded != 0 {
		t.Fatalf("after leaving: %d outbox rows, %d settings, %d forwarded; want none", n, settings, forwarded)
	}
	if len(x.stream.deleted) != 1 || x.stream.deleted[0] != subject.ForwardConsumer || x.attester.on.Load() {
		t.Fatalf("deleted consumers %v, attesting %v; want the forwarder's, off", x.stream.deleted, x.attester.on.Load())
	}
	if err := u.LeaveParent(ctx); errs.KindOf(err) != errs.NotFound {
		t.Errorf("leaving again: %v; want NotFound", err)
	}
	if _, err := u.Status(ctx); errs.KindOf(err) != errs.NotFound {
		t.Errorf("status without a parent: %v; want NotFound", err)
	}
	if _, err := u.SyncParent(ctx); errs.KindOf(err) != errs.Unavailable {
		t.Errorf("comparing without a parent: %v; want Unavailable", err)
	}
}

// TestStartStopsWithTheRunContext: what Start runs (the forwarder
// consuming, the relay, the comparisons) ends when the hub's run context
// does, and Wait waits for it.
func TestStartStopsWithTheRunContext(t *testing.T) {
	x := newUpstreamFixture(t)
	x.withParent(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	u, err := New(ctx, x.cfg)
	if err != nil {
		t.Fatal(err)
	}
	u.Start()
	waited := make(chan struct{})
	go func() {
		u.Wait()
		close(waited)
	}()
	select {
	case <-waited:
		t.Fatal("Wait returned while the run context still runs")
	case <-time.After(100 * time.Millisecond):
	}
	cancel()
	select {
	case <-waited:
	case <-time.After(30 * time.Second):
		t.Fatal("forwarding still runs 30 s after the run context ended")
	}
}
