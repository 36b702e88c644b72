package proctest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// module is the import path the programs are built from.
const module = "github.com/hcnet/hcnet/cmd/"

var (
	buildMu  sync.Mutex
	binDir   string // made on first use
	built    = map[string]bool{}
	buildErr error // a failed build fails every later call at once
)

// Build builds the named programs of cmd/ (such as "hcnode") into a
// temporary folder and returns the folder. Each program is built once per
// test binary, on first use, so that a run selecting no test that needs
// them builds nothing. They are built without -race and without cgo,
// whatever the test binary was built with: the tests check the programs
// as they ship. A TestMain calls Clean after the tests to remove the
// folder.
func Build(t testing.TB, names ...string) string {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	var missing []string
	for _, name := range names {
		if !built[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return binDir
	}
	if binDir == "" {
		dir, err := os.MkdirTemp("", "hcnet-proctest-bin-")
		if err != nil {
			t.Fatal(err)
		}
		binDir = dir
	}
	start := time.Now()
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		goBin = "go"
	}
	args := []string{"build", "-o", binDir + string(os.PathSeparator)}
	for _, name := range missing {
		args = append(args, module+name)
	}
	cmd := exec.Command(goBin, args...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		buildErr = fmt.Errorf("go build %s: %v\n%s", strings.Join(missing, " "), err, out)
		t.Fatal(buildErr)
	}
	for _, name := range missing {
		built[name] = true
	}
	t.Logf("built %s in %.1fs", strings.Join(missing, " and "), time.Since(start).Seconds())
	return binDir
}

// Clean removes the folder Build built into, if any. TestMain calls it
// once the tests have run; the programs are not in the test's TempDir
// because they outlive any one test.
func Clean() {
	buildMu.Lock()
	defer buildMu.Unlock()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	binDir, built, buildErr = "", map[string]bool{}, nil
}
