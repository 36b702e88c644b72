package main

import (
	"context"
	"fmt"
	"github.com/hcnet/hcnet/internal/poll"
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
	dir := filepath.Join(t.TempDir(), "se-net")
	var out syncbuf.Buffer
	ctx := context.Background()
	if err := NewMain(&out, &out).Run(ctx, []string{"init", "--dir", dir, "--id", "se-net", "--name", "Healthy Cities Sweden"}); err != nil {
		t.Fatalf("init: %v\n%s", err, out.String())
	}
	cfg := filepath.Join(dir, ConfigFile)
	written, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatalf("init wrote no config file: %v", err)
	}
	for _, want := range []string{`# listen = "127.0.0.1:7500"`, `# metrics = ""`, "HCNET_SHUTDOWN_GRACE"} {
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
	env := map[string]string{"HCNET_DIR": dir, "HCNET_LISTEN": "127.0.0.1:0", "HCNET_LOG_FORMAT": "text", "HCNET_NATS_LISTEN": "127.0.0.1:0"}
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
	// The ingest consumer is created in the background after the metrics
	// address is reported, so its gauge may take a moment to appear.
	wants := []string{`hcnet_hub_members{status="approved"} 0`, "hcnet_hub_ingest_pending_messages 0", "go_goroutines"}
	poll.Until(t, "/metrics with the hub's gauges", func() string {
		resp, err := http.Get("http://" + addr + "/metrics")
		if err != nil {
			return err.Error()
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, want := range wants {
			if !strings.Contains(string(body), want) {
				return fmt.Sprintf("/metrics lacks %q", want)
			}
		}
		return ""
	})
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
	m := noEnvMain()
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
		if !strings.Contains(line, config.EnvName(f.Name)) || !strings.Contains(line, "hchub") {
			t.Errorf("README row for %s does not name %s and hchub: %s", row, config.EnvName(f.Name), line)
		}
	})
}

// The embedded server and an existing deployment exclude each other
// whichever places set them.
func TestNATSChoiceExcludesFromAnyPlace(t *testing.T) {
	dir := initHub(t)
	m := NewMain(io.Discard, io.Discard)
	env := map[string]string{"HCNET_NATS_URL": "nats://127.0.0.1:4222"}
	m.Getenv = func(k string) string { return env[k] }
	err := m.Run(context.Background(), []string{"run", "--dir", dir, "--nats-listen", "127.0.0.1:0"})
	if err == nil || !strings.Contains(err.Error(), "exclude each other") {
		t.Fatalf("--nats-listen with HCNET_NATS_URL: %v", err)
	}
}
