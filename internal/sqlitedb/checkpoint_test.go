package sqlitedb

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"
)

var blobSchema = fstest.MapFS{"0001_blobs.sql": {Data: []byte(`CREATE TABLE blobs (b BLOB NOT NULL);`)}}

func openBlobs(tb testing.TB, opts ...Option) *DB {
	tb.Helper()
	db, err := Open(context.Background(), filepath.Join(tb.TempDir(), "t.db"), SyncFull, blobSchema, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return db
}

// writeBlobs commits n rows of a page each, in one transaction.
func writeBlobs(tb testing.TB, db *DB, n int) {
	tb.Helper()
	err := db.Tx(context.Background(), func(tx *sql.Tx) error {
		for range n {
			if _, err := tx.Exec(`INSERT INTO blobs (b) VALUES (randomblob(4000))`); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func walSize(tb testing.TB, db *DB) int64 {
	tb.Helper()
	fi, err := os.Stat(db.Path + "-wal")
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		tb.Fatal(err)
	}
	return fi.Size()
}

func autocheckpoint(tb testing.TB, db *DB) int {
	tb.Helper()
	var n int
	if err := db.Write.QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

func TestCheckpointInBackgroundRestartsTheWAL(t *testing.T) {
	db := openBlobs(t, CheckpointInBackground(time.Hour)) // rounds run by the test
	defer db.Close()
	if n := autocheckpoint(t, db); n != 0 {
		t.Fatalf("writer wal_autocheckpoint = %d, want 0: the writer would checkpoint itself", n)
	}
	writeBlobs(t, db, 500)
	first := walSize(t, db)
	if err := db.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.Read.QueryRow(`SELECT count(*) FROM blobs`).Scan(&n); err != nil || n != 500 {
		t.Fatalf("after a checkpoint: %d rows, %v; want 500", n, err)
	}
	// Everything was copied with no transaction under way, so the next
	// one writes the WAL from its start again: the file does not grow.
	writeBlobs(t, db, 500)
	if second := walSize(t, db); second > first {
		t.Errorf("WAL grew from %d to %d bytes after a checkpoint: it was not started over", first, second)
	}
	// Without the round in between, the same writes append.
	writeBlobs(t, db, 500)
	if third := walSize(t, db); third <= first {
		t.Errorf("WAL %d bytes after 1000 rows without a checkpoint, %d after 500: want it to grow", third, first)
	}
}

func TestCheckpointLeavesATransactionUnderWayAlone(t *testing.T) {
	db := openBlobs(t, CheckpointInBackground(time.Hour))
	defer db.Close()
	writeBlobs(t, db, 100)
	inTx, release, done := make(chan struct{}), make(chan struct{}), make(chan error)
	go func() {
		done <- db.Tx(context.Background(), func(tx *sql.Tx) error {
			close(inTx)
			<-release
			_, err := tx.Exec(`INSERT INTO blobs (b) VALUES (x'00')`)
			return err
		})
	}()
	<-inTx
	// A WAL under walMaxFrames is not worth a wait: the round returns
	// while the transaction is still open.
	if err := db.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestCloseTruncatesTheWAL(t *testing.T) {
	db := openBlobs(t, CheckpointInBackground(time.Millisecond))
	writeBlobs(t, db, 200)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if n := walSize(t, db); n != 0 {
		t.Errorf("WAL of a closed database: %d bytes, want 0", n)
	}
}

func TestWithoutTheOptionTheWriterCheckpoints(t *testing.T) {
	db := openBlobs(t)
	defer db.Close()
	if n := autocheckpoint(t, db); n <= 0 {
		t.Fatalf("wal_autocheckpoint = %d, want SQLite's default", n)
	}
	if err := db.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
}
