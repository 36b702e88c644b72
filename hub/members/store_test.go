package members

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/hcnet/hcnet/internal/sqlitedb"
)

// testStore is the hub's database, with its real schema (the migrations
// in ../migrations), and no read model beside: it drops no records and
// counts the wake-ups it is asked for.
type testStore struct {
	db      *sqlitedb.DB
	dropped atomic.Int64
}

func (s *testStore) DB() *sqlitedb.DB { return s.db }

func (s *testStore) DropVouched(context.Context, *sql.Tx, string, string, string) (int, error) {
	return 0, nil
}

func (s *testStore) RecordsDropped() { s.dropped.Add(1) }

// openStore opens a fresh hub database in a temporary folder.
func openStore(tb testing.TB) *testStore {
	tb.Helper()
	db, err := sqlitedb.Open(context.Background(), filepath.Join(tb.TempDir(), "hub.db"), sqlitedb.SyncNormal, os.DirFS("../migrations"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return &testStore{db: db}
}
