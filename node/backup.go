package node

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
)

// Backup writes a consistent copy of the node's database to path, as
// hcctl backup does: VACUUM INTO copies one read transaction's view, so
// every write acknowledged before it started is in the copy and none is
// half in it, while the node goes on writing. path must exist and be
// empty: SQLite writes into the file as it finds it, so the caller
// decides its mode (the copy holds contacts' personal data). The copy
// passes SQLite's integrity check before Backup returns nil.
func (s *Store) Backup(ctx context.Context, path string) error {
	// A read-only connection of its own: the pool's readers are
	// query_only, which refuses VACUUM INTO, and the writer must not wait
	// behind a copy of the whole database.
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: s.db.Path}).EscapedPath()+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return checkCopy(ctx, path)
}

// checkCopy runs SQLite's integrity check on the copy at path, so a
// backup is known good before anyone calls it one.
func checkCopy(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("backup: the copy is not readable: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("backup: the copy fails SQLite's integrity check: %s", res)
	}
	return nil
}
