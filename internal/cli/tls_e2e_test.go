package cli

import (
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/tlsconf"
	"github.com/hcnet/hcnet/internal/tlstest"
	"github.com/hcnet/hcnet/node"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// startTLSHub runs the hub "se-net" serving gRPC with srv (NATS stays
// plaintext on loopback) and the given read limit.
func startTLSHub(t *testing.T, srv *tls.Config, rate float64, burst int) (addr, dir string) {
	t.Helper()
	addr, dir, _ = startConfiguredHub(t, hub.InitOptions{ID: "se-net", Name: "Healthy Cities Sweden", Level: hcnetv1.HubLevel_HUB_LEVEL_NATIONAL, Country: "se"},
		hub.Config{TLS: srv, SearchRate: rate, SearchBurst: burst})
	return addr, dir
}

// startConfiguredHub initialises a hub as o says and runs it with c's settings.
func startConfiguredHub(t *testing.T, o hub.InitOptions, c hub.Config) (addr, dir string, h *hub.Hub) {
	t.Helper()
	ctx := context.Background()
	dir = filepath.Join(t.TempDir(), o.ID)
	if err := hub.Init(ctx, dir, o); err != nil {
		t.Fatal(err)
	}
	c.Dir, c.NATSListen, c.Log = dir, "127.0.0.1:0", slog.New(slog.NewTextHandler(io.Discard, nil))
	h, err := hub.Open(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- h.Serve(lis) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		h.Shutdown(ctx)
		<-served
	})
	return lis.Addr().String(), dir, h
}

// startNodeFor runs a node reaching its hub with hubTLS (nil: plaintext);
// its own gRPC stays plaintext on loopback.
func startNodeFor(t *testing.T, city string, hubTLS *tls.Config) (addr, dir string) {
	t.Helper()
	ctx := context.Background()
	dir = filepath.Join(t.TempDir(), city)
	if err := node.Init(ctx, dir, node.InitOptions{CityID: city, Name: city, Country: "se"}); err != nil {
		t.Fatal(err)
	}
	n, err := node.OpenWith(ctx, dir, slog.New(slog.NewTextHandler(io.Discard, nil)), node.Options{HubTLS: hubTLS})
	if err != nil {
		t.Fatal(err)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- n.Serve(lis) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		n.Shutdown(ctx)
		<-served
	})
	return lis.Addr().String(), dir
}

