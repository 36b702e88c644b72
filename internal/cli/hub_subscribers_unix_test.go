//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestSeedFileIsOwnerOnly: a subscriber's seed is a credential; under the
// usual umask it is readable by its owner alone, also when a file anyone
// could read took its name after add checked for one.
func TestSeedFileIsOwnerOnly(t *testing.T) {
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
	const seed = "SUAMK2FG4MI6UE3ACF3FK3OIQBCEIEZV7NSWFFEW63UXMRLFM2XLAXK4GY"
	for _, existing := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "lund.nk")
		if existing {
			writeFile(t, path, "old, readable by anyone\n")
			if err := os.Chmod(path, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := writeSeed(path, seed); err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("existing before: %v: mode %v, want 0600", existing, st.Mode().Perm())
		}
		if b, _ := os.ReadFile(path); string(b) != seed+"\n" {
			t.Errorf("existing before: %v: file holds %q", existing, b)
		}
	}
}
