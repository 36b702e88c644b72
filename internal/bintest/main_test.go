package bintest

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// binDir holds the programs built for this test run.
var binDir string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "hcnet-bintest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

var (
	buildOnce sync.Once
	buildErr  error
)

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
	buildOnce.Do(func() {
		goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, err := os.Stat(goBin); err != nil {
			goBin = "go"
		}
		args := []string{"build", "-o", binDir + string(os.PathSeparator)}
		for _, p := range programs {
			args = append(args, "github.com/hcnet/hcnet/cmd/"+p)
		}
		cmd := exec.Command(goBin, args...)
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go %v: %v\n%s", args, err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
}

// bin is the path of a built program.
func bin(name string) string { return filepath.Join(binDir, name) }
