package rpcserver

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/bearer"
	"github.com/hcnet/hcnet/internal/tlsconf"
	"github.com/hcnet/hcnet/internal/tlstest"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
)

// clock is a test clock that moves only when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// One client over its budget is refused with ResourceExhausted and a
// retry delay while another client is served; once the delay has passed
// on the clock, the first is served again. Under mutual TLS, clients are
// told apart by their certificates (both call from 127.0.0.1 here).
func TestRateLimitPerClient(t *testing.T) {
	ca := tlstest.NewCA(t, "network")
	srv, malmo, lund := ca.Server("hub"), ca.Client("malmo"), ca.Client("lund")
	clk := &clock{now: time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC)}
	addr, local := serveTLS(t, Config{
		TLS:   serverTLS(t, tlsconf.Server{Cert: srv.CertFile, Key: srv.KeyFile, ClientCA: ca.CertFile}),
		Limit: RateLimit{Rate: 0.5, Burst: 3, Methods: func(m string) bool { return m == checkMethod }, Now: clk.Now},
	})
	dial := func(p tlstest.Pair) *grpc.ClientConn {
		creds, err := tlsconf.Client{CA: ca.CertFile, Cert: p.CertFile, Key: p.KeyFile}.Credentials()
		if err != nil {
			t.Fatal(err)
		}
		conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(creds), grpc.WithPerRPCCredentials(bearer.For("s3cret", true)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		return conn
	}
	a, b := dial(malmo), dial(lund)
	for i := range 3 {
		if err := call(a); err != nil {
			t.Fatalf("call %d within the burst: %v", i+1, err)
		}
	}
	err := call(a)
	st := status.Convert(err)
	if st.Code() != codes.ResourceExhausted {
		t.Fatalf("the call over the burst: got %v, want ResourceExhausted", err)
	}
	if !strings.Contains(st.Message(), "too many requests from cert CN=malmo") || !strings.Contains(st.Message(), "retry in") {
		t.Errorf("message does not name the client and the wait: %q", st.Message())
	}
	var wait time.Duration
	for _, d := range st.Details() {
		if ri, ok := d.(*errdetails.RetryInfo); ok {
			wait = ri.GetRetryDelay().AsDuration()
		}
	}
	// At 0.5 a second one token takes 2 s.
	if wait < 2*time.Second || wait > 2*time.Second+10*time.Millisecond {
		t.Fatalf("RetryInfo delay %v, want about 2s (details %v)", wait, st.Details())
	}
	// Refused calls take nothing: still refused, with the same delay.
	if err := call(a); status.Code(err) != codes.ResourceExhausted {
		t.Fatalf("again at once: got %v, want ResourceExhausted", err)
	}
	if err := call(b); err != nil {
		t.Fatalf("another client while the first is limited: %v", err)
	}
	// Unlimited methods and the in-process pages are not counted.
	if _, err := healthpb.NewHealthClient(a).List(context.Background(), &healthpb.HealthListRequest{}); err != nil {
		t.Errorf("an unlimited method: %v", err)
	}
	lc, err := local.Dial(grpc.WithPerRPCCredentials(bearer.Token("s3cret")))
	if err != nil {
		t.Fatal(err)
	}
	defer lc.Close()
	for i := range 5 {
		if err := call(lc); err != nil {
			t.Fatalf("in-process call %d: %v", i+1, err)
		}
	}
	clk.Add(wait - 5*time.Millisecond)
	if err := call(a); status.Code(err) != codes.ResourceExhausted {
		t.Fatalf("just before the delay: got %v, want ResourceExhausted", err)
	}
	clk.Add(5 * time.Millisecond)
	if err := call(a); err != nil {
		t.Fatalf("after the retry delay: %v", err)
	}
	if err := call(a); status.Code(err) != codes.ResourceExhausted {
		t.Fatalf("the one token refilled is spent: got %v, want ResourceExhausted", err)
	}
}

// Buckets of clients gone quiet are dropped once they would be full.
func TestRateLimitForgetsQuietClients(t *testing.T) {
	clk := &clock{now: time.Unix(0, 0)}
	l := newLimiter(RateLimit{Rate: 1, Burst: 2, Methods: func(string) bool { return true }, Now: clk.Now})
	for i := range 100 {
		ctx := peer.NewContext(context.Background(), &peer.Peer{Addr: &net.TCPAddr{IP: net.IPv4(192, 0, 2, byte(i)), Port: 1}})
		if err := l.check(ctx, "/x/Y"); err != nil {
			t.Fatal(err)
		}
	}
	if len(l.buckets) != 100 {
		t.Fatalf("%d buckets, want 100", len(l.buckets))
	}
	clk.Add(2 * time.Second)
	ctx := peer.NewContext(context.Background(), &peer.Peer{Addr: &net.TCPAddr{IP: net.IPv4(198, 51, 100, 1), Port: 1}})
	if err := l.check(ctx, "/x/Y"); err != nil {
		t.Fatal(err)
	}
	if len(l.buckets) != 1 {
		t.Fatalf("%d buckets after the quiet ones refilled, want 1", len(l.buckets))
	}
}

// The key: a verified certificate's subject, else the IP address (an
// IPv6 address by its /64), and nothing for in-process calls.
func TestClientKey(t *testing.T) {
	ca := tlstest.NewCA(t, "network")
	cert := ca.Client("malmo")
	tcp := func(ip string) net.Addr { return &net.TCPAddr{IP: net.ParseIP(ip), Port: 4000} }
	for _, c := range []struct {
		p    *peer.Peer
		want string
	}{
		{&peer.Peer{Addr: tcp("192.0.2.7")}, "ip 192.0.2.7"},
		{&peer.Peer{Addr: tcp("2001:db8:1:2:3:4:5:6")}, "ip 2001:db8:1:2::/64"},
		{&peer.Peer{Addr: tcp("192.0.2.7"), AuthInfo: credentials.TLSInfo{}}, "ip 192.0.2.7"},
		{&peer.Peer{Addr: tcp("192.0.2.7"), AuthInfo: credentials.TLSInfo{State: tlsState(cert)}}, "cert CN=malmo,O=hcnet test"},
		{&peer.Peer{Addr: tcp("192.0.2.7"), AuthInfo: localAuth{}}, ""},
	} {
		if got := ClientKey(peer.NewContext(context.Background(), c.p)); got != c.want {
			t.Errorf("ClientKey(%v) = %q, want %q", c.p.Addr, got, c.want)
		}
	}
}

func tlsState(p tlstest.Pair) (st tls.ConnectionState) {
	st.VerifiedChains = [][]*x509.Certificate{{p.TLS.Leaf}}
	return st
}
