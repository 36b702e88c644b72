package rpcserver

import (
	"context"
	"crypto/tls"
	"github.com/hcnet/hcnet/internal/syncbuf"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/bearer"
	"github.com/hcnet/hcnet/internal/tlsconf"
	"github.com/hcnet/hcnet/internal/tlstest"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

const checkMethod = "/grpc.health.v1.Health/Check"

// serveTLS serves health on a loopback port with the given server
// configuration; Check needs the token "s3cret". It returns the address
// and the in-process listener, also served.
func serveTLS(t *testing.T, c Config) (string, *Local) {
	t.Helper()
	c.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	c.Token = "s3cret"
	c.NeedsToken = func(m string) bool { return m == checkMethod }
	s, h := New(c)
	h.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	local := NewLocal()
	go func() { _ = s.Serve(lis) }()
	go func() { _ = s.Serve(local) }()
	t.Cleanup(s.Stop)
	return lis.Addr().String(), local
}

// check calls Health/Check with the token over conn options opts.
func check(t *testing.T, addr string, client tlsconf.Client) error {
	t.Helper()
	creds, err := client.Credentials()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(creds), grpc.WithPerRPCCredentials(bearer.For("s3cret", client.Enabled())))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	return call(conn)
}

func call(conn *grpc.ClientConn) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
	return err
}

func serverTLS(t *testing.T, s tlsconf.Server) *tls.Config {
	t.Helper()
	cfg, err := s.Config()
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// A TLS server answers a client trusting its CA, and refuses plaintext
// and a client trusting another CA; the admin token, sent only over TLS,
// still counts.
func TestTLSServerRefusesPlaintextAndStrangers(t *testing.T) {
	ca, other := tlstest.NewCA(t, "network"), tlstest.NewCA(t, "other")
	srv := ca.Server("hub")
	addr, local := serveTLS(t, Config{TLS: serverTLS(t, tlsconf.Server{Cert: srv.CertFile, Key: srv.KeyFile})})

	if err := check(t, addr, tlsconf.Client{CA: ca.CertFile}); err != nil {
		t.Fatalf("a client trusting the network's CA: %v", err)
	}
	err := check(t, addr, tlsconf.Client{})
	if status.Code(err) != codes.Unavailable {
		t.Errorf("a plaintext client: got %v, want Unavailable", err)
	}
	err = check(t, addr, tlsconf.Client{CA: other.CertFile})
	if status.Code(err) != codes.Unavailable || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("a client trusting another CA: got %v, want Unavailable about the certificate", err)
	}
	// The token still guards Check over TLS.
	creds, _ := tlsconf.Client{CA: ca.CertFile}.Credentials()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(creds), grpc.WithPerRPCCredentials(bearer.For("wrong", true)))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := call(conn); status.Code(err) != codes.Unauthenticated {
		t.Errorf("a wrong token over TLS: got %v, want Unauthenticated", err)
	}
	// The in-process listener skips TLS.
	lc, err := local.Dial(grpc.WithPerRPCCredentials(bearer.Token("s3cret")))
	if err != nil {
		t.Fatal(err)
	}
	defer lc.Close()
	if err := call(lc); err != nil {
		t.Errorf("in-process call: %v", err)
	}
}

// A token meant for TLS is never sent over plaintext, whatever the
// server.
func TestTLSTokenRefusesPlaintext(t *testing.T) {
	addr, _ := serveTLS(t, Config{})
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithPerRPCCredentials(bearer.For("s3cret", true)))
	if err == nil {
		conn.Close()
		t.Fatal("a TLS token over plaintext: the client connected")
	}
	if !strings.Contains(err.Error(), "transport level security") {
		t.Fatalf("a TLS token over plaintext: got %v, want a refusal naming transport security", err)
	}
	if err := check(t, addr, tlsconf.Client{}); err != nil {
		t.Fatalf("a plaintext token to a plaintext server: %v", err)
	}
}

