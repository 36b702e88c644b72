// Package hubtest starts real hubs for tests: a data folder in
// t.TempDir(), an embedded nats-server with JetStream on a random loopback
// port, the HubService on another, and a clean shutdown when the test ends.
package hubtest

import (
	"context"
	"errors"
	"fmt"
	"github.com/hcnet/hcnet/internal/bearer"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// Hub is a running hub.
type Hub struct {
	Addr  string
	Dir   string
	Token string
	Hub   *hub.Hub

	stop    func() error
	once    sync.Once
	stopErr error
}

// Start initialises and starts a national hub "se-net".
func Start(tb testing.TB) *Hub {
	tb.Helper()
	return StartWith(tb, hub.InitOptions{})
}

// StartWith initialises and starts a hub as o says; zero options give the
// Swedish national hub "se-net" without a parent.
func StartWith(tb testing.TB, o hub.InitOptions) *Hub {
	tb.Helper()
	if o.ID == "" {
		o = hub.InitOptions{ID: "se-net", Name: "Healthy Cities Sweden", Level: hcnetv1.HubLevel_HUB_LEVEL_NATIONAL, Country: "se", Parent: o.Parent}
	}
	dir := filepath.Join(tb.TempDir(), o.ID)
	if err := hub.Init(context.Background(), dir, o); err != nil {
		tb.Fatalf("init hub: %v", err)
	}
	return Restart(tb, dir)
}

// StartTuned is Start with tune applied to the hub's configuration (a
// short limit a test waits out, say).
func StartTuned(tb testing.TB, tune func(*hub.Config)) *Hub {
	tb.Helper()
	o := hub.InitOptions{ID: "se-net", Name: "Healthy Cities Sweden", Level: hcnetv1.HubLevel_HUB_LEVEL_NATIONAL, Country: "se"}
	dir := filepath.Join(tb.TempDir(), o.ID)
	if err := hub.Init(context.Background(), dir, o); err != nil {
		tb.Fatalf("init hub: %v", err)
	}
	return startTuned(tb, dir, stableAddr(tb), stableAddr(tb), tune)
}

// Restart runs a hub on an existing folder (new ports).
func Restart(tb testing.TB, dir string) *Hub {
	tb.Helper()
	return startAt(tb, dir, stableAddr(tb), stableAddr(tb))
}

// stableAddr is a free loopback address below Linux's ephemeral port
// range (32768–60999). A hub that starts again on its addresses (Again)
// must find them free; a port the kernel handed out for ":0" goes back to
// that range when the hub stops, and another test's listener or
// connection can take it before the hub starts again.
func stableAddr(tb testing.TB) string {
	tb.Helper()
	for range 100 {
		lis, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", 20000+rand.IntN(12000)))
		if err != nil {
			continue // taken: try another
		}
		addr := lis.Addr().String()
		lis.Close()
		return addr
	}
	tb.Fatal("no free loopback port in 20000-31999 after 100 tries")
	return ""
}

// Again stops h if it runs and starts it on the same folder and the same
// addresses, as an operator restarting the service would.
func (h *Hub) Again(tb testing.TB) *Hub {
	tb.Helper()
	h.Stop(tb)
	return startAt(tb, h.Dir, h.Addr, strings.TrimPrefix(h.Hub.Info.GetNatsUrl(), "nats://"))
}

// AgainTuned is Again with tune applied to the hub's configuration.
func (h *Hub) AgainTuned(tb testing.TB, tune func(*hub.Config)) *Hub {
	tb.Helper()
	h.Stop(tb)
	return startTuned(tb, h.Dir, h.Addr, strings.TrimPrefix(h.Hub.Info.GetNatsUrl(), "nats://"), tune)
}

func startAt(tb testing.TB, dir, addr, natsAddr string) *Hub {
	tb.Helper()
	return startTuned(tb, dir, addr, natsAddr, nil)
}

func startTuned(tb testing.TB, dir, addr, natsAddr string, tune func(*hub.Config)) *Hub {
	tb.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	c := hub.Config{Dir: dir, NATSListen: natsAddr, Log: log}
	if tune != nil {
		tune(&c)
	}
	h, err := hub.Open(context.Background(), c)
	if err != nil {
		tb.Fatalf("open hub: %v", err)
	}
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		tb.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- h.Serve(lis) }()
	out := &Hub{Addr: lis.Addr().String(), Dir: dir, Token: readToken(tb, dir), Hub: h}
	out.stop = func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return errors.Join(h.Shutdown(ctx), <-served)
	}
	tb.Cleanup(func() {
		if err := out.shutdown(); err != nil {
			tb.Errorf("stop hub: %v", err)
		}
	})
	return out
}

func (h *Hub) shutdown() error {
	h.once.Do(func() { h.stopErr = h.stop() })
	return h.stopErr
}

// Stop shuts the hub down now.
func (h *Hub) Stop(tb testing.TB) {
	tb.Helper()
	if err := h.shutdown(); err != nil {
		tb.Fatalf("stop hub: %v", err)
	}
}

func readToken(tb testing.TB, dir string) string {
	tb.Helper()
	b, err := readFile(filepath.Join(dir, hub.TokenFile))
	if err != nil {
		tb.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// Client is a HubService client; admin calls carry the hub's token.
func (h *Hub) Client(tb testing.TB) hcnetv1.HubServiceClient {
	tb.Helper()
	conn, err := grpc.NewClient(h.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithPerRPCCredentials(bearer.Token(h.Token)))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	return hcnetv1.NewHubServiceClient(conn)
}
