package main

import (
	"context"
	"github.com/hcnet/hcnet/internal/syncbuf"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/bearer"
	"github.com/hcnet/hcnet/internal/tlsconf"
	"github.com/hcnet/hcnet/internal/tlstest"
	"github.com/hcnet/hcnet/node"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// hcnode run with mutual TLS from flags and HCNET_ variables: the token
// works over TLS with the city's client certificate; plaintext and a
// client without a certificate are refused. Bad hub TLS settings stop run.
func TestRunServesMutualTLS(t *testing.T) {
	ca := tlstest.NewCA(t, "city")
	srv, officer := ca.Server("node"), ca.Client("officer")
	dir := filepath.Join(t.TempDir(), "malmo")
	ctx := context.Background()
	if err := NewMain(io.Discard, io.Discard).Run(ctx, []string{"init", "--dir", dir, "--city", "malmo", "--name", "Malmö", "--country", "se"}); err != nil {
		t.Fatal(err)
	}
	m := NewMain(io.Discard, io.Discard)
	m.Getenv = func(string) string { return "" }
	err := m.Run(ctx, []string{"run", "--dir", dir, "--listen", "127.0.0.1:0", "--hub-cert", officer.CertFile})
	if err == nil || !strings.Contains(err.Error(), "--hub-key") {
		t.Fatalf("--hub-cert without --hub-key: %v", err)
	}

	env := map[string]string{"HCNET_TLS_CLIENT_CA": ca.CertFile}
	var logs syncbuf.Buffer
	m = NewMain(io.Discard, &logs)
	m.Getenv = func(k string) string { return env[k] }
	ready := make(chan string, 1)
	m.Ready = func(addr string) { ready <- addr }
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- m.Run(runCtx, []string{"run", "--dir", dir, "--listen", "127.0.0.1:0", "--tls-cert", srv.CertFile, "--tls-key", srv.KeyFile})
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("run stopped: %v\n%s", err, logs.String())
	case <-time.After(time.Minute):
		t.Fatal("node not ready")
	}
	token, err := node.ReadToken(dir)
	if err != nil {
		t.Fatal(err)
	}
	getCity := func(c tlsconf.Client) error {
		creds, err := c.Credentials()
		if err != nil {
			t.Fatal(err)
		}
		conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(creds), grpc.WithPerRPCCredentials(bearer.For(token, c.Enabled())))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		cctx, stop := context.WithTimeout(ctx, 30*time.Second)
		defer stop()
		_, err = hcnetv1.NewCityServiceClient(conn).GetCity(cctx, &hcnetv1.GetCityRequest{})
		return err
	}
	if err := getCity(tlsconf.Client{CA: ca.CertFile, Cert: officer.CertFile, Key: officer.KeyFile}); err != nil {
		t.Errorf("GetCity over mutual TLS: %v", err)
	}
	if err := getCity(tlsconf.Client{}); status.Code(err) != codes.Unavailable {
		t.Errorf("plaintext: got %v, want Unavailable", err)
	}
	if err := getCity(tlsconf.Client{CA: ca.CertFile}); status.Code(err) != codes.Unavailable {
		t.Errorf("no client certificate: got %v, want Unavailable", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v\n%s", err, logs.String())
	}
}
