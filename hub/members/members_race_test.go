package members

import (
	"context"
	"sync"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
)

// TestDecisionSurvivesConcurrentReload: ingest reloads the members after
// every attestation, at any moment. A reload that read the table just
// before a decision must not swap its stale maps in after the decision
// took effect, bringing a revoked member back or losing an approval.
func TestDecisionSurvivesConcurrentReload(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := kp.PublicKey()
	if _, err := st.db.Write.ExecContext(ctx, `INSERT INTO members (country, city_id, name, public_key, status, apply_time, hub)
		VALUES ('se', 'malmo', 'Malmö', ?, 'pending', '2026-01-01T00:00:00Z', 0)`, pub); err != nil {
		t.Fatal(err)
	}
	m, err := New(ctx, Config{Store: st, HubID: "se-hub"})
	if err != nil {
		t.Fatal(err)
	}

	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := m.Reload(ctx); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	defer func() { close(stop); wg.Wait() }()

	const (
		A = hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED
		V = hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED
	)
	for i := range 100 {
		to := A
		if i%2 == 1 {
			to = V
		}
		if _, err := m.Decide(ctx, "se", "malmo", to); err != nil {
			t.Fatal(err)
		}
		// Once the reloads under way have swapped their maps in, any
		// later one reads the table after the decision's commit.
		m.rows.Lock()
		m.rows.Unlock()
		if got := m.Verifier("se", "malmo") != nil; got != (to == A) {
			t.Fatalf("decision %d: malmö %v, yet its key counts: %v", i, to, got)
		}
	}
}
