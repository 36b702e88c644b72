package main

import (
	"database/sql"
	"slices"
	"testing"
)

// TestSQLiteDriverLinked: hcctl backup and restore open database files
// through database/sql, so the program itself, not only the tests that
// start a node beside it, must carry the SQLite driver.
func TestSQLiteDriverLinked(t *testing.T) {
	if !slices.Contains(sql.Drivers(), "sqlite") {
		t.Fatalf("hcctl links no SQLite driver (drivers: %v): backup and restore would fail", sql.Drivers())
	}
}
