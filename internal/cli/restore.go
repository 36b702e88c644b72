package cli

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hcnet/hcnet/internal/datadir"
	"github.com/hcnet/hcnet/internal/owner"
	"github.com/spf13/cobra"
)

// runningProbe is how long restore waits for a daemon to answer at the
// address its folder names before deciding the file is left over from a
// crash.
const runningProbe = 2 * time.Second

func (a *app) restoreCommand() *cobra.Command {
	var from string
	cmd := &cobra.Command{
		Use:   "restore --dir DIR --from FILE",
		Short: "Put a backup back in a stopped node's or hub's data folder",
		Long: `Replace the database in the data folder --dir with the backup --from (made
by hcctl backup). The daemon must be stopped: restore refuses while the
address in DIR/node.addr or DIR/hub.addr answers.

The backup is checked with SQLite's integrity check first. The database
it replaces is kept beside it as hcnode.db.pre-restore-TIME (with its WAL
files), and the backup takes its place with one rename, so an interrupted
restore leaves either the old database or the new one. identity.nk,
admin.token and the config file are not touched. A folder that lost its
database can be restored into as long as it still holds identity.nk and
admin.token (or copies of them).

After restoring a node, records written after the backup are gone from
it, and the restored state wins at its hub too: restore marks the node
as restored, and once started the node compares with its hub as soon as
it reaches it, sending its records above the versions the hub holds and
withdrawing what it does not have (hcctl sync does it at once). After
restoring a hub, what members shared after the backup is not ingested
again until they send it again.`,
		Example: `  systemctl stop hcnode
  hcctl restore --dir /var/lib/hcnode --from /backup/hcnode-$(date +%F).db
  systemctl start hcnode`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir := a.dataDir()
			if dir == "" {
				return usagef("restore needs the data folder: --dir DIR or HCNET_DIR")
			}
			if from == "" {
				return usagef("restore needs --from FILE, the backup to restore")
			}
			msg, err := restore(cmd.Context(), dir, from)
			if err != nil {
				return fmt.Errorf("restore: %w", err)
			}
			_, err = fmt.Fprintln(a.env.Stdout, msg)
			return err
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the backup file to restore (required)")
	return cmd
}

// restore does the checks and the swap and says what it did.
func restore(ctx context.Context, dir, from string) (string, error) {
	s, err := checkDB(ctx, from)
	if err != nil {
		return "", err
	}
	f, err := restoreTarget(dir, s)
	if err != nil {
		return "", err
	}
	if addr, up := running(dir, f); up {
		return "", fmt.Errorf("the %s is running: it answers at %s (from %s); stop it first (systemctl stop %s)",
			f.daemon, addr, filepath.Join(dir, f.addr), f.service)
	}
	if _, err := os.Stat(filepath.Join(dir, datadir.Identity)); err != nil {
		return "", fmt.Errorf("%s has no %s: restore into the %s's data folder, or put its %s (and %s) back first", dir, datadir.Identity, f.daemon, datadir.Identity, datadir.Token)
	}
	tmp, err := tempPath(filepath.Join(dir, f.db))
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp)
	if err := copyFile(from, tmp); err != nil {
		return "", err
	}
	if f.daemon == "node" {
		if err := markRestored(ctx, tmp, time.Now()); err != nil {
			return "", fmt.Errorf("marking the restored copy: %w", err)
		}
	}
	dst := filepath.Join(dir, f.db)
	kept := ""
	if _, err := os.Stat(dst); err == nil {
		kept = dst + ".pre-restore-" + time.Now().UTC().Format("20060102T150405Z")
		// The WAL files move with their database: a stale -wal beside
		// the restored file would be replayed into it.
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(dst+suffix, kept+suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return "", err
			}
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return "", err
	}
	if err := syncDir(dir); err != nil {
		return "", err
	}
	os.Remove(filepath.Join(dir, f.addr)) // left over from a crash, if anything
	// Restoring takes root under systemd; the daemon runs as the
	// folder's owner and could not open a database root kept.
	if err := owner.Match(dir); err != nil {
		return "", err
	}
	msg := fmt.Sprintf("restored the %s's %s from %s (schema %d, %s); identity.nk and admin.token unchanged", f.daemon, f.db, from, s.schema, plural(int(s.records), "record", "records"))
	if f.daemon == "node" {
		msg += "\nonce started, the node compares with its hub as soon as it reaches it and sends its restored records above the versions the hub holds; `hcctl sync` does it at once"
	}
	if kept != "" {
		msg += "\nthe database it replaced is kept as " + kept + " (delete it once the " + f.daemon + " runs well)"
	}
	return msg, nil
}

// restoreTarget is the database the backup replaces: the one the folder
// holds, which must be of the backup's kind, or for a folder that lost its
// database, the one the backup's tables say.
func restoreTarget(dir string, s dbSummary) (dataFolder, error) {
	node, hub := dataFolders[0], dataFolders[1]
	var want dataFolder
	switch {
	case s.tables[hub.onlyHere]: // first: a hub may have an outbox too
		want = hub
	case s.tables[node.onlyHere]:
		want = node
	default:
		return want, errors.New("the backup is neither a node's nor a hub's database")
	}
	have, err := folderOf(dir)
	if err != nil {
		if _, serr := os.Stat(dir); serr != nil {
			return want, serr
		}
		return want, nil // no database: restore into the empty place
	}
	if have.daemon != want.daemon {
		return want, fmt.Errorf("the backup is a %s's database but %s is a %s's data folder", want.daemon, dir, have.daemon)
	}
	return have, nil
}

// running says whether the daemon whose folder this is answers at the
// address it wrote there. An address file nobody answers at is left over
// from a crash.
func running(dir string, f dataFolder) (string, bool) {
	b, err := os.ReadFile(filepath.Join(dir, f.addr))
	if err != nil {
		return "", false
	}
	addr := strings.TrimSpace(string(b))
	conn, err := net.DialTimeout("tcp", addr, runningProbe)
	if err != nil {
		return addr, false
	}
	conn.Close()
	return addr, true
}

// copyFile copies src to a new dst with the database's private mode and
// syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// restoredSetting is the node's settings key that says its database was
// restored from a backup (node.RestoredSetting): the node's first sync
// with its hub then also checks the records written since, whose
// versions the hub may hold with content the restore lost.
const restoredSetting = "restored_time"

// markRestored writes the time of the restore into the copy of a node's
// database before it takes the database's place. The copy is switched to
// a rollback journal so the mark is in the one file that is renamed; the
// node opens it in WAL mode again.
func markRestored(ctx context.Context, path string, now time.Time) error {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(DELETE)&_pragma=synchronous(FULL)")
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
		restoredSetting, now.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return err
	}
	return db.Close()
}
