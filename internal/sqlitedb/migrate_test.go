package sqlitedb

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// A database made by one release and opened by the next: Open applies the
// missing migration and says which schema it came from and went to, and
// the daemon's log line says so once; a new database and one already at
// the schema log nothing, and an older release refuses the upgraded one.
func TestOpenReportsAndLogsAnUpgrade(t *testing.T) {
	ctx := context.Background()
	v1 := fstest.MapFS{"0001_a.sql": {Data: []byte(`CREATE TABLE a (x INTEGER);`)}}
	v2 := fstest.MapFS{"0001_a.sql": v1["0001_a.sql"], "0002_b.sql": {Data: []byte(`CREATE TABLE b (y INTEGER);`)}}
	path := filepath.Join(t.TempDir(), "test.db")
	open := func(schema fstest.MapFS) (*DB, string) {
		t.Helper()
		db, err := Open(ctx, path, SyncFull, schema)
		if err != nil {
			t.Fatal(err)
		}
		var logs bytes.Buffer
		db.LogMigration(slog.New(slog.NewTextHandler(&logs, nil)))
		db.Close()
		return db, logs.String()
	}

	db, logs := open(v1)
	if db.SchemaBefore != 0 || db.SchemaAfter != 1 || logs != "" {
		t.Errorf("new database: schema %d → %d, log %q; want 0 → 1 and no log", db.SchemaBefore, db.SchemaAfter, logs)
	}
	db, logs = open(v2)
	if db.SchemaBefore != 1 || db.SchemaAfter != 2 {
		t.Errorf("upgraded: schema %d → %d, want 1 → 2", db.SchemaBefore, db.SchemaAfter)
	}
	for _, want := range []string{"database schema upgraded", "from=1", "to=2", "db=" + path, "keep the backup"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log %q lacks %q", logs, want)
		}
	}
	if _, logs = open(v2); logs != "" {
		t.Errorf("opened again at the same schema, it logged %q", logs)
	}
	if _, err := Open(ctx, path, SyncFull, v1); err == nil || !strings.Contains(err.Error(), "newer than this program knows") {
		t.Errorf("the older release opened the upgraded database: %v", err)
	}
}
