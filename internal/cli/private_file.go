package cli

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// writePrivate writes a file that may hold personal data (contacts'
// names, e-mail addresses and phone numbers). The file is readable by its
// owner only, whatever the umask and also when it replaces a file anyone
// could read, and it is whole or absent: write fills a temporary file in
// the same folder (os.CreateTemp makes it 0600), which takes path's name
// only once complete and synced. A failed export leaves an older file
// at path as it was.
//
// A path that is not a regular file (/dev/stdout, a named pipe) is
// written in place; a symbolic link is followed, so the file it names
// is the one replaced.
func writePrivate(path string, write func(io.Writer) error) error {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		if err := write(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+strings.TrimPrefix(filepath.Base(path), ".")+".tmp-*")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	done = true
	return nil
}
