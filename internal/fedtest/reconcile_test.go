package fedtest

import (
	"context"
	"database/sql"
	"io"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/reconcile"
	"github.com/hcnet/hcnet/internal/subject"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// syncNode runs the node's Sync and returns every progress message, the
// final one (done) last.
func syncNode(t *testing.T, n *nodetest.Node) []*hcnetv1.SyncResponse {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stream, err := n.Client(t).Sync(ctx, &hcnetv1.SyncRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var out []*hcnetv1.SyncResponse
	for {
		m, err := stream.Recv()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("sync: %v", err)
		}
		out = append(out, m)
	}
	if len(out) == 0 || !out[len(out)-1].GetDone() {
		t.Fatalf("sync ended without a summary: %v", out)
	}
	return out
}

// hubEnvelope is the envelope bytes the hub stores for a record.
func hubEnvelope(t *testing.T, h *hubtest.Hub, id string) []byte {
	t.Helper()
	var b []byte
	if err := h.Hub.Store.DB().Read.QueryRow(`SELECT envelope FROM records WHERE id = ?`, id).Scan(&b); err != nil {
		t.Fatal(err)
	}
	return b
}

// loseBehindHub removes every trace of a record from the hub's database
// (row, facets, tombstone) and from its stream, as an operator's mistake
// or a lost disk would.
func loseBehindHub(t *testing.T, h *hubtest.Hub, country, city, kind, id string) {
	t.Helper()
	db := h.Hub.Store.DB().Write
	for _, q := range []string{
		`DELETE FROM record_terms WHERE record IN (SELECT rowid FROM records WHERE country = ? AND city_id = ? AND id = ?)`,
		`DELETE FROM records WHERE country = ? AND city_id = ? AND id = ?`,
		`DELETE FROM tombstones WHERE country = ? AND city_id = ? AND id = ?`,
	} {
		if _, err := db.Exec(q, country, city, id); err != nil {
			t.Fatal(err)
		}
	}
	js, err := jetstream.New(hubNATS(t, h))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	stream, err := js.Stream(ctx, subject.RecordStream)
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Purge(ctx, jetstream.WithPurgeSubject(subject.Record(country, city, kind, id))); err != nil {
		t.Fatal(err)
	}
}

// putBehindHub makes the hub hold env (an older envelope it once had) as
// if the newer message had never arrived.
func putBehindHub(t *testing.T, h *hubtest.Hub, subj string, env []byte) {
	t.Helper()
	in := h.Hub.Ingest.Check(subj, nil, env, time.Now())
	if in.Header == nil {
		t.Fatalf("the old envelope no longer verifies: %s", in.Reason)
	}
	if _, err := h.Hub.Store.Apply(context.Background(), []store.Incoming{in}); err != nil {
		t.Fatal(err)
	}
}

func hubTombstone(t *testing.T, h *hubtest.Hub, id string) int64 {
	t.Helper()
	var v int64
	err := h.Hub.Store.DB().Read.QueryRow(`SELECT version FROM tombstones WHERE id = ?`, id).Scan(&v)
	if err == sql.ErrNoRows {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func last(rs []*hcnetv1.SyncResponse) *hcnetv1.SyncResponse { return rs[len(rs)-1] }

// TestSyncRepairsTheHub breaks the hub's copy of one record in each way a
// hub can lose track of a record, and checks that one Sync repairs it.
func TestSyncRepairsTheHub(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n, true)
	c := n.Client(t)
	create := func(t *testing.T, title string) *hcnetv1.Practice {
		t.Helper()
		res, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice(title, hcnetv1.Visibility_VISIBILITY_PUBLIC)})
		if err != nil {
			t.Fatal(err)
		}
		p := res.GetPractice()
		poll.Until(t, "practice at the hub", func() bool { return hubVersion(t, h, p.GetId()) == p.GetVersion() })
		return p
	}
	update := func(t *testing.T, p *hcnetv1.Practice, vis hcnetv1.Visibility) *hcnetv1.Practice {
		t.Helper()
		p.Visibility = vis
		res, err := c.UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{Practice: p, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"visibility"}}})
		if err != nil {
			t.Fatal(err)
		}
		return res.GetPractice()
	}
	for _, tc := range []struct {
		title string
		// breakHub makes the hub's copy wrong and returns the record's id
		// and what the hub must hold after the repair.
		breakHub    func(t *testing.T) (id string, version, tombstone int64)
		wantRepairs int64
	}{
		{title: "a record deleted from the hub's database and stream is restored", wantRepairs: 1,
			breakHub: func(t *testing.T) (string, int64, int64) {
				p := create(t, "Förlorad")
				loseBehindHub(t, h, "se", "malmo", "practice", p.GetId())
				if v := hubVersion(t, h, p.GetId()); v != 0 {
					t.Fatalf("hub still holds version %d", v)
				}
				return p.GetId(), 1, 0
			}},
		{title: "a stale version is repaired", wantRepairs: 1,
			breakHub: func(t *testing.T) (string, int64, int64) {
				p := create(t, "Gammal")
				old := hubEnvelope(t, h, p.GetId())
				p = update(t, p, hcnetv1.Visibility_VISIBILITY_NETWORK)
				poll.Until(t, "version 2 at the hub", func() bool { return hubVersion(t, h, p.GetId()) == 2 })
				loseBehindHub(t, h, "se", "malmo", "practice", p.GetId())
				putBehindHub(t, h, subject.Record("se", "malmo", "practice", p.GetId()), old)
				if v := hubVersion(t, h, p.GetId()); v != 1 {
					t.Fatalf("hub holds version %d, want the stale 1", v)
				}
				return p.GetId(), 2, 0
			}},
		{title: "a record the node deleted whose tombstone was lost is withdrawn", wantRepairs: 1,
			breakHub: func(t *testing.T) (string, int64, int64) {
				p := create(t, "Raderad")
				old := hubEnvelope(t, h, p.GetId())
				if _, err := c.DeletePractice(ctx, &hcnetv1.DeletePracticeRequest{Id: p.GetId()}); err != nil {
					t.Fatal(err)
				}
				poll.Until(t, "tombstone at the hub", func() bool { return hubTombstone(t, h, p.GetId()) == 2 })
				loseBehindHub(t, h, "se", "malmo", "practice", p.GetId())
				putBehindHub(t, h, subject.Record("se", "malmo", "practice", p.GetId()), old)
				return p.GetId(), 0, 2
			}},
		{title: "a record made private whose tombstone was lost is withdrawn", wantRepairs: 1,
			breakHub: func(t *testing.T) (string, int64, int64) {
				p := create(t, "Privat")
				old := hubEnvelope(t, h, p.GetId())
				update(t, p, hcnetv1.Visibility_VISIBILITY_PRIVATE)
				poll.Until(t, "tombstone at the hub", func() bool { return hubTombstone(t, h, p.GetId()) == 2 })
				loseBehindHub(t, h, "se", "malmo", "practice", p.GetId())
				putBehindHub(t, h, subject.Record("se", "malmo", "practice", p.GetId()), old)
				return p.GetId(), 0, 2
			}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			id, version, tomb := tc.breakHub(t)
			res := last(syncNode(t, n))
			if res.GetRepaired() != tc.wantRepairs {
				t.Fatalf("repaired %d, want %d (%v)", res.GetRepaired(), tc.wantRepairs, res)
			}
			if res.GetCompared() != res.GetTotal() {
				t.Errorf("compared %d of %d", res.GetCompared(), res.GetTotal())
			}
			poll.Until(t, "the hub repaired", func() bool {
				return hubVersion(t, h, id) == version && hubTombstone(t, h, id) == tomb
			})
			poll.Until(t, "the hub holds what the node shares", func() bool { return sameSet(sharedSet(t, n), hubSet(t, h, "malmo")) })
		})
	}

	t.Run("a matching set is one round trip that repairs nothing", func(t *testing.T) {
		poll.Until(t, "the hub holds what the node shares", func() bool { return sameSet(sharedSet(t, n), hubSet(t, h, "malmo")) })
		poll.Until(t, "the outbox is empty", func() bool {
			st, err := c.GetStatus(ctx, &hcnetv1.GetStatusRequest{})
			return err == nil && st.GetOutboxDepth() == 0
		})
		rs := syncNode(t, n)
		res := last(rs)
		if len(rs) != 2 {
			t.Errorf("%d messages, want one progress message for the one request and the summary: %v", len(rs), rs)
		}
		want := int64(len(sharedSet(t, n)))
		if res.GetRepaired() != 0 || res.GetTotal() != want || res.GetCompared() != want || res.GetAlreadyPresent() != want {
			t.Fatalf("summary %v, want total, compared and already present %d and nothing repaired", res, want)
		}
	})
}

