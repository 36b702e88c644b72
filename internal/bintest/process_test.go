package bintest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startLimit bounds how long a daemon may take to serve after it starts.
const startLimit = time.Minute

// runLimit bounds one hcctl command.
const runLimit = time.Minute

// cleanEnv is the test's environment without HCNET_ variables, so that a
// developer's settings cannot stand in for a flag the test forgot.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HCNET_") {
			env = append(env, kv)
		}
	}
	return env
}

// daemon is an hcnode or hchub process that writes its gRPC address to
// addrFile once it serves. Its output goes to a log file, shown when the
// test fails.
type daemon struct {
	t        *testing.T
	name     string
	args     []string
	addrFile string
	logPath  string

	cmd  *exec.Cmd
	done chan struct{}
	addr string
}

func newDaemon(t *testing.T, name, addrFile string, args ...string) *daemon {
	d := &daemon{t: t, name: name, args: args, addrFile: addrFile, logPath: filepath.Join(t.TempDir(), name+".log")}
	t.Cleanup(func() {
		d.kill()
		if t.Failed() {
			t.Logf("--- last lines of %s's log ---\n%s", d.name, tail(d.logPath, 30))
		}
	})
	return d
}

// start runs the daemon and waits until it has written its address.
func (d *daemon) start() {
	d.t.Helper()
	os.Remove(d.addrFile) // a stale address would be taken for the new one
	log, err := os.OpenFile(d.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		d.t.Fatal(err)
	}
	cmd := exec.Command(bin(d.name), d.args...)
	cmd.Env = cleanEnv()
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
	d.cmd, d.done, d.addr = cmd, done, ""
	deadline := time.Now().Add(startLimit)
	for {
		if b, err := os.ReadFile(d.addrFile); err == nil && strings.HasSuffix(string(b), "\n") {
			d.addr = strings.TrimSpace(string(b))
			return
		}
		select {
		case <-done:
			d.t.Fatalf("%s exited before serving (%v):\n%s", d.name, cmd.ProcessState, tail(d.logPath, 25))
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			d.t.Fatalf("%s did not serve within %s:\n%s", d.name, startLimit, tail(d.logPath, 25))
		}
	}
}

// stop asks the daemon to stop with SIGTERM and waits for it; a clean stop
// must exit 0.
func (d *daemon) stop() {
	d.t.Helper()
	if d.cmd == nil {
		return
	}
	d.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-d.done:
	case <-time.After(time.Minute):
		d.cmd.Process.Kill()
		<-d.done
		d.t.Fatalf("%s did not stop within a minute of SIGTERM", d.name)
	}
	if !d.cmd.ProcessState.Success() {
		d.t.Fatalf("%s after SIGTERM: %v:\n%s", d.name, d.cmd.ProcessState, tail(d.logPath, 25))
	}
	d.cmd = nil
}

// kill ends the daemon if it still runs (cleanup).
func (d *daemon) kill() {
	if d.cmd == nil {
		return
	}
	select {
	case <-d.done:
	default:
		d.cmd.Process.Kill()
		<-d.done
	}
}

// result is what one hcctl process did.
type result struct {
	stdout, stderr string
	code           int
}

// hcctl runs the hcctl program with args and stdin.
func hcctl(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runLimit)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin("hcctl"), args...)
	cmd.Env = cleanEnv()
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok && ctx.Err() == nil {
			r.code = ee.ExitCode()
		} else {
			t.Fatalf("hcctl %q: %v\n%s", args, err, errb.String())
		}
	}
	return r
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

// waitFor polls cond until it returns "" or limit passes; then it fails
// with what and cond's last explanation.
func waitFor(t *testing.T, limit time.Duration, what string, cond func() string) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		why := cond()
		if why == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not done within %s: %s", what, limit, why)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
