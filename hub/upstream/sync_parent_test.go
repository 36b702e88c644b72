package upstream

import (
	"context"
	"database/sql"
	"reflect"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/reconcile"
	"github.com/hcnet/hcnet/internal/relay"
	"github.com/hcnet/hcnet/internal/subject"
)

// TestForwardedCities: the cities compared with the parent are those of
// the hub's country it holds public records of and those it ever
// forwarded a record of, each once, in order.
func TestForwardedCities(t *testing.T) {
	ctx := context.Background()
	x := newUpstreamFixture(t)
	u, err := New(ctx, x.cfg)
	if err != nil {
		t.Fatal(err)
	}
	x.st.put(City{"se", "malmo"}, "r1", Stored{Kind: "practice", Version: 1, Public: true})
	x.st.put(City{"se", "lund"}, "r2", Stored{Kind: "practice", Version: 1, Public: true})
	x.st.put(City{"se", "umea"}, "r3", Stored{Kind: "practice", Version: 1}) // network only
	x.st.put(City{"dk", "aarhus"}, "r4", Stored{Kind: "practice", Version: 1, Public: true})
	if err := x.st.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, c := range []City{{"se", "lund"}, {"se", "boras"}, {"no", "bergen"}} {
			if err := markForwarded(ctx, tx, c, "f1", 1); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	got, err := u.forwardedCities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []City{{"se", "boras"}, {"se", "lund"}, {"se", "malmo"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("cities %v, want %v", got, want)
	}
}

// TestRepair: a repair queues the stored envelope of each record the
// parent lacks, at the version compared, and a withdrawal of each record
// the parent holds that is no longer public here (or is a tombstone),
// under Nats-Msg-Ids of their own; it leaves records that changed since
// the comparison, the parent's newer versions, and records with a row
// still waiting, and notes what it queued as forwarded.
func TestRepair(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	f := newForwarder(st, newSigVerifier(t, key(t, 1)), key(t, 2), "se-net", quiet, relay.NewBell())
	malmo := City{"se", "malmo"}
	st.put(malmo, "send", Stored{Kind: "practice", Version: 3, Public: true, Envelope: []byte("env"), Path: `[{"at":"se/malmo"}]`})
	st.put(malmo, "changed", Stored{Kind: "practice", Version: 4, Public: true})
	st.put(malmo, "waiting", Stored{Kind: "practice", Version: 2, Public: true})
	st.put(malmo, "private", Stored{Kind: "partner", Version: 5})
	st.put(malmo, "behind", Stored{Kind: "practice", Version: 2})
	st.tombs[malmo] = map[string]Stored{"gone": {Kind: "plan", Version: 7}}
	if err := st.db.Tx(ctx, func(tx *sql.Tx) error {
		return enqueue(ctx, tx, relay.Row{Subject: subject.Record("se", "malmo", "practice", "waiting"), MsgID: "se.malmo/waiting/2", Envelope: []byte("w")})
	}); err != nil {
		t.Fatal(err)
	}
	repaired, withdrawn, err := f.repair(ctx, malmo,
		[]reconcile.Pair{{ID: "send", Version: 3}, {ID: "changed", Version: 3}, {ID: "waiting", Version: 2}, {ID: "unknown", Version: 1}},
		[]reconcile.Pair{{ID: "private", Version: 4}, {ID: "behind", Version: 3}, {ID: "gone", Version: 6}, {ID: "unknown", Version: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if repaired != 1 || withdrawn != 2 {
		t.Fatalf("repaired %d, withdrawn %d; want 1 and 2", repaired, withdrawn)
	}
	rows := st.outboxRows(t)[1:] // after the row that was waiting
	if len(rows) != 3 {
		t.Fatalf("queued %d rows, want 3: %v", len(rows), rows)
	}
	type queued struct{ subject, msgID, kind, path string }
	var got []queued
	for _, r := range rows {
		i := strings.Index(r.msgID, "/repair-")
		if i < 0 {
			t.Fatalf("row %q has no repair suffix: the parent's dedup window could drop it", r.msgID)
		}
		got = append(got, queued{r.subject, r.msgID[:i], r.kind, r.path})
	}
	want := []queued{
		{subject.Record("se", "malmo", "practice", "send"), "se.malmo/send/3", "", `[{"at":"se/malmo"}]`},
		{subject.Record("se", "malmo", "partner", "private"), "withdraw/se.malmo/private/5", "withdrawal", ""},
		{subject.Record("se", "malmo", "plan", "gone"), "withdraw/se.malmo/gone/7", "withdrawal", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("queued\n%v\nwant\n%v", got, want)
	}
	if string(rows[0].envelope) != "env" {
		t.Errorf("the repair queued %q, not the stored envelope", rows[0].envelope)
	}
	for id, v := range map[string]int64{"send": 3, "private": 5, "gone": 7, "changed": 0, "behind": 0} {
		if got := st.forwarded(t, id); got != v {
			t.Errorf("%s forwarded at v%d, want v%d", id, got, v)
		}
	}
	// Nothing to repair queues nothing.
	if r, w, err := f.repair(ctx, malmo, nil, nil); r != 0 || w != 0 || err != nil {
		t.Errorf("an empty repair: %d, %d, %v", r, w, err)
	}
}
