package bintest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/proctest"
)

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

// newDaemon prepares the built program name to run with args, in the
// test's environment without HCNET_ variables.
func newDaemon(t *testing.T, name, addrFile string, args ...string) *proctest.Daemon {
	d := proctest.NewDaemon(t, name, bin(name), addrFile, args...)
	d.Env = cleanEnv()
	return d
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
