package crashtest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hcnet/hcnet/internal/proctest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	proctest.Clean()
	os.Exit(code)
}

// binaries builds hcnode and hchub once per test run (on first use, so a
// run that selects no test here builds nothing) and returns their paths.
// They are built without -race: the suite attacks the programs as shipped.
func binaries(t *testing.T) (hcnode, hchub string) {
	t.Helper()
	if testing.Short() {
		t.Skip("the crash suite runs real processes; skipped with -short")
	}
	dir := proctest.Build(t, "hcnode", "hchub")
	return filepath.Join(dir, "hcnode"), filepath.Join(dir, "hchub")
}

// full reports whether HCNET_CRASH_FULL asks for the full-size runs.
func full() bool { return os.Getenv("HCNET_CRASH_FULL") == "1" }
