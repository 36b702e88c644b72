package crashtest

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// startLimit bounds how long a daemon may take to serve after it starts.
const startLimit = 60 * time.Second

// daemon is one child process (hcnode or hchub) that the test starts,
// kills and restarts with the same data folder and arguments. Its stdout
// and stderr go to a log file kept across restarts; the test prints the
// file's tail when it fails.
type daemon struct {
	t        *testing.T
	name     string
	bin      string
	args     []string
	addrFile string // written by the daemon once it serves
	logPath  string

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
	addr string
}

func newDaemon(t *testing.T, name, bin, addrFile string, args ...string) *daemon {
	d := &daemon{t: t, name: name, bin: bin, args: args, addrFile: addrFile,
		logPath: filepath.Join(t.TempDir(), name+".log")}
	t.Cleanup(func() {
		d.kill()
		if t.Failed() {
			n := 10
			if d.name == "hchub" {
				n = 40
			}
			t.Logf("--- last lines of %s's log (%s) ---\n%s", d.name, d.logPath, tail(d.logPath, n))
		}
	})
	return d
}

// start runs the daemon and waits until it has written its address.
func (d *daemon) start() {
	d.t.Helper()
	os.Remove(d.addrFile) // a killed daemon leaves its old address behind
	log, err := os.OpenFile(d.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		d.t.Fatal(err)
	}
	fmt.Fprintf(log, "=== %s start %s\n", time.Now().UTC().Format(time.RFC3339Nano), strings.Join(d.args, " "))
	cmd := exec.Command(d.bin, d.args...)
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
	deadline := time.Now().Add(startLimit)
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
			d.t.Fatalf("%s did not serve within %s; last lines of its log:\n%s", d.name, startLimit, tail(d.logPath, 25))
		}
	}
}

// Addr is the gRPC address of the running daemon.
func (d *daemon) Addr() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.addr
}

// kill9 kills the daemon with SIGKILL, as a crash or the OOM killer
// would, and waits until it is gone.
func (d *daemon) kill9() {
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

// stop asks the daemon to stop with SIGTERM and waits, killing it after
// a minute; a clean stop must exit 0.
func (d *daemon) stop() {
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

// kill ends the daemon if it still runs (cleanup).
func (d *daemon) kill() {
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

// freePort returns a loopback address no one listens on now. A daemon
// restarted after kill -9 gets the same address, so ports are fixed
// rather than :0.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitFor polls cond every interval until it returns "" (done) or limit
// passes; then it fails with what and cond's last explanation.
func waitFor(t *testing.T, limit, interval time.Duration, what string, cond func() string) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		why := cond()
		if why == "" {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			t.Fatalf("%s: not done within %s: %s", what, limit, why)
		}
		time.Sleep(interval)
	}
}
