package crashtest

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"
)

// binDir holds the daemons built for this test run.
var binDir string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "hcnet-crashtest-bin-")
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

// binaries builds hcnode and hchub once per test run (on first use, so a
// run that selects no test here builds nothing) and returns their paths.
// They are built without -race: the suite attacks the programs as shipped.
func binaries(t *testing.T) (hcnode, hchub string) {
	t.Helper()
	if testing.Short() {
		t.Skip("the crash suite runs real processes; skipped with -short")
	}
	buildOnce.Do(func() {
		start := time.Now()
		defer func() { t.Logf("built hcnode and hchub in %.1fs", time.Since(start).Seconds()) }()
		goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, err := os.Stat(goBin); err != nil {
			goBin = "go"
		}
		cmd := exec.Command(goBin, "build", "-o", binDir+string(os.PathSeparator),
			"github.com/hcnet/hcnet/cmd/hcnode", "github.com/hcnet/hcnet/cmd/hchub")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build hcnode hchub: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return filepath.Join(binDir, "hcnode"), filepath.Join(binDir, "hchub")
}

// full reports whether HCNET_CRASH_FULL asks for the full-size runs.
func full() bool { return os.Getenv("HCNET_CRASH_FULL") == "1" }
