package sqlitedb

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"log/slog"
	"sort"
	"strconv"
	"strings"
)

// Migration is one schema step, numbered from 1.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations reads the NNNN_name.sql files of fsys in order and checks that
// they are numbered 1, 2, 3 ... without gaps.
func Migrations(fsys fs.FS) ([]Migration, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []Migration
	for i, name := range names {
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v != i+1 {
			return nil, fmt.Errorf("migration %s: want a name starting %04d_", name, i+1)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(b)})
	}
	return out, nil
}

// migrate applies, each in its own transaction, the migrations newer than
// the database's user_version, and refuses a database from a newer program.
// It returns the schema version before and after.
func migrate(ctx context.Context, db *sql.DB, fsys fs.FS) (before, after int, err error) {
	ms, err := Migrations(fsys)
	if err != nil {
		return 0, 0, err
	}
	var have int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return 0, 0, err
	}
	if have > len(ms) {
		return have, have, fmt.Errorf("database schema version %d is newer than this program knows (%d): use a newer release", have, len(ms))
	}
	for _, m := range ms[have:] {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return have, m.Version - 1, err
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			tx.Rollback()
			return have, m.Version - 1, fmt.Errorf("%s: %w", m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.Version)); err != nil {
			tx.Rollback()
			return have, m.Version - 1, fmt.Errorf("%s: %w", m.Name, err)
		}
		if err := tx.Commit(); err != nil {
			return have, m.Version - 1, fmt.Errorf("%s: %w", m.Name, err)
		}
	}
	return have, len(ms), nil
}

// Version reads the schema version of an open database.
func (db *DB) Version(ctx context.Context) (int, error) {
	var v int
	err := db.Read.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// LogMigration logs that opening the database upgraded its schema, so
// that whoever installed a new release sees the upgrade took, and knows
// that an older release no longer opens the database. A new database,
// made at this schema, is no upgrade.
func (db *DB) LogMigration(log *slog.Logger) {
	if db.SchemaBefore == 0 || db.SchemaBefore == db.SchemaAfter {
		return
	}
	log.Info("database schema upgraded; older releases refuse it from now on, so keep the backup taken before the upgrade to go back",
		"db", db.Path, "from", db.SchemaBefore, "to", db.SchemaAfter)
}
