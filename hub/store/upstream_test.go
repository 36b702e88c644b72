package store

import (
	"context"
	"database/sql"
	"testing"

	"github.com/hcnet/hcnet/hub/upstream"
	"github.com/nats-io/nkeys"
)

// TestStoreForUpstream: what upstream reads of the read model: the
// cities with public records, a city's public set, a stored record,
// and the version a withdrawal carries (a record no longer public, a
// tombstone), none for a public record.
func TestStoreForUpstream(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	f.putPublic(kp, "p1", "Green roofs")
	f.put("se/malmo", "practice", "p2", practice("en", en("Walks", "Walking buses", "")))
	f.put("se/lund", "practice", "p3", practice("en", en("Parks", "Pocket parks", "")))
	f.withdraw("se/lund", "practice", "p3")
	cities, err := f.store.PublicCities(ctx, "se")
	if err != nil || len(cities) != 1 || cities[0] != (upstream.City{Country: "se", City: "malmo"}) {
		t.Fatalf("public cities of se: %v, %v; want malmo", cities, err)
	}
	if all, err := f.store.PublicCities(ctx, ""); err != nil || len(all) != 1 {
		t.Fatalf("public cities: %v, %v; want malmo", all, err)
	}
	if dk, err := f.store.PublicCities(ctx, "dk"); err != nil || len(dk) != 0 {
		t.Fatalf("public cities of dk: %v, %v; want none", dk, err)
	}
	malmo := upstream.City{Country: "se", City: "malmo"}
	pairs, err := f.store.PublicPairs(ctx, malmo)
	if err != nil || len(pairs) != 1 || pairs[0].ID != "p1" || pairs[0].Version != 1 {
		t.Fatalf("public set: %v, %v", pairs, err)
	}
	if err := f.store.DB().Tx(ctx, func(tx *sql.Tx) error {
		r, ok, err := f.store.Stored(ctx, tx, malmo, "p1")
		if err != nil || !ok || !r.Public || r.Kind != "practice" || r.Version != 1 || len(r.Envelope) == 0 {
			t.Errorf("stored p1: %+v, %v, %v", r, ok, err)
		}
		if r, ok, err := f.store.Stored(ctx, tx, malmo, "p2"); err != nil || !ok || r.Public {
			t.Errorf("stored p2: %+v, %v, %v; want a network record", r, ok, err)
		}
		if _, ok, err := f.store.Stored(ctx, tx, malmo, "none"); ok || err != nil {
			t.Errorf("stored, unknown: %v, %v", ok, err)
		}
		if _, _, ok, err := f.store.WithdrawnAt(ctx, tx, malmo, "p1"); ok || err != nil {
			t.Errorf("a public record is to be withdrawn: %v, %v", ok, err)
		}
		if kind, v, ok, err := f.store.WithdrawnAt(ctx, tx, malmo, "p2"); !ok || err != nil || kind != "practice" || v != 1 {
			t.Errorf("a network record: %s v%d, %v, %v; want practice v1", kind, v, ok, err)
		}
		if kind, v, ok, err := f.store.WithdrawnAt(ctx, tx, upstream.City{Country: "se", City: "lund"}, "p3"); !ok || err != nil || kind != "practice" || v != 2 {
			t.Errorf("a tombstone: %s v%d, %v, %v; want practice v2", kind, v, ok, err)
		}
		if _, _, ok, err := f.store.WithdrawnAt(ctx, tx, malmo, "none"); ok || err != nil {
			t.Errorf("an unknown record is to be withdrawn: %v, %v", ok, err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
