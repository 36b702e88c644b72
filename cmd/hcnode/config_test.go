package main

import (
	"context"
	"github.com/hcnet/hcnet/internal/syncbuf"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/config"
	"github.com/spf13/pflag"
)

// init writes the config file; run takes the data folder from the
// environment, metrics from the file, the listen address from the
// environment over the file, and the log format from the flag over the
// environment; /metrics then answers.
func TestRunSettingsFromEveryPlace(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "malmo")
	var out syncbuf.Buffer
	ctx := context.Background()
	if err := NewMain(&out, &out).Run(ctx, []string{"init", "--dir", dir, "--city", "malmo", "--name", "Malmö", "--country", "se"}); err != nil {
		t.Fatalf("init: %v\n%s", err, out.String())
	}
	cfg := filepath.Join(dir, ConfigFile)
	written, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatalf("init wrote no config file: %v", err)
	}
	for _, want := range []string{`# listen = "127.0.0.1:7400"`, `# metrics = ""`, "HCNET_SHUTDOWN_GRACE"} {
		if !strings.Contains(string(written), want) {
			t.Errorf("config file lacks %q:\n%s", want, written)
		}
	}
	// The operator's edits: metrics on, and a listen address the
	// environment overrides (were it used, run would fail to listen).
	edited := string(written) + "\nmetrics = \"127.0.0.1:0\"\nlisten = \"192.0.2.1:1\"\nlog-format = \"text\"\n"
	if err := os.WriteFile(cfg, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}

	var logs syncbuf.Buffer
	m := NewMain(io.Discard, &logs)
	env := map[string]string{"HCNET_DIR": dir, "HCNET_LISTEN": "127.0.0.1:0", "HCNET_LOG_FORMAT": "text"}
	m.Getenv = func(k string) string { return env[k] }
	metricsAddr := make(chan string, 1)
	m.MetricsReady = func(addr string) { metricsAddr <- addr }
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- m.Run(runCtx, []string{"run", "--log-format", "json"}) }()
	var addr string
	select {
	case addr = <-metricsAddr:
	case err := <-done:
		t.Fatalf("run stopped: %v\n%s", err, logs.String())
	case <-time.After(time.Minute):
		t.Fatal("node not ready")
	}
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"hcnet_node_outbox_depth ", "hcnet_node_hub_connected 0", "go_goroutines"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v\n%s", err, logs.String())
	}
	first, _, _ := strings.Cut(logs.String(), "\n")
	if !strings.HasPrefix(first, "{") || !strings.Contains(first, `"config":"`+cfg+`"`) {
		t.Errorf("first log line is not JSON naming the config file: %s", first)
	}
}

func TestRunNeedsADataFolder(t *testing.T) {
	m := NewMain(io.Discard, io.Discard)
	m.Getenv = func(string) string { return "" }
	err := m.Run(context.Background(), []string{"run"})
	if err == nil || !strings.Contains(err.Error(), "HCNET_DIR") {
		t.Fatalf("run without a folder: %v", err)
	}
}

// The README's configuration table names every flag of run and its
// environment variable.
func TestReadmeDocumentsEveryRunSetting(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(readme), "## Configuration")
	if !ok {
		t.Fatal("README has no Configuration section")
	}
	NewMain(io.Discard, io.Discard).runCommand().Flags().VisitAll(func(f *pflag.Flag) {
		row := "`--" + f.Name + "`"
		i := strings.Index(table, row)
		if i < 0 {
			t.Errorf("README's configuration table lacks %s", row)
			return
		}
		line, _, _ := strings.Cut(table[i:], "\n")
		if !strings.Contains(line, config.EnvName(f.Name)) || !strings.Contains(line, "hcnode") {
			t.Errorf("README row for %s does not name %s and hcnode: %s", row, config.EnvName(f.Name), line)
		}
	})
}
