package members

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// join signs an application of se/city as kp to hub se-hub and sends it.
func join(tb testing.TB, m *Members, kp nkeys.KeyPair, city string, asHub bool) (*hcnetv1.Member, error) {
	tb.Helper()
	req, err := envelope.SignJoin(kp, &hcnetv1.JoinApplication{CityId: city, Country: "se", Name: city, HubId: "se-hub", Hub: asHub},
		fmt.Sprintf("nonce-of-%s-0123456789", city), time.Now())
	if err != nil {
		tb.Fatal(err)
	}
	return m.Join(context.Background(), req)
}

func newKey(tb testing.TB) (nkeys.KeyPair, string) {
	tb.Helper()
	kp, err := nkeys.CreateUser()
	if err != nil {
		tb.Fatal(err)
	}
	pub, _ := kp.PublicKey()
	return kp, pub
}

// calls records what Members told its collaborators.
type calls struct {
	mu       sync.Mutex
	attested []string // status of each member attested, with whether the tx saw it
	changed  []string
	approved []string
}

func (c *calls) add(to *[]string, s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	*to = append(*to, s)
}

// TestNewTakesItsCollaborators: what New is given is what a decision
// uses: the attestation runs inside the decision's transaction and sees
// it, the NATS callback hears of every decision, the approval callback
// of approvals only, and the application limits hold from the start.
func TestNewTakesItsCollaborators(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	var c calls
	m, err := New(ctx, Config{
		Store: st,
		HubID: "se-hub",
		Attest: func(ctx context.Context, tx *sql.Tx, mem *hcnetv1.Member) error {
			var s string
			if err := tx.QueryRowContext(ctx, `SELECT status FROM members WHERE country = ? AND city_id = ?`,
				mem.GetCountry(), mem.GetCityId()).Scan(&s); err != nil {
				return err
			}
			c.add(&c.attested, mem.GetCityId()+" "+s)
			return nil
		},
		OnChange: func(_ context.Context, mem *hcnetv1.Member) error {
			c.add(&c.changed, mem.GetCityId()+" "+mem.GetStatus().String())
			return nil
		},
		Approved:     func(mem *hcnetv1.Member) { c.add(&c.approved, mem.GetCityId()) },
		Applications: ApplicationLimits{MaxPending: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	kp, _ := newKey(t)
	if _, err := join(t, m, kp, "malmo", false); err != nil {
		t.Fatal(err)
	}
	other, _ := newKey(t)
	if _, err := join(t, m, other, "lund", false); status.Code(err) != codes.ResourceExhausted {
		t.Fatalf("a second application with at most one pending: %v, want RESOURCE_EXHAUSTED", err)
	}
	if _, err := m.Decide(ctx, "se", "malmo", hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Decide(ctx, "se", "malmo", hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED); err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if got, want := fmt.Sprint(c.attested), "[malmo approved malmo revoked]"; got != want {
		t.Errorf("attested %s, want %s", got, want)
	}
	if got, want := fmt.Sprint(c.changed), "[malmo MEMBER_STATUS_APPROVED malmo MEMBER_STATUS_REVOKED]"; got != want {
		t.Errorf("NATS told of %s, want %s", got, want)
	}
	if got, want := fmt.Sprint(c.approved), "[malmo]"; got != want {
		t.Errorf("approvals heard %s, want %s", got, want)
	}
}

// TestApprovedCity: ingest's member rate counts a city on its own only
// when the coordinator approved it; a city a member hub vouches for
// verifies, yet is not an approved city, nor is a revoked one.
func TestApprovedCity(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	m, err := New(ctx, Config{Store: st, HubID: "se-hub"})
	if err != nil {
		t.Fatal(err)
	}
	cityKP, _ := newKey(t)
	hubKP, _ := newKey(t)
	_, vouchedPub := newKey(t)
	for _, a := range []struct {
		kp    nkeys.KeyPair
		id    string
		asHub bool
	}{{cityKP, "malmo", false}, {hubKP, "north-net", true}} {
		if _, err := join(t, m, a.kp, a.id, a.asHub); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Approve(ctx, "se", a.id, a.asHub); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.db.Write.ExecContext(ctx, `INSERT INTO attested_keys (country, city_id, hub_id, public_key, revoked, attest_time)
		VALUES ('se', 'kiruna', 'north-net', ?, 0, ?)`, vouchedPub, formatTime(time.Now())); err != nil {
		t.Fatal(err)
	}
	if err := m.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if !m.ApprovedCity("se", "malmo") {
		t.Error("approved city se/malmo is not an approved city")
	}
	if m.Verifier("se", "kiruna") == nil {
		t.Fatal("the member hub's vouch for se/kiruna does not verify")
	}
	for _, id := range []string{"kiruna", "north-net", "umea"} {
		if m.ApprovedCity("se", id) {
			t.Errorf("se/%s counts as an approved city", id)
		}
	}
	if _, err := m.Decide(ctx, "se", "malmo", hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED); err != nil {
		t.Fatal(err)
	}
	if m.ApprovedCity("se", "malmo") {
		t.Error("revoked se/malmo still counts as an approved city")
	}
}
