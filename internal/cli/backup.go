package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/datadir"
	"github.com/spf13/cobra"
	// backup and restore open the database themselves; the driver must
	// be linked by this package, not left to whatever else the program
	// happens to import.
	_ "modernc.org/sqlite"
)

// dataFolder is what hcctl knows of a daemon's data folder: its database
// and the address file it writes while it runs. The names come from
// package datadir, as the node's and hub's own do; hcctl does not import
// node or hub so that it stays a client of the daemons.
type dataFolder struct {
	daemon   string // "node" or "hub"
	db       string
	addr     string
	service  string // the systemd unit, for messages
	onlyHere string // a table only this daemon's database has
}

var dataFolders = []dataFolder{
	{daemon: "node", db: datadir.NodeDB, addr: addrFile, service: "hcnode", onlyHere: "outbox"},
	{daemon: "hub", db: datadir.HubDB, addr: hubAddrFile, service: "hchub", onlyHere: "members"},
}

// folderOf says whose data folder dir is, by the database it holds.
func folderOf(dir string) (dataFolder, error) {
	var found []dataFolder
	for _, f := range dataFolders {
		if _, err := os.Stat(filepath.Join(dir, f.db)); err == nil {
			found = append(found, f)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return dataFolder{}, fmt.Errorf("%s holds neither %s nor %s: is it a node's or a hub's data folder?", dir, datadir.NodeDB, datadir.HubDB)
	}
	return dataFolder{}, fmt.Errorf("%s holds both %s and %s: give the folder of one daemon", dir, datadir.NodeDB, datadir.HubDB)
}

// dbSummary is what hcctl checked of a database file.
type dbSummary struct {
	schema  int
	records int64
	tables  map[string]bool
}

// checkDB opens path read-only and runs SQLite's integrity check, so a
// backup is known good before it is called one, and a restore refuses a
// damaged file before it touches the data folder.
func checkDB(ctx context.Context, path string) (dbSummary, error) {
	var s dbSummary
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return s, err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return s, fmt.Errorf("%s is not a readable SQLite database: %w", path, err)
	}
	if res != "ok" {
		return s, fmt.Errorf("%s fails SQLite's integrity check: %s", path, res)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&s.schema); err != nil {
		return s, err
	}
	rows, err := db.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'table'")
	if err != nil {
		return s, err
	}
	defer rows.Close()
	s.tables = map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return s, err
		}
		s.tables[name] = true
	}
	if err := rows.Err(); err != nil {
		return s, err
	}
	if !s.tables["records"] {
		return s, fmt.Errorf("%s is a SQLite database but not a node's or hub's (no records table)", path)
	}
	err = db.QueryRowContext(ctx, "SELECT count(*) FROM records").Scan(&s.records)
	return s, err
}

func (a *app) backupCommand() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "backup --dir DIR --out FILE",
		Short: "Copy a node's or hub's database to a file, consistently, while it runs",
		Long: `Write a consistent snapshot of the database in the data folder --dir (a
node's hcnode.db or a hub's hub.db) to --out. It is safe while the daemon
runs and writes: SQLite's VACUUM INTO copies one read transaction's view,
so every write acknowledged before the backup started is in it, and none
is half in it. The copy is a single compact file, checked with SQLite's
integrity check before it takes its name; an existing --out is never
overwritten.

The backup holds the records, not the keys: keep a copy of identity.nk
(the city's or hub's identity) and admin.token somewhere safe once; they
do not change. A hub's JetStream store (DIR/nats) is not in it either.
Bring a backup back with hcctl restore.`,
		Example: `  hcctl backup --dir /var/lib/hcnode --out /backup/hcnode-$(date +%F).db
  hcctl backup --dir /var/lib/hchub --out /backup/hchub-$(date +%F).db`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir := a.dataDir()
			if dir == "" {
				return usagef("backup needs the data folder: --dir DIR or HCNET_DIR")
			}
			if out == "" {
				return usagef("backup needs --out FILE, the file to write")
			}
			f, err := folderOf(dir)
			if err != nil {
				return err
			}
			start := time.Now()
			s, err := backupDB(cmd.Context(), filepath.Join(dir, f.db), out)
			if err != nil {
				return fmt.Errorf("backup of %s: %w", filepath.Join(dir, f.db), err)
			}
			st, err := os.Stat(out)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.env.Stdout, "backed up the %s's %s (schema %d, %s) to %s: %s in %s, integrity check ok\n",
				f.daemon, f.db, s.schema, plural(int(s.records), "record", "records"), out, plural(int(st.Size()), "byte", "bytes"), time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the backup file to write; must not exist (required)")
	return cmd
}

// backupDB writes the snapshot next to out under a temporary name,
// checks it, syncs it and renames it into place, so out is either absent
// or a complete, checked backup.
func backupDB(ctx context.Context, src, out string) (dbSummary, error) {
	if _, err := os.Lstat(out); err == nil {
		return dbSummary{}, fmt.Errorf("%s exists; refusing to overwrite it", out)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return dbSummary{}, err
	}
	tmp, err := tempPath(out)
	if err != nil {
		return dbSummary{}, err
	}
	defer os.Remove(tmp) // after the rename there is nothing left to remove
	// The backup holds contacts' personal data: it is the owner's only,
	// from the first byte. VACUUM INTO writes into an empty file as it
	// finds it; left to create the file, SQLite would make it 0644.
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return dbSummary{}, err
	}
	if err := f.Close(); err != nil {
		return dbSummary{}, err
	}
	// Read-only, so the backup cannot change the database; VACUUM INTO is
	// allowed on it (a query_only connection refuses it).
	db, err := sql.Open("sqlite", "file:"+src+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return dbSummary{}, err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return dbSummary{}, err
	}
	s, err := checkDB(ctx, tmp)
	if err != nil {
		return s, err
	}
	if err := syncFile(tmp); err != nil {
		return s, err
	}
	if err := os.Rename(tmp, out); err != nil {
		return s, err
	}
	return s, syncDir(filepath.Dir(out))
}

// tempPath is a fresh name in path's folder (a rename is atomic only
// within one file system); the file itself is left for the caller to
// create, with the mode it wants.
func tempPath(path string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+strings.TrimPrefix(filepath.Base(path), ".")+".tmp-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	f.Close()
	return name, os.Remove(name)
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
