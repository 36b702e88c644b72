package bintest

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/internal/proctest"
	"github.com/hcnet/hcnet/node"
)

// federation is a national hub and one member city, malmo, each a
// process with its own data folder. It records which hcctl command
// families ran, so the test can check it left none out.
type federation struct {
	hubDir, nodeDir string
	hub, node       *proctest.Daemon
	ran             map[string]bool
}

func startFederation(t *testing.T) *federation {
	t.Helper()
	build(t)
	root := t.TempDir()
	f := &federation{hubDir: filepath.Join(root, "hub"), nodeDir: filepath.Join(root, "malmo"), ran: map[string]bool{}}
	initDaemon(t, "hchub", "init", "--dir", f.hubDir, "--id", "se-net", "--name", "Healthy Cities Sweden", "--level", "national", "--country", "se")
	initDaemon(t, "hcnode", "init", "--dir", f.nodeDir, "--city", "malmo", "--name", "Malmö", "--country", "se")
	// The search limit is off: the test reads the hub faster than a
	// person would.
	f.hub = newDaemon(t, "hchub", filepath.Join(f.hubDir, hub.AddrFile),
		"run", "--dir", f.hubDir, "--listen", "127.0.0.1:0", "--nats-listen", proctest.FreePort(t), "--search-rate", "0")
	f.node = newDaemon(t, "hcnode", filepath.Join(f.nodeDir, node.AddrFile),
		"run", "--dir", f.nodeDir, "--listen", "127.0.0.1:0")
	f.hub.Start()
	f.node.Start()
	return f
}

func initDaemon(t *testing.T, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin(name), args...)
	cmd.Env = cleanEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// run runs hcctl with args as given and notes the command family.
func (f *federation) run(t *testing.T, args ...string) result {
	t.Helper()
	for i := 0; i < len(args); i++ {
		if a := args[i]; !strings.HasPrefix(a, "-") {
			f.ran[a] = true
			break
		} else if !strings.Contains(a, "=") && a != "--tls" {
			i++ // the flag's value
		}
	}
	return hcctl(t, "", args...)
}

// officer runs hcctl as the city's officer: the node and its token are
// found through the node's data folder.
func (f *federation) officer(t *testing.T, args ...string) result {
	t.Helper()
	return f.run(t, append([]string{"--dir", f.nodeDir}, args...)...)
}

// coordinator runs hcctl as the hub's coordinator, through the hub's
// data folder.
func (f *federation) coordinator(t *testing.T, args ...string) result {
	t.Helper()
	return f.run(t, append([]string{"--dir", f.hubDir}, args...)...)
}

// ok fails the test unless r is a success whose output holds every one
// of want, and returns its standard output.
func ok(t *testing.T, r result, want ...string) string {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d, want 0\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	holds(t, r, want...)
	return r.stdout
}

// fails fails the test unless r exited with code and its output holds
// every one of want.
func fails(t *testing.T, r result, code int, want ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
	holds(t, r, want...)
}

func holds(t *testing.T, r result, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(r.stdout, w) && !strings.Contains(r.stderr, w) {
			t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", w, r.stdout, r.stderr)
		}
	}
}