// TestReconcileRefusals: only the city or a member hub vouching for its
// country may ask, with a fresh query, once.
func TestReconcileRefusals(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n, true)
	pending := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	member(t, h, pending, false)
	rogue, _ := nkeys.CreateUser()
	query := &hcnetv1.ReconcileQuery{Country: "se", CityId: "malmo", Ranges: []*hcnetv1.DigestRange{{Digest: reconcile.Digest(nil)}}}
	sign := func(t *testing.T, kp nkeys.KeyPair, q *hcnetv1.ReconcileQuery, at time.Time) *hcnetv1.ReconcileRequest {
		t.Helper()
		req, err := envelope.SignReconcile(kp, q, at)
		if err != nil {
			t.Fatal(err)
		}
		return req
	}
	replayed := sign(t, nodeKey(t, n), query, time.Now())
	if _, err := h.Client(t).Reconcile(ctx, replayed); err != nil {
		t.Fatalf("first use of the query: %v", err)
	}
	lundQuery := &hcnetv1.ReconcileQuery{Country: "se", CityId: "lund"}
	for _, tc := range []struct {
		title string
		req   *hcnetv1.ReconcileRequest
		code  codes.Code
	}{
		{title: "signed by the city", req: sign(t, nodeKey(t, n), query, time.Now()), code: codes.OK},
		{title: "signed by a key that is no member's", req: sign(t, rogue, query, time.Now()), code: codes.Unauthenticated},
		{title: "signed by another member for this city", req: sign(t, nodeKey(t, pending), query, time.Now()), code: codes.Unauthenticated},
		{title: "signed by a city not yet approved", req: sign(t, nodeKey(t, pending), lundQuery, time.Now()), code: codes.Unauthenticated},
		{title: "replayed", req: replayed, code: codes.Unauthenticated},
		{title: "stale", req: sign(t, nodeKey(t, n), query, time.Now().Add(-time.Hour)), code: codes.Unauthenticated},
		{title: "from the future", req: sign(t, nodeKey(t, n), query, time.Now().Add(time.Hour)), code: codes.Unauthenticated},
		{title: "tampered after signing", req: func() *hcnetv1.ReconcileRequest {
			r := sign(t, nodeKey(t, n), query, time.Now())
			r.Query = append(r.Query, 0x18, 0x01)
			return r
		}(), code: codes.Unauthenticated},
		{title: "a backwards range", req: sign(t, nodeKey(t, n), &hcnetv1.ReconcileQuery{Country: "se", CityId: "malmo",
			Ranges: []*hcnetv1.DigestRange{{Start: "B", End: "A"}}}, time.Now()), code: codes.InvalidArgument},
		{title: "too many ranges", req: sign(t, nodeKey(t, n), &hcnetv1.ReconcileQuery{Country: "se", CityId: "malmo",
			Ranges: manyRanges(reconcile.MaxRanges + 1)}, time.Now()), code: codes.InvalidArgument},
	} {
		t.Run(tc.title, func(t *testing.T) {
			_, err := h.Client(t).Reconcile(ctx, tc.req)
			if got := status.Code(err); got != tc.code {
				t.Fatalf("code %v (%v), want %v", got, err, tc.code)
			}
		})
	}
}

