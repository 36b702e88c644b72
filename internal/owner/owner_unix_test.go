//go:build unix

package owner

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// A folder that belongs to the daemon's user and a file that root made in
// it: Match, run as root, gives the file (and a folder below) to that user
// and leaves alone what is already theirs. As root the test changes owners
// for real; otherwise it sees the calls Match makes.
func TestMatchGivesRootsFilesToTheFolderOwner(t *testing.T) {
	dir := t.TempDir()
	made := filepath.Join(dir, "hcnode.db")
	sub := filepath.Join(dir, "nats")
	for _, p := range []string{made, filepath.Join(sub, "meta.inf")} {
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	const daemonUID, daemonGID = 4242, 4343
	if os.Chown(dir, daemonUID, daemonGID) == nil {
		if err := Match(dir); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{made, sub, filepath.Join(sub, "meta.inf")} {
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if st := fi.Sys().(*syscall.Stat_t); st.Uid != daemonUID || st.Gid != daemonGID {
				t.Errorf("%s belongs to %d:%d, want %d:%d", p, st.Uid, st.Gid, daemonUID, daemonGID)
			}
		}
		return
	}

	// Not root, so no file can belong to anyone else: pretend to be root
	// and see that Match leaves files of the folder's owner alone.
	defer func(c func(string, int, int) error, e func() int) { chown, geteuid = c, e }(chown, geteuid)
	var calls []string
	chown = func(p string, uid, gid int) error {
		calls = append(calls, p)
		if uid != os.Getuid() {
			t.Errorf("chown %s to uid %d, want the folder owner %d", p, uid, os.Getuid())
		}
		return nil
	}
	geteuid = func() int { return 0 }
	if err := Match(dir); err != nil {
		t.Fatal(err)
	}
	if len(calls) != 0 {
		t.Errorf("Match changed the owner of files that were the folder owner's: %v", calls)
	}
	if os.Getuid() == 0 {
		t.Fatal("running as root, yet the folder could not be given to another user")
	}
}

// A process that is not root changes nothing, whoever owns the folder.
func TestMatchAsAnotherUserChangesNothing(t *testing.T) {
	defer func(c func(string, int, int) error, e func() int) { chown, geteuid = c, e }(chown, geteuid)
	chown = func(p string, _, _ int) error {
		t.Errorf("chown %s", p)
		return nil
	}
	geteuid = func() int { return 1000 }
	if err := Match(t.TempDir()); err != nil {
		t.Fatal(err)
	}
}

// A file of another user than the process is explained with both uids
// and what to do; files of the process's own user get no hint.
func TestHintNamesTheOwners(t *testing.T) {
	defer func(e func() int) { geteuid = e }(geteuid)
	dir := t.TempDir()
	path := filepath.Join(dir, "hcnode.db")
	if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if h := Hint(path); h != "" {
		t.Errorf("own file: hint %q, want none", h)
	}
	geteuid = func() int { return os.Geteuid() + 1 }
	h := Hint(path)
	for _, want := range []string{path + " belongs to uid " + strconv.Itoa(os.Getuid()), "runs as uid " + strconv.Itoa(os.Geteuid()+1), "chown -R USER: " + dir} {
		if !strings.Contains(h, want) {
			t.Errorf("hint %q lacks %q", h, want)
		}
	}
}
