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
