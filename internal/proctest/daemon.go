package proctest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// StartLimit bounds how long a daemon may take to serve after it starts.
const StartLimit = time.Minute

// Daemon is one hcnode or hchub process that the test starts, stops,
// kills and restarts with the same arguments. It writes its gRPC address
// to an address file once it serves. Its stdout and stderr go to a log
// file kept across restarts, each start marked by a line; the test prints
// the file's tail when it fails.
type Daemon struct {
	// Env is the process's environment; nil means the test's own.
	Env []string
	// TailLines is how many lines of the log a failed test shows.
	TailLines int

	t        testing.TB
	name     string
	bin      string
	args     []string
	addrFile string
	logPath  string

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
	addr string
}

// NewDaemon prepares the program bin, named name in messages and in its
// log's name, to run with args; it does not start it. The daemon is
// killed when the test ends.
func NewDaemon(t testing.TB, name, bin, addrFile string, args ...string) *Daemon {
	d := &Daemon{TailLines: 30, t: t, name: name, bin: bin, args: args, addrFile: addrFile,
		logPath: filepath.Join(t.TempDir(), name+".log")}
	t.Cleanup(func() {
		d.kill()
		if t.Failed() {
			t.Logf("--- last lines of %s's log (%s) ---\n%s", d.name, d.logPath, tail(d.logPath, d.TailLines))
		}
	})
	return d
}

// Start runs the daemon and waits until it has written its address.
func (d *Daemon) Start() {
	d.t.Helper()
	os.Remove(d.addrFile) // a killed daemon leaves its old address behind
	log, err := os.OpenFile(d.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		d.t.Fatal(err)
	}
	fmt.Fprintf(log, "=== %s start %s\n", time.Now().UTC().Format(time.RFC3339Nano), strings.Join(d.args, " "))
	cmd := exec.Command(d.bin, d.args...)
	cmd.Env = d.Env
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		log.Close()
		d.t.Fatalf("start %s: %v", d.name, err)
	}
	done := make(chan struct{})
	go func() {
		cmd.Wait()
		log.Close()
		close(done)
	}()
	d.mu.Lock()
	d.cmd, d.done, d.addr = cmd, done, ""
	d.mu.Unlock()
	deadline := time.Now().Add(StartLimit)
	for {
		if b, err := os.ReadFile(d.addrFile); err == nil && strings.HasSuffix(string(b), "\n") {
			d.mu.Lock()
			d.addr = strings.TrimSpace(string(b))
			d.mu.Unlock()
			return
		}
		select {
		case <-done:
			d.t.Fatalf("%s exited before serving (%v); last lines of its log:\n%s", d.name, cmd.ProcessState, tail(d.logPath, 25))
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("%s did not serve within %s; last lines of its log:\n%s", d.name, StartLimit, tail(d.logPath, 25))
		}
	}
}

// Addr is the gRPC address of the daemon, as it wrote it when it last
// started.
func (d *Daemon) Addr() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.addr
}

// Kill9 kills the daemon with SIGKILL, as a crash or the OOM killer
// would, and waits until it is gone.
func (d *Daemon) Kill9() {
	d.t.Helper()
	d.mu.Lock()
	cmd, done := d.cmd, d.done
	d.mu.Unlock()
	if cmd == nil {
		d.t.Fatalf("%s is not running", d.name)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		d.t.Fatalf("kill -9 %s: %v", d.name, err)
	}
	<-done
}

// Stop asks the daemon to stop with SIGTERM and waits, killing it after
// a minute; a clean stop must exit 0.
func (d *Daemon) Stop() {
	d.t.Helper()
	d.mu.Lock()
	cmd, done := d.cmd, d.done
	d.mu.Unlock()
	if cmd == nil {
		return
	}
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		<-done
		d.t.Fatalf("%s did not stop within a minute of SIGTERM", d.name)
	}
	if !cmd.ProcessState.Success() {
		d.t.Fatalf("%s after SIGTERM: %v; last lines of its log:\n%s", d.name, cmd.ProcessState, tail(d.logPath, 25))
	}
}

// kill ends the daemon if it still runs, when the test ends.
func (d *Daemon) kill() {
	d.mu.Lock()
	cmd, done := d.cmd, d.done
	d.mu.Unlock()
	if cmd == nil {
		return
	}
	select {
	case <-done:
	default:
		cmd.Process.Kill()
		<-done
	}
}

// tail is the last n lines of a file.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := bytes.Split(bytes.TrimRight(b, "\n"), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}
