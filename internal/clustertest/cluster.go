package clustertest

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/poll"
	"github.com/nats-io/nats-server/v2/server"
)

// Cluster is a JetStream cluster of in-process nats-server instances on
// 127.0.0.1, each with a store of its own.
type Cluster struct {
	Name    string
	servers []*server.Server
	mu      sync.Mutex
	down    map[int]bool
}

// Start runs n clustered servers and waits until they have elected a
// JetStream meta leader that sees all n; it fails tb otherwise. A
// clustered JetStream server will not start without routes, so the route
// ports are chosen first (free ports, closed again just before the
// servers take them) and every server routes to all of them; client
// ports are picked by the system. Cleanup shuts down every server still
// running. users are the clients the servers admit, by nkey; none
// admits anyone.
func Start(tb testing.TB, n int, limit time.Duration, users []*server.NkeyUser) *Cluster {
	tb.Helper()
	// The folder first: cleanups run last-in first-out, so the servers
	// stop before their stores are removed.
	dir := tb.TempDir()
	c := &Cluster{Name: "hcnet-test", down: map[int]bool{}}
	tb.Cleanup(c.Shutdown)
	ports := freePorts(tb, n)
	var routes []*url.URL
	for _, p := range ports {
		routes = append(routes, &url.URL{Scheme: "nats-route", Host: fmt.Sprintf("127.0.0.1:%d", p)})
	}
	for i := 0; i < n; i++ {
		opts := &server.Options{
			ServerName: fmt.Sprintf("n%d", i+1),
			Host:       "127.0.0.1",
			Port:       server.RANDOM_PORT,
			JetStream:  true,
			StoreDir:   filepath.Join(dir, fmt.Sprintf("n%d", i+1)),
			Cluster: server.ClusterOpts{
				Name: c.Name,
				Host: "127.0.0.1",
				Port: ports[i],
			},
			Routes: routes,
			Nkeys:  users,
			NoLog:  true,
			NoSigs: true,
		}
		s, err := server.NewServer(opts)
		if err != nil {
			tb.Fatalf("server %s: %v", opts.ServerName, err)
		}
		go s.Start()
		if !s.ReadyForConnections(10 * time.Second) {
			tb.Fatalf("server %s not ready in 10s", opts.ServerName)
		}
		c.servers = append(c.servers, s)
	}
	poll.Within(tb, limit, "JetStream meta leader that sees every server", func() bool {
		for _, s := range c.servers {
			if s.JetStreamIsLeader() && len(s.JetStreamClusterPeers()) == n {
				return true
			}
		}
		return false
	})
	return c
}

// freePorts finds n free TCP ports on 127.0.0.1, holding all of them
// until the last is found so that none repeats.
func freePorts(tb testing.TB, n int) []int {
	tb.Helper()
	var ports []int
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			tb.Fatal(err)
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// URL lists every server's client URL, comma-separated, as nats.Connect
// and hchub --nats-url take it: a client whose server dies moves to
// another.
func (c *Cluster) URL() string {
	urls := make([]string, len(c.servers))
	for i, s := range c.servers {
		urls[i] = s.ClientURL()
	}
	return strings.Join(urls, ",")
}

// Name of server i ("n1").
func (c *Cluster) ServerName(i int) string { return c.servers[i].Name() }

// StreamLeader is the index of the running server that leads stream in
// the global account, or -1 while none does.
func (c *Cluster) StreamLeader(stream string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, s := range c.servers {
		if !c.down[i] && s.JetStreamIsStreamLeader(server.DEFAULT_GLOBAL_ACCOUNT, stream) {
			return i
		}
	}
	return -1
}

// Kill stops server i at once: its clients and routes drop mid-flight,
// and the others must elect new leaders for what it led. (An in-process
// server cannot be killed with SIGKILL; Shutdown closes every connection
// without handing leadership over first, which is what the others see
// of a crash.)
func (c *Cluster) Kill(i int) {
	c.mu.Lock()
	c.down[i] = true
	c.mu.Unlock()
	c.servers[i].Shutdown()
	c.servers[i].WaitForShutdown()
}

// Shutdown stops every server still running.
func (c *Cluster) Shutdown() {
	for i, s := range c.servers {
		c.mu.Lock()
		down := c.down[i]
		c.down[i] = true
		c.mu.Unlock()
		if !down {
			s.Shutdown()
			s.WaitForShutdown()
		}
	}
}
