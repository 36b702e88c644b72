package outbox

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/hcnet/hcnet/internal/relay"
	"github.com/hcnet/hcnet/internal/sqlitedb"
)

// The two roles' tables, as their migrations create them: a node's rows
// are keyed by record and version, a hub's carry a route and a statement.
var (
	nodeSchema = fstest.MapFS{"0001_outbox.sql": {Data: []byte(`CREATE TABLE outbox (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    version      INTEGER NOT NULL,
    tombstone    INTEGER NOT NULL DEFAULT 0,
    subject      TEXT NOT NULL,
    msg_id       TEXT NOT NULL,
    envelope     BLOB NOT NULL,
    enqueue_time TEXT NOT NULL
);`)}}
	hubSchema = fstest.MapFS{"0001_outbox.sql": {Data: []byte(`CREATE TABLE outbox (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    subject      TEXT NOT NULL,
    msg_id       TEXT NOT NULL,
    envelope     BLOB NOT NULL,
    path         TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL DEFAULT '',
    enqueue_time TEXT NOT NULL
);`)}}
	hubColumns = Columns{Path: "path", Statement: "kind"}
)

func open(tb testing.TB, schema fstest.MapFS) *sqlitedb.DB {
	tb.Helper()
	db, err := sqlitedb.Open(context.Background(), filepath.Join(tb.TempDir(), "t.db"), sqlitedb.SyncFull, schema)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

var t0 = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

func insert(tb testing.TB, db *sqlitedb.DB, query string, n int, args func(i int) []any) {
	tb.Helper()
	err := db.Tx(context.Background(), func(tx *sql.Tx) error {
		for i := range n {
			if _, err := tx.Exec(query, args(i)...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func at(i int) string { return t0.Add(time.Duration(i) * time.Minute).Format(time.RFC3339Nano) }

func TestNodeTable(t *testing.T) {
	db := open(t, nodeSchema)
	ctx := context.Background()
	tab := New(db, Columns{})
	if n, oldest, err := tab.OutboxDepth(ctx); err != nil || n != 0 || !oldest.IsZero() {
		t.Fatalf("empty outbox: %d %v %v", n, oldest, err)
	}
	insert(t, db, `INSERT INTO outbox (record_id, kind, version, subject, msg_id, envelope, enqueue_time) VALUES (?, 'practice', 1, ?, ?, ?, ?)`, 5,
		func(i int) []any {
			return []any{fmt.Sprint("r", i), fmt.Sprint("hcnet.rec.se.malmo.practice.r", i), fmt.Sprint("se.malmo/r", i, "/1"), []byte{byte(i)}, at(i)}
		})
	rows, err := tab.OutboxBatch(ctx, 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("batch of %d rows, want 3", len(rows))
	}
	for i, r := range rows {
		want := relay.Row{Seq: int64(i + 1), Subject: fmt.Sprint("hcnet.rec.se.malmo.practice.r", i), MsgID: fmt.Sprint("se.malmo/r", i, "/1")}
		if r.Seq != want.Seq || r.Subject != want.Subject || r.MsgID != want.MsgID || len(r.Envelope) != 1 || r.Envelope[0] != byte(i) || r.Path != "" || r.Statement != "" {
			t.Fatalf("row %d = %+v, want %+v", i, r, want)
		}
	}
	// After the rows in flight, in order.
	rest, err := tab.OutboxBatch(ctx, rows[2].Seq, 10)
	if err != nil || len(rest) != 2 || rest[0].Seq != 4 || rest[1].Seq != 5 {
		t.Fatalf("rows after 3: %+v %v", rest, err)
	}
	if err := tab.Delivered(ctx, []int64{1, 3, 99}); err != nil {
		t.Fatal(err)
	}
	if err := tab.Delivered(ctx, nil); err != nil {
		t.Fatal(err)
	}
	left, err := tab.OutboxBatch(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []string
	for _, r := range left {
		seqs = append(seqs, fmt.Sprint(r.Seq))
	}
	if strings.Join(seqs, ",") != "2,4,5" {
		t.Fatalf("left %v, want 2,4,5", seqs)
	}
	n, oldest, err := tab.OutboxDepth(ctx)
	if err != nil || n != 3 || !oldest.Equal(t0.Add(time.Minute)) {
		t.Fatalf("depth %d oldest %v (%v), want 3 and %v", n, oldest, err, t0.Add(time.Minute))
	}
}

func TestHubTable(t *testing.T) {
	db := open(t, hubSchema)
	ctx := context.Background()
	tab := New(db, hubColumns)
	insert(t, db, `INSERT INTO outbox (subject, msg_id, envelope, path, kind, enqueue_time) VALUES (?, ?, ?, ?, ?, ?)`, 3,
		func(i int) []any {
			path, kind := "", ""
			if i == 1 {
				path = "se-net@2026-03-01T08:00:00Z"
			}
			if i == 2 {
				kind = "withdrawal"
			}
			return []any{fmt.Sprint("hcnet.rec.se.malmo.practice.r", i), fmt.Sprint("m", i), []byte("env"), path, kind, at(i)}
		})
	rows, err := tab.OutboxBatch(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].Path != "" || rows[1].Path != "se-net@2026-03-01T08:00:00Z" || rows[2].Statement != "withdrawal" || rows[1].Statement != "" {
		t.Fatalf("rows %+v", rows)
	}
	if err := tab.Delivered(ctx, []int64{rows[0].Seq, rows[1].Seq, rows[2].Seq}); err != nil {
		t.Fatal(err)
	}
	if n, _, err := tab.OutboxDepth(ctx); err != nil || n != 0 {
		t.Fatalf("depth after delivery %d %v", n, err)
	}
}

// A thousand rows go in one statement, as the relay deletes them.
func TestDeliveredMany(t *testing.T) {
	db := open(t, hubSchema)
	ctx := context.Background()
	tab := New(db, hubColumns)
	insert(t, db, `INSERT INTO outbox (subject, msg_id, envelope, enqueue_time) VALUES ('s', ?, x'00', ?)`, 2500,
		func(i int) []any { return []any{fmt.Sprint("m", i), at(i)} })
	var seqs []int64
	for i := int64(1); i <= 2400; i++ {
		seqs = append(seqs, i)
	}
	if err := tab.Delivered(ctx, seqs); err != nil {
		t.Fatal(err)
	}
	n, oldest, err := tab.OutboxDepth(ctx)
	if err != nil || n != 100 || !oldest.Equal(t0.Add(2400*time.Minute)) {
		t.Fatalf("depth %d oldest %v %v", n, oldest, err)
	}
}

func TestRepairSuffix(t *testing.T) {
	a, b := RepairSuffix(t0), RepairSuffix(t0.Add(time.Nanosecond))
	if !strings.HasPrefix(a, "/repair-") || a == b {
		t.Fatalf("suffixes %q and %q: want /repair-… and distinct", a, b)
	}
}

func TestPending(t *testing.T) {
	db := open(t, nodeSchema)
	ctx := context.Background()
	tab := New(db, Columns{Record: "record_id"})
	// r0 waits with two versions, r1 with one.
	insert(t, db, `INSERT INTO outbox (record_id, kind, version, subject, msg_id, envelope, enqueue_time) VALUES (?, 'practice', ?, 's', 'm', x'00', ?)`, 3,
		func(i int) []any { return []any{fmt.Sprint("r", i%2), i + 1, at(i)} })
	got, err := tab.Pending(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !got["r0"].Equal(t0) || !got["r1"].Equal(t0.Add(time.Minute)) {
		t.Fatalf("pending %v", got)
	}
	if err := tab.Delivered(ctx, []int64{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if got, err := tab.Pending(ctx); err != nil || len(got) != 0 {
		t.Fatalf("pending after delivery %v %v", got, err)
	}
	if _, err := New(open(t, hubSchema), hubColumns).Pending(ctx); err == nil {
		t.Fatal("Pending of a table without a record column did not fail")
	}
}
