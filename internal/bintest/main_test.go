package bintest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hcnet/hcnet/internal/proctest"
)

// binDir holds the programs built for this test run; build sets it.
var binDir string

func TestMain(m *testing.M) {
	code := m.Run()
	proctest.Clean()
	os.Exit(code)
}

// programs are the commands the tests run, by name.
var programs = []string{"hcnode", "hchub", "hcctl"}

// build builds the programs once per test run, on first use, so that a
// run selecting no test here builds nothing. They are built without
// -race and without cgo, as they ship.
func build(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the built programs as processes; skipped with -short")
	}
	binDir = proctest.Build(t, programs...)
}

// bin is the path of a built program.
func bin(name string) string { return filepath.Join(binDir, name) }