// TestSyncParentRepairsTheRegionalHub: the national hub compares a city's
// public records with the regional hub and restores one lost there with
// the city's signature and its path, and withdraws one the regional hub
// kept after it stopped being public.
func TestSyncParentRepairsTheRegionalHub(t *testing.T) {
	ctx := context.Background()
	f := startThreeLevels(t)
	c := f.city.Client(t)
	mk := func(title string) *hcnetv1.Practice {
		res, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice(title, hcnetv1.Visibility_VISIBILITY_PUBLIC)})
		if err != nil {
			t.Fatal(err)
		}
		p := res.GetPractice()
		poll.Until(t, "practice at the regional hub", func() bool { return hubVersion(t, f.regional, p.GetId()) == 1 })
		return p
	}
	lostP := mk("Förlorad i Europa")
	keptP := mk("Kvar i Europa")
	old := hubEnvelope(t, f.regional, keptP.GetId())
	keptP.Visibility = hcnetv1.Visibility_VISIBILITY_NETWORK
	if _, err := c.UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{Practice: keptP, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"visibility"}}}); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "withdrawn at the regional hub", func() bool { return hubTombstone(t, f.regional, keptP.GetId()) == 2 })

	loseBehindHub(t, f.regional, "se", "malmo", "practice", lostP.GetId())
	loseBehindHub(t, f.regional, "se", "malmo", "practice", keptP.GetId())
	putBehindHub(t, f.regional, subject.Record("se", "malmo", "practice", keptP.GetId()), old)

	sum, err := f.national.Hub.Upstream.SyncParent(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Repaired != 1 || sum.Withdrawn != 1 || sum.Cities != 1 {
		t.Fatalf("summary %+v, want one city, one repaired, one withdrawn", sum)
	}
	poll.Until(t, "restored and withdrawn at the regional hub", func() bool {
		return hubVersion(t, f.regional, lostP.GetId()) == 1 && hubVersion(t, f.regional, keptP.GetId()) == 0
	})
	var at []string
	for _, hop := range hubPath(t, f.regional, lostP.GetId()) {
		at = append(at, hop.GetAt())
	}
	if len(at) != 3 || at[0] != "se/malmo" || at[1] != "se-net" || at[2] != "eu-net" {
		t.Fatalf("path of the restored record %v", at)
	}
	if q := quarantined(t, f.regional); len(q) != 0 {
		t.Fatalf("regional hub quarantined %v", q)
	}

	sum, err = f.national.Hub.Upstream.SyncParent(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Repaired != 0 || sum.Withdrawn != 0 || sum.AlreadyPresent != sum.Total {
		t.Fatalf("second comparison %+v, want everything present", sum)
	}
}

func manyRanges(n int) []*hcnetv1.DigestRange {
	out := make([]*hcnetv1.DigestRange, n)
	for i := range out {
		out[i] = &hcnetv1.DigestRange{Digest: reconcile.Digest(nil)}
	}
	return out
}
