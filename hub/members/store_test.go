package members

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/sqlitedb"
)

// testStore is the hub's database, with its real schema (the migrations
// in ../store/migrations), and no read model beside: it holds no records, so
// it drops none.
type testStore struct {
	db *sqlitedb.DB
}

func (s *testStore) DB() *sqlitedb.DB { return s.db }

func (s *testStore) DropVouched(context.Context, *sql.Tx, string, string, string) (int, error) {
	return 0, nil
}

func (s *testStore) RecordsDropped() {}

func (s *testStore) ForwardedBy(context.Context, string, string, string) (int64, time.Time, error) {
	return 0, time.Time{}, nil
}

// openStore opens a fresh hub database in a temporary folder.
func openStore(tb testing.TB) *testStore {
	tb.Helper()
	db, err := sqlitedb.Open(context.Background(), filepath.Join(tb.TempDir(), "hub.db"), sqlitedb.SyncNormal, os.DirFS("../store/migrations"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return &testStore{db: db}
}
