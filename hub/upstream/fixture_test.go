package upstream

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/reconcile"
	"github.com/hcnet/hcnet/internal/sqlitedb"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// testStore is the hub's database with its real schema (the migrations
// in ../store/migrations), upstream's tables in it, and a read model of plain
// maps beside it.
type testStore struct {
	db      *sqlitedb.DB
	records map[City]map[string]Stored
	// tombs are tombstones: kind and version by city and id.
	tombs map[City]map[string]Stored
}

func openStore(tb testing.TB) *testStore {
	tb.Helper()
	db, err := sqlitedb.Open(context.Background(), filepath.Join(tb.TempDir(), "hub.db"), sqlitedb.SyncNormal, os.DirFS("../store/migrations"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return &testStore{db: db, records: map[City]map[string]Stored{}, tombs: map[City]map[string]Stored{}}
}

func (s *testStore) DB() *sqlitedb.DB { return s.db }

func (s *testStore) Setting(ctx context.Context, key string) (string, error) {
	return s.db.Setting(ctx, key)
}

func (s *testStore) SetSettings(ctx context.Context, kv map[string]string) error {
	return s.db.SetSettings(ctx, kv)
}

func (s *testStore) PublicCities(_ context.Context, country string) ([]City, error) {
	var out []City
	for c, recs := range s.records {
		for _, r := range recs {
			if r.Public && (country == "" || c.Country == country) {
				out = append(out, c)
				break
			}
		}
	}
	return out, nil
}

func (s *testStore) PublicPairs(_ context.Context, c City) ([]reconcile.Pair, error) {
	var out []reconcile.Pair
	for id, r := range s.records[c] {
		if r.Public {
			out = append(out, reconcile.Pair{ID: id, Version: r.Version})
		}
	}
	return out, nil
}

func (s *testStore) Stored(_ context.Context, _ *sql.Tx, c City, id string) (Stored, bool, error) {
	r, ok := s.records[c][id]
	return r, ok, nil
}

func (s *testStore) WithdrawnAt(_ context.Context, _ *sql.Tx, c City, id string) (string, int64, bool, error) {
	if r, ok := s.records[c][id]; ok {
		return r.Kind, r.Version, !r.Public, nil
	}
	t, ok := s.tombs[c][id]
	return t.Kind, t.Version, ok, nil
}

// put adds a record to the read model.
func (s *testStore) put(c City, id string, r Stored) {
	if s.records[c] == nil {
		s.records[c] = map[string]Stored{}
	}
	s.records[c][id] = r
}

// outboxRows are the outbox's rows, oldest first.
func (s *testStore) outboxRows(tb testing.TB) []outboxRow {
	tb.Helper()
	rows, err := s.db.Read.Query(`SELECT subject, msg_id, kind, path, envelope FROM outbox ORDER BY seq`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []outboxRow
	for rows.Next() {
		var r outboxRow
		if err := rows.Scan(&r.subject, &r.msgID, &r.kind, &r.path, &r.envelope); err != nil {
			tb.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

type outboxRow struct {
	subject, msgID, kind, path string
	envelope                   []byte
}

// forwarded is the version of id last put into the outbox, 0 for none.
func (s *testStore) forwarded(tb testing.TB, id string) int64 {
	tb.Helper()
	var v int64
	err := s.db.Read.QueryRow(`SELECT version FROM forwarded WHERE id = ?`, id).Scan(&v)
	if err != nil && err != sql.ErrNoRows {
		tb.Fatal(err)
	}
	return v
}

// key is a fixed key pair, so that runs are alike.
func key(tb testing.TB, b byte) nkeys.KeyPair {
	tb.Helper()
	kp, err := nkeys.FromRawSeed(nkeys.PrefixByteUser, bytes.Repeat([]byte{b}, 32))
	if err != nil {
		tb.Fatal(err)
	}
	return kp
}

// sigVerifier verifies as ingest does what the forwarder relies on: a
// message has a header only when its envelope's signature verifies
// against the one member city's key. It counts the messages it checked.
type sigVerifier struct {
	city    *envelope.Verifier
	path    string
	checked int
}

func newSigVerifier(tb testing.TB, city nkeys.KeyPair) *sigVerifier {
	tb.Helper()
	pub, _ := city.PublicKey()
	v, err := envelope.NewVerifier(pub)
	if err != nil {
		tb.Fatal(err)
	}
	return &sigVerifier{city: v, path: `[{"at":"se/malmo"},{"at":"eu-net"}]`}
}

func (v *sigVerifier) VerifyAll(msgs []jetstream.Msg) ([]Verified, error) {
	out := make([]Verified, len(msgs))
	for i, m := range msgs {
		v.checked++
		out[i] = Verified{Subject: m.Subject(), Envelope: m.Data()}
		env := &hcnetv1.Envelope{}
		if proto.Unmarshal(m.Data(), env) != nil {
			continue
		}
		h, _, err := v.city.Open(env)
		if err != nil {
			continue
		}
		out[i].Header = h
		if h.GetVisibility() == hcnetv1.Visibility_VISIBILITY_PUBLIC {
			out[i].Path = v.path
		}
	}
	return out, nil
}
