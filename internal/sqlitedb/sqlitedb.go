// Package sqlitedb opens the SQLite databases of nodes and hubs the one
// right way: pragmas in the DSN so every pooled connection gets them, one
// writer connection with immediate transactions, a pool of readers, and
// embedded migrations applied in order.
package sqlitedb

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"strconv"
	"sync"

	"github.com/hcnet/hcnet/internal/owner"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// DB is a database with one writer and a pool of readers. SQLite allows one
// writer at a time anyway; funnelling writes through one connection turns
// lock contention into a queue in Go, where it is cheap.
type DB struct {
	Path  string
	Write *sql.DB
	Read  *sql.DB
	// SchemaBefore is the schema version the database had before Open
	// applied the migrations it lacked, and SchemaAfter the one it has
	// now: they differ when a newer release opened it for the first
	// time, which the daemon logs for whoever upgraded it.
	SchemaBefore, SchemaAfter int

	// With CheckpointInBackground: the checkpointer, the one round of
	// it at a time, and the turn of Tx that Checkpoint takes to copy the
	// last frames between two transactions (checkpoint.go).
	ckpt   *checkpointer
	ckptMu sync.Mutex
	txTurn chan struct{}

	// full is the storage trouble Tx last met (full.go).
	full fullState
}

// Sync is the synchronous pragma: FULL where the data is the only copy
// (a node), NORMAL where it can be rebuilt (a hub's read model).
type Sync string

// Synchronous settings.
const (
	SyncFull   Sync = "FULL"
	SyncNormal Sync = "NORMAL"
)

// dsn puts busy_timeout first so that even the journal_mode switch waits
// for a lock instead of failing.
func dsn(path string, sync Sync, write bool, o options) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous("+string(sync)+")")
	if write {
		q.Set("_txlock", "immediate")
		// The writer walks the indexes of every table it inserts into;
		// with SQLite's default 2 MiB cache a hub's writer reads most of
		// those pages back from the OS, one system call each. The cache
		// grows only as pages are used, so a small node pays nothing.
		q.Add("_pragma", "cache_size(-65536)")
		if o.checkpointEvery > 0 {
			q.Add("_pragma", "wal_autocheckpoint(0)")
		}
	} else {
		q.Add("_pragma", "query_only(1)")
		if o.mapReads > 0 {
			q.Add("_pragma", "mmap_size("+strconv.FormatInt(o.mapReads, 10)+")")
		}
	}
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed) the database at path and applies the
// migrations in fsys (files NNNN_name.sql, in name order).
func Open(ctx context.Context, path string, sync Sync, migrations fs.FS, opts ...Option) (*DB, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	w, err := sql.Open("sqlite", dsn(path, sync, true, o))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		// SQLite says only "unable to open database file": name the
		// owners when they are the reason.
		if h := owner.Hint(path); h != "" {
			return nil, fmt.Errorf("open %s: %w; %s", path, err, h)
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	before, after, err := migrate(ctx, w, migrations)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", dsn(path, sync, false, o))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s for reading: %w", path, err)
	}
	readers := max(4, runtime.GOMAXPROCS(0)*2)
	r.SetMaxOpenConns(readers)
	// Keep every reader open: database/sql keeps two idle by default, so
	// a third concurrent read closed a connection afterwards, and its
	// page cache with it.
	r.SetMaxIdleConns(readers)
	db := &DB{Path: path, Write: w, Read: r, SchemaBefore: before, SchemaAfter: after}
	if o.checkpointEvery > 0 {
		if err := startCheckpointer(db, path, sync, o.checkpointEvery); err != nil {
			r.Close()
			w.Close()
			return nil, err
		}
	}
	return db, nil
}

// Close checkpoints the WAL into the main file, so a closed database is one
// self-contained file, and closes both pools.
func (db *DB) Close() error {
	var kerr error
	if db.ckpt != nil {
		kerr = db.ckpt.close()
	}
	_, cerr := db.Write.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	rerr := db.Read.Close()
	werr := db.Write.Close()
	for _, err := range []error{werr, rerr, cerr, kerr} {
		if err != nil {
			return err
		}
	}
	return nil
}

// Tx runs fn in one immediate write transaction, committing when fn returns
// nil and rolling back otherwise. A write that finds no room on the disk
// fails with an error of kind errs.Full.
func (db *DB) Tx(ctx context.Context, fn func(*sql.Tx) error) error {
	err := classify(db.tx(ctx, fn))
	db.full.note(err)
	return err
}

func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := db.lockTx(ctx); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer db.unlockTx()
	tx, err := db.Write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
