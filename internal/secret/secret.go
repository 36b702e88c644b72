// Package secret writes and reads the files only a daemon's own user may
// read: identity keys, admin tokens, and the database they guard.
package secret

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Write creates path with mode 0600 and syncs it; it fails if path
// exists, so a key or token is never overwritten.
func Write(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Read returns the trimmed contents of dir/name; an empty file is an error.
func Read(dir, name string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return "", fmt.Errorf("read %s: %w", name, err)
	}
	v := strings.TrimSpace(string(b))
	if v == "" {
		return "", fmt.Errorf("%s is empty", filepath.Join(dir, name))
	}
	return v, nil
}