// With a client CA, the server wants a certificate from that CA: none,
// or one from another CA, is refused.
func TestMutualTLSRequiresTheNetworksClientCertificate(t *testing.T) {
	ca, other := tlstest.NewCA(t, "network"), tlstest.NewCA(t, "other")
	srv, good, bad := ca.Server("hub"), ca.Client("malmo"), other.Client("intruder")
	addr, local := serveTLS(t, Config{TLS: serverTLS(t, tlsconf.Server{Cert: srv.CertFile, Key: srv.KeyFile, ClientCA: ca.CertFile})})

	if err := check(t, addr, tlsconf.Client{CA: ca.CertFile, Cert: good.CertFile, Key: good.KeyFile}); err != nil {
		t.Fatalf("a client with the network's certificate: %v", err)
	}
	if err := check(t, addr, tlsconf.Client{CA: ca.CertFile}); status.Code(err) != codes.Unavailable {
		t.Errorf("a client without a certificate: got %v, want Unavailable", err)
	}
	if err := check(t, addr, tlsconf.Client{CA: ca.CertFile, Cert: bad.CertFile, Key: bad.KeyFile}); status.Code(err) != codes.Unavailable {
		t.Errorf("a client with another CA's certificate: got %v, want Unavailable", err)
	}
	if err := check(t, addr, tlsconf.Client{}); status.Code(err) != codes.Unavailable {
		t.Errorf("a plaintext client: got %v, want Unavailable", err)
	}
	lc, err := local.Dial(grpc.WithPerRPCCredentials(bearer.Token("s3cret")))
	if err != nil {
		t.Fatal(err)
	}
	defer lc.Close()
	if err := call(lc); err != nil {
		t.Errorf("in-process call under mutual TLS: %v", err)
	}
}

// Half-given or unreadable certificate files are errors naming the flag.
func TestTLSConfigErrorsNameTheFlag(t *testing.T) {
	ca := tlstest.NewCA(t, "network")
	srv := ca.Server("hub")
	for _, c := range []struct {
		s    tlsconf.Server
		want string
	}{
		{tlsconf.Server{Cert: srv.CertFile}, "--tls-key"},
		{tlsconf.Server{ClientCA: ca.CertFile}, "--tls-cert"},
		{tlsconf.Server{Cert: srv.CertFile, Key: ca.CertFile}, "--tls-key"},
		{tlsconf.Server{Cert: srv.CertFile, Key: srv.KeyFile, ClientCA: srv.KeyFile}, "--tls-client-ca"},
	} {
		if _, err := c.s.Config(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want an error naming %s", c.s, err, c.want)
		}
	}
	if _, err := (tlsconf.Client{Flags: "hub-", Cert: srv.CertFile}).Config(); err == nil || !strings.Contains(err.Error(), "--hub-key") {
		t.Errorf("client cert without key: %v", err)
	}
	if _, err := (tlsconf.Client{Flags: "hub-", CA: srv.KeyFile}).Config(); err == nil || !strings.Contains(err.Error(), "--hub-ca") {
		t.Errorf("client CA that is a key: %v", err)
	}
}

// Plaintext beyond loopback is warned about; loopback and TLS are not.
func TestWarnPlaintextBeyondLoopback(t *testing.T) {
	for _, c := range []struct {
		addr string
		tls  bool
		warn bool
	}{
		{"0.0.0.0:7500", false, true},
		{"[::]:7500", false, true},
		{"192.0.2.7:7500", false, true},
		{"0.0.0.0:7500", true, false},
		{"127.0.0.1:7500", false, false},
		{"[::1]:7500", false, false},
		{"localhost:7500", false, false},
	} {
		var logs syncbuf.Buffer
		WarnPlaintext(slog.New(slog.NewTextHandler(&logs, nil)), c.addr, c.tls)
		if got := strings.Contains(logs.String(), "without TLS"); got != c.warn {
			t.Errorf("WarnPlaintext(%s, tls=%v) warned=%v, want %v: %s", c.addr, c.tls, got, c.warn, logs.String())
		}
	}
}