func mustTLS(t *testing.T, c interface{ Config() (*tls.Config, error) }) *tls.Config {
	t.Helper()
	cfg, err := c.Config()
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// hcctl against a hub with mutual TLS: refused without TLS, without a
// certificate or with one from another CA; served with the network's
// certificate, by flags or HCNET_ variables, until its read budget is
// spent, while admin calls go on. A node given the network's certificate
// joins over TLS and, once approved, delivers; a node without TLS cannot
// reach the hub.
func TestHcctlAndANodeAgainstAMutualTLSHub(t *testing.T) {
	ca, other := tlstest.NewCA(t, "network"), tlstest.NewCA(t, "other")
	srv, coord, malmo, stranger := ca.Server("hub"), ca.Client("coordinator"), ca.Client("malmo"), other.Client("stranger")
	// A budget of 3 reads that will not refill during the test.
	hubAddr, hubDir := startTLSHub(t, mustTLS(t, tlsconf.Server{Cert: srv.CertFile, Key: srv.KeyFile, ClientCA: ca.CertFile}), 0.0001, 3)
	withCert := []string{"--ca", ca.CertFile, "--cert", coord.CertFile, "--key", coord.KeyFile}

	refused := func(what string, env map[string]string, args ...string) {
		t.Helper()
		r := runWith(t, env, append([]string{"hub", "--hub", hubAddr}, args...)...)
		if r.code == 0 || !strings.Contains(r.stderr, "cannot reach the hub") {
			t.Errorf("%s: exit %d, want refused as unreachable\n%s%s", what, r.code, r.stdout, r.stderr)
		}
	}
	refused("plaintext", nil, "stats")
	if r := runWith(t, nil, "hub", "--hub", hubAddr, "stats"); !strings.Contains(r.stderr, "pass --ca FILE") {
		t.Errorf("a plaintext client refused by a TLS hub is not told about --ca:\n%s", r.stderr)
	}
	refused("TLS without a certificate", nil, "stats", "--ca", ca.CertFile)
	refused("a certificate of another CA", nil, "stats", "--ca", ca.CertFile, "--cert", stranger.CertFile, "--key", stranger.KeyFile)
	refused("not trusting the hub's CA", nil, "stats", "--tls", "--cert", coord.CertFile, "--key", coord.KeyFile)

	r := runWith(t, nil, append([]string{"hub", "--hub", hubAddr, "stats"}, withCert...)...)
	if r.code != 0 || !strings.Contains(r.stdout, "cities") {
		t.Fatalf("stats with the network's certificate: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	env := map[string]string{"HCNET_HUB": hubAddr, "HCNET_CA": ca.CertFile, "HCNET_CERT": coord.CertFile, "HCNET_KEY": coord.KeyFile}
	r = runWith(t, env, "hub", "search", "roofs")
	if r.code != 0 || !strings.Contains(r.stdout+r.stderr, "0 results") {
		t.Fatalf("search with HCNET_CA, HCNET_CERT, HCNET_KEY: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// The node applies over mutual TLS with its own certificate (hcctl
	// talks to the node in plaintext on loopback); a node without TLS
	// cannot reach the hub.
	nodeAddr, nodeDir := startNodeFor(t, "malmo", mustTLS(t, tlsconf.Client{CA: ca.CertFile, Cert: malmo.CertFile, Key: malmo.KeyFile}))
	r = runWith(t, nil, "--node", nodeAddr, "--dir", nodeDir, "hub", "join", "--hub", hubAddr)
	if r.code != 0 || !strings.Contains(r.stdout, "pending") {
		t.Fatalf("join over mutual TLS: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	plainAddr, plainDir := startNodeFor(t, "lund", nil)
	if r := runWith(t, nil, "--node", plainAddr, "--dir", plainDir, "hub", "join", "--hub", hubAddr); r.code == 0 {
		t.Errorf("a node without TLS joined a TLS hub:\n%s", r.stdout)
	}

	// Admin calls carry the token over TLS and are not read-limited.
	admin := append([]string{"--dir", hubDir, "hub", "--hub", hubAddr}, withCert...)
	for range 3 {
		if r := runWith(t, nil, append(admin, "members")...); r.code != 0 {
			t.Fatalf("members: exit %d\n%s", r.code, r.stderr)
		}
	}
	if r := runWith(t, nil, append(admin, "approve", "se/malmo")...); r.code != 0 {
		t.Fatalf("approve: exit %d\n%s", r.code, r.stderr)
	}

	// Third read: the last of the budget. Fourth: refused, with the wait.
	if r := runWith(t, env, "hub", "stats"); r.code != 0 {
		t.Fatalf("third read: exit %d\n%s", r.code, r.stderr)
	}
	r = runWith(t, env, "hub", "stats")
	if r.code == 0 || !strings.Contains(r.stderr, "refused the call: too many requests from cert CN=coordinator") || !strings.Contains(r.stderr, "retry in") {
		t.Errorf("fourth read: exit %d, want refused for too many requests\n%s", r.code, r.stderr)
	}

	// The node's relay checks its membership over mutual TLS again and,
	// approved, connects and delivers its city profile.
	poll.Within(t, time.Minute, "the node becomes an approved, delivering member", func() string {
		r := runWith(t, nil, "--node", nodeAddr, "--dir", nodeDir, "status")
		if strings.Contains(r.stdout, "approved") && strings.Contains(r.stdout, "connected:      yes") && !strings.Contains(r.stdout, "delivered:      0") {
			return ""
		}
		return "last:\n" + r.stdout + r.stderr
	})
}

// A national hub joins its regional parent over mutual TLS with its own
// certificate (--parent-ca, --parent-cert, --parent-key): it applies by
// itself, and once approved its relay connects.
func TestAHubJoinsItsParentOverMutualTLS(t *testing.T) {
	ca := tlstest.NewCA(t, "europe")
	srv, seNet, coord := ca.Server("eu-hub"), ca.Client("se-net"), ca.Client("coordinator")
	parentAddr, parentDir, _ := startConfiguredHub(t, hub.InitOptions{ID: "eu-net", Name: "WHO European Healthy Cities Network", Level: hcnetv1.HubLevel_HUB_LEVEL_REGIONAL},
		hub.Config{TLS: mustTLS(t, tlsconf.Server{Cert: srv.CertFile, Key: srv.KeyFile, ClientCA: ca.CertFile})})
	_, _, child := startConfiguredHub(t, hub.InitOptions{ID: "se-net", Name: "Healthy Cities Sweden", Level: hcnetv1.HubLevel_HUB_LEVEL_NATIONAL, Country: "se", Parent: parentAddr},
		hub.Config{ParentTLS: mustTLS(t, tlsconf.Client{CA: ca.CertFile, Cert: seNet.CertFile, Key: seNet.KeyFile})})

	admin := []string{"--dir", parentDir, "hub", "--hub", parentAddr, "--ca", ca.CertFile, "--cert", coord.CertFile, "--key", coord.KeyFile}
	poll.Within(t, time.Minute, "the national hub applies", func() string {
		r := runWith(t, nil, append(admin, "members")...)
		if r.code == 0 && strings.Contains(r.stdout, "se-net") && strings.Contains(r.stdout, "pending") {
			return ""
		}
		return "last:\n" + r.stdout + r.stderr
	})
	if r := runWith(t, nil, append(admin, "approve", "--member-hub", "se/se-net")...); r.code != 0 {
		t.Fatalf("approve: exit %d\n%s", r.code, r.stderr)
	}
	poll.Within(t, time.Minute, "the national hub's relay connects", func() string {
		st, err := child.Upstream.Status(context.Background())
		if err != nil {
			return err.Error()
		}
		if st.GetConnected() && st.GetHub().GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
			return ""
		}
		return "last:\n" + st.String()
	})
}

// An admin token about to leave the machine in plaintext is warned
// about, once; loopback and TLS are not.
func TestWarnsOfATokenInPlaintextBeyondLoopback(t *testing.T) {
	for _, c := range []struct {
		addr string
		env  map[string]string
		warn bool
	}{
		{"hub.example.org:7500", nil, true},
		{"192.0.2.7:7500", nil, true},
		{"127.0.0.1:7500", nil, false},
		{"localhost:7500", nil, false},
		{"hub.example.org:7500", map[string]string{"HCNET_TLS": "true"}, false},
		{"hub.example.org:7500", map[string]string{"HCNET_CA": "ca.pem"}, false},
	} {
		var errb strings.Builder
		a := newApp(Env{Stderr: &errb, Getenv: func(k string) string { return c.env[k] }})
		a.warnCleartext(c.addr)
		a.warnCleartext(c.addr)
		if n := strings.Count(errb.String(), "without TLS"); n != map[bool]int{true: 1, false: 0}[c.warn] {
			t.Errorf("%s %v: %d warnings, want warn=%v: %q", c.addr, c.env, n, c.warn, errb.String())
		}
	}
}
