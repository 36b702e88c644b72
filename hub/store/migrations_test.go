package store_test

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"testing/fstest"

	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/internal/sqlitedb"
)

// A hub upgraded from any earlier release must open, keep what it held
// and take writes: build a database at every earlier schema version by
// hand, with a member and a quarantined message in it when the schema
// has those tables, and let Open bring it up to date.
func TestHubMigrationsFromEveryEarlierVersion(t *testing.T) {
	ctx := context.Background()
	ms, err := sqlitedb.Migrations(store.Migrations())
	if err != nil {
		t.Fatal(err)
	}
	for have := 0; have < len(ms); have++ {
		t.Run("from "+strconv.Itoa(have), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "hub.db")
			db, err := sqlitedb.Open(ctx, path, sqlitedb.SyncFull, fstest.MapFS{})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms[:have] {
				if _, err := db.Write.Exec(m.SQL); err != nil {
					t.Fatalf("%s: %v", m.Name, err)
				}
			}
			if _, err := db.Write.Exec("PRAGMA user_version = " + strconv.Itoa(have)); err != nil {
				t.Fatal(err)
			}
			seeded := have >= 1 // members and quarantine exist from the first schema on
			if seeded {
				if _, err := db.Write.Exec(`INSERT INTO members (country, city_id, name, public_key, status, apply_time)
					VALUES ('se', 'malmo', 'Malmö', 'UPUBKEY', 'approved', '2026-01-01T00:00:00Z')`); err != nil {
					t.Fatal(err)
				}
				// A schema that already bounds the quarantine had the row
				// written with its origin and size.
				var bounded int
				if err := db.Write.QueryRow(`SELECT count(*) FROM pragma_table_info('quarantine') WHERE name = 'origin'`).Scan(&bounded); err != nil {
					t.Fatal(err)
				}
				q := `INSERT INTO quarantine (subject, reason, receive_time, envelope)
					VALUES ('hcnet.rec.se.lund.practice.x', 'not a member', '2026-01-01T00:00:00Z', x'00')`
				if bounded > 0 {
					q = `INSERT INTO quarantine (subject, reason, receive_time, envelope, origin, size)
					VALUES ('hcnet.rec.se.lund.practice.x', 'not a member', '2026-01-01T00:00:00Z', x'00', 'se/lund', 1)`
				}
				if _, err := db.Write.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			// A member hub's word for a city, and one dated a century
			// ahead, which the per-hub table no longer keeps: written to
			// a schema that migration 0007 has yet to bring there.
			var attested int
			if err := db.Write.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'attested_keys'`).Scan(&attested); err != nil {
				t.Fatal(err)
			}
			if have >= 7 {
				attested = 0
			}
			if attested > 0 {
				if _, err := db.Write.Exec(`INSERT INTO attested_keys (country, city_id, public_key, hub_id, revoked, attest_time) VALUES
					('se', 'kiruna', 'UKIRUNA', 'norr-net', 0, '2026-01-01T00:00:00.000000000Z'),
					('se', 'lulea', 'UROGUE', 'rogue-net', 0, '2126-01-01T00:00:00.000000000Z')`); err != nil {
					t.Fatal(err)
				}
			}
			db.Close()

			s, err := store.Open(ctx, path)
			if err != nil {
				t.Fatalf("migrate from %d: %v", have, err)
			}
			defer s.Close()
			if v, err := s.DB().Version(ctx); err != nil || v != len(ms) {
				t.Fatalf("schema %d (%v) after migrating from %d, want %d", v, err, have, len(ms))
			}
			if seeded {
				var name, status string
				if err := s.DB().Read.QueryRow(`SELECT name, status FROM members WHERE country = 'se' AND city_id = 'malmo'`).Scan(&name, &status); err != nil || name != "Malmö" || status != "approved" {
					t.Fatalf("member after migrating: %q %q (%v)", name, status, err)
				}
				// The quarantine's bounds count a message from before by
				// the origin its subject names and the size it had.
				var origin string
				var size int
				if err := s.DB().Read.QueryRow(`SELECT origin, size FROM quarantine WHERE subject = 'hcnet.rec.se.lund.practice.x'`).Scan(&origin, &size); err != nil || origin != "se/lund" || size != 1 {
					t.Fatalf("quarantined message after migrating: origin %q, size %d (%v)", origin, size, err)
				}
			}
			if attested > 0 {
				var keys string
				if err := s.DB().Read.QueryRow(`SELECT group_concat(city_id || '=' || public_key || '@' || hub_id, ' ') FROM attested_keys`).Scan(&keys); err != nil || keys != "kiruna=UKIRUNA@norr-net" {
					t.Fatalf("attested keys after migrating: %q (%v), want kiruna's only", keys, err)
				}
				// Another hub's word for the same city sits beside it.
				if _, err := s.DB().Write.Exec(`INSERT INTO attested_keys (country, city_id, public_key, hub_id, revoked, attest_time)
					VALUES ('se', 'kiruna', 'UOTHER', 'other-net', 0, '2026-01-02T00:00:00.000000000Z')`); err != nil {
					t.Fatalf("a second hub's word for kiruna: %v", err)
				}
			}
			res, err := s.Apply(ctx, []store.Incoming{{Subject: "hcnet.rec.se.ystad.practice.y", Envelope: []byte{1}, Reason: "test"}})
			if err != nil || res.Quarantined != 1 {
				t.Fatalf("write after migrating from %d: %+v, %v", have, res, err)
			}
			var n int
			if err := s.DB().Read.QueryRow(`SELECT count(*) FROM quarantine`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if want := map[bool]int{true: 2, false: 1}[seeded]; n != want {
				t.Fatalf("quarantine holds %d messages, want %d", n, want)
			}
			var ok string
			if err := s.DB().Read.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
				t.Fatalf("integrity_check = %q (%v)", ok, err)
			}
		})
	}
}
