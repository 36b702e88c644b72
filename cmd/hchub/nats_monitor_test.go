package main

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"testing"
	"time"
)

// --nats-monitor serves the embedded server's own monitoring endpoint, so
// the NATS exporter and the nats CLI's server reports can read it.
func TestRunServesNATSMonitoring(t *testing.T) {
	dir := initHub(t)
	free, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	monitor := free.Addr().String()
	free.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := noEnvMain()
	ready := make(chan struct{}, 1)
	m.Ready = func(string, string) { ready <- struct{}{} }
	done := make(chan error, 1)
	go func() {
		done <- m.Run(ctx, []string{"run", "--dir", dir, "--listen", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--nats-monitor", monitor})
	}()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("run stopped: %v", err)
	case <-time.After(time.Minute):
		t.Fatal("hub not ready")
	}
	for _, path := range []string{"/varz", "/jsz"} {
		res, err := http.Get("http://" + monitor + path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		var body map[string]any
		err = json.NewDecoder(res.Body).Decode(&body)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d, %v", path, res.StatusCode, err)
		}
		if path == "/varz" && body["server_name"] != "hchub" {
			t.Errorf("/varz server_name %v, want hchub", body["server_name"])
		}
		if path == "/jsz" && body["streams"] == nil {
			t.Errorf("/jsz shows no streams: %v", body)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("hub did not stop")
	}
}
