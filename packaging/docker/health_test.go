package docker

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// stubs puts fake id and wget first on the PATH: id says the entrypoint
// runs as the image's user hcnet, so it goes straight to its command,
// and wget writes the URL it was asked for to a file instead of asking.
func stubs(t *testing.T) (path, asked string) {
	t.Helper()
	bin := t.TempDir()
	asked = filepath.Join(t.TempDir(), "asked")
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(bin, name), []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write("id", "echo 10001")
	write("wget", `for a; do last=$a; done; echo "$last" > "`+asked+`"`)
	return bin + string(os.PathListSeparator) + os.Getenv("PATH"), asked
}

// health runs `entrypoint.sh health` on a data folder holding files and
// returns the URL it checked, or "" with the error output when it
// checked none.
func health(t *testing.T, files []string, metrics string) (url, stderr string) {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, f)
		if strings.HasSuffix(f, "/") {
			if err := os.MkdirAll(p, 0o700); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	path, asked := stubs(t)
	cmd := exec.Command("sh", "entrypoint.sh", "health")
	cmd.Env = []string{"PATH=" + path, "HCNET_DIR=" + dir}
	if metrics != "" {
		cmd.Env = append(cmd.Env, "HCNET_METRICS="+metrics)
	}
	var errOut strings.Builder
	cmd.Stderr = &errOut
	runErr := cmd.Run()
	b, err := os.ReadFile(asked)
	if err != nil {
		if runErr == nil {
			t.Fatalf("health exited 0 without checking anything")
		}
		return "", errOut.String()
	}
	if runErr != nil {
		t.Fatalf("health: %v\n%s", runErr, errOut.String())
	}
	return strings.TrimSpace(string(b)), errOut.String()
}

// TestHealthChecksTheRunningDaemonsPort: the image's health check asks
// /readyz on the metrics port of the daemon the folder belongs to: a
// hub's even when its hub.db is lost, so a node's port on the same
// host never answers for a hub that is down.
func TestHealthChecksTheRunningDaemonsPort(t *testing.T) {
	for _, c := range []struct {
		title   string
		files   []string
		metrics string
		want    string
	}{
		{title: "node", files: []string{"identity.nk", "admin.token", "hcnode.db"}, want: "http://127.0.0.1:9400/readyz"},
		{title: "hub", files: []string{"identity.nk", "admin.token", "hub.db", "nats/"}, want: "http://127.0.0.1:9500/readyz"},
		{title: "hub whose hub.db is lost", files: []string{"identity.nk", "admin.token", "nats/"}, want: "http://127.0.0.1:9500/readyz"},
		{title: "hub whose hub.db is lost, running", files: []string{"identity.nk", "admin.token", "hub.addr"}, want: "http://127.0.0.1:9500/readyz"},
		{title: "hub with a config file and external NATS, hub.db lost", files: []string{"identity.nk", "hchub.toml"}, want: "http://127.0.0.1:9500/readyz"},
		{title: "metrics address set", files: []string{"identity.nk", "nats/"}, metrics: "0.0.0.0:9123", want: "http://127.0.0.1:9123/readyz"},
	} {
		t.Run(c.title, func(t *testing.T) {
			got, stderr := health(t, c.files, c.metrics)
			if got != c.want {
				t.Fatalf("health checked %q, want %q\n%s", got, c.want, stderr)
			}
		})
	}
}

// TestHealthFailsOnAFolderOfNeitherDaemon: with nothing to tell the
// daemon by, the check fails and says what to set, rather than guess a
// port another daemon may answer on.
func TestHealthFailsOnAFolderOfNeitherDaemon(t *testing.T) {
	got, stderr := health(t, []string{"identity.nk", "admin.token"}, "")
	if got != "" {
		t.Fatalf("health checked %q on a folder of neither daemon", got)
	}
	if !strings.Contains(stderr, "set HCNET_METRICS") {
		t.Fatalf("the failure does not say what to set: %q", stderr)
	}
}
