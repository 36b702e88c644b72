//go:build unix

package owner

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// The system's calls; tests replace them to see what Match would do
// without being root.
var (
	chown   = os.Lchown
	geteuid = os.Geteuid
)

// Match gives every file and folder under dir that is not its owner's to
// that owner, when this process runs as root and dir belongs to another
// user. Otherwise it does nothing: a process that is not root makes its
// files its own user's, and only root can give them away.
func Match(dir string) error {
	if geteuid() != 0 {
		return nil
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	want, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || want.Uid == 0 {
		return nil
	}
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok && st.Uid == want.Uid && st.Gid == want.Gid {
			return nil
		}
		if err := chown(path, int(want.Uid), int(want.Gid)); err != nil {
			return fmt.Errorf("giving %s to the owner of %s (uid %d): %w", path, dir, want.Uid, err)
		}
		return nil
	})
}

// Hint explains a file this process could not open when the file, or the
// folder it is in, belongs to another user than the one this process
// runs as: "" when both are its own, so that the hint never misleads. A
// daemon whose files root made (a restore without this package, a copy)
// otherwise stops with SQLite's "unable to open database file".
func Hint(path string) string {
	uid := geteuid()
	for _, p := range []string{path, filepath.Dir(path)} {
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		if !ok || int(st.Uid) == uid {
			continue
		}
		return fmt.Sprintf("%s belongs to uid %d, and this process runs as uid %d: give the data folder and its files to the user the daemon runs as (chown -R USER: %s)",
			p, st.Uid, uid, filepath.Dir(path))
	}
	return ""
}
