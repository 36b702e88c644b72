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

	"github.com/hcnet/hcnet/internal/tlsconf"
	"github.com/hcnet/hcnet/internal/tlstest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// hchub run with mutual TLS from HCNET_ variables and a read limit from
// the config file: a client with the network's certificate is served
// until its burst is spent, a plaintext one is refused.
func TestRunServesMutualTLSWithAReadLimit(t *testing.T) {
	ca := tlstest.NewCA(t, "network")
	srv, member := ca.Server("hub"), ca.Client("malmo")
	dir := filepath.Join(t.TempDir(), "se-net")
	ctx := context.Background()
	if err := NewMain(io.Discard, io.Discard).Run(ctx, []string{"init", "--dir", dir, "--id", "se-net", "--name", "Healthy Cities Sweden"}); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, ConfigFile)
	written, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`# tls-cert = ""`, `# search-rate = 5`, "HCNET_TLS_CLIENT_CA"} {
		if !strings.Contains(string(written), want) {
			t.Errorf("config file lacks %q", want)
		}
	}
	if err := os.WriteFile(cfg, append(written, "\nsearch-rate = 0.001\nsearch-burst = 1\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"HCNET_TLS_CERT": srv.CertFile, "HCNET_TLS_KEY": srv.KeyFile, "HCNET_TLS_CLIENT_CA": ca.CertFile}
	var logs syncbuf.Buffer
	m := NewMain(io.Discard, &logs)
	m.Getenv = func(k string) string { return env[k] }
	ready := make(chan string, 1)
	m.Ready = func(addr, _ string) { ready <- addr }
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- m.Run(runCtx, []string{"run", "--dir", dir, "--listen", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0", "--http", "127.0.0.1:0"})
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("run stopped: %v\n%s", err, logs.String())
	case <-time.After(time.Minute):
		t.Fatal("hub not ready")
	}
	client := func(c tlsconf.Client) hcnetv1.HubServiceClient {
		creds, err := c.Credentials()
		if err != nil {
			t.Fatal(err)
		}
		conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(creds))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		return hcnetv1.NewHubServiceClient(conn)
	}
	callCtx, stop := context.WithTimeout(ctx, 30*time.Second)
	defer stop()
	if _, err := client(tlsconf.Client{}).GetHub(callCtx, &hcnetv1.GetHubRequest{}); status.Code(err) != codes.Unavailable {
		t.Errorf("plaintext client: got %v, want Unavailable", err)
	}
	good := client(tlsconf.Client{CA: ca.CertFile, Cert: member.CertFile, Key: member.KeyFile})
	if info, err := good.GetHub(callCtx, &hcnetv1.GetHubRequest{}); err != nil || info.GetId() != "se-net" {
		t.Fatalf("GetHub over mutual TLS: %v, %v", info, err)
	}
	if _, err := good.SearchPractices(callCtx, &hcnetv1.SearchPracticesRequest{Query: "roofs"}); err != nil {
		t.Fatalf("first search: %v", err)
	}
	if _, err := good.SearchPractices(callCtx, &hcnetv1.SearchPracticesRequest{Query: "roofs"}); status.Code(err) != codes.ResourceExhausted {
		t.Errorf("second search with a burst of 1: got %v, want ResourceExhausted", err)
	}
	// GetHub is not a limited read.
	if _, err := good.GetHub(callCtx, &hcnetv1.GetHubRequest{}); err != nil {
		t.Errorf("GetHub after the budget is spent: %v", err)
	}
	// The web pages read in-process: no certificate, and not counted.
	_, url, ok := strings.Cut(logs.String(), `url=http://`)
	if !ok {
		t.Fatalf("no web UI address in the log:\n%s", logs.String())
	}
	url, _, _ = strings.Cut(url, "/")
	for _, page := range []string{"/", "/search?q=roofs", "/search?q=roofs", "/stats"} {
		resp, err := http.Get("http://" + url + page)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Healthy Cities Sweden") {
			t.Errorf("GET %s: %s\n%.300s", page, resp.Status, body)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v\n%s", err, logs.String())
	}
	if strings.Contains(logs.String(), "without TLS") {
		t.Errorf("a TLS hub warned about plaintext:\n%s", logs.String())
	}
}

// Half-given certificates and impossible limits stop run with the flag's
// name.
func TestRunRefusesBadTLSAndLimitSettings(t *testing.T) {
	ca := tlstest.NewCA(t, "network")
	srv := ca.Server("hub")
	dir := initHub(t)
	ctx := context.Background()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--tls-cert", srv.CertFile}, "--tls-key"},
		{[]string{"--tls-cert", srv.CertFile, "--tls-key", srv.KeyFile, "--tls-client-ca", filepath.Join(dir, "missing.pem")}, "--tls-client-ca"},
		{[]string{"--parent-cert", srv.CertFile}, "--parent-key"},
		{[]string{"--search-rate", "-1"}, "--search-rate"},
		{[]string{"--search-rate", "2", "--search-burst", "0"}, "burst"},
	} {
		m := noEnvMain()
		err := m.Run(ctx, append([]string{"run", "--dir", dir, "--listen", "127.0.0.1:0", "--nats-listen", "127.0.0.1:0"}, c.args...))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("run %v: got %v, want an error naming %s", c.args, err, c.want)
		}
	}
}
