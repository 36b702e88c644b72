package metrics_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/metrics"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// get fetches path from addr and returns its status and body.
func get(t *testing.T, addr, path string) (int, string) {
	t.Helper()
	res, err := http.Get("http://" + addr + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(b)
}

// /readyz follows the same readiness check as the node's gRPC health:
// 503 with the reason while the database is gone, as a container
// runtime or a load balancer must see it; /healthz stays 200, the
// process being alive.
func TestReadyzFollowsGRPCHealth(t *testing.T) {
	n := nodetest.Start(t)
	var broken atomic.Bool
	ready := func(ctx context.Context) error {
		if broken.Load() {
			return errors.New("database gone")
		}
		return n.Node.Ready(ctx)
	}
	ob, err := metrics.Observe(metrics.Options{Addr: "127.0.0.1:0", Ready: ready, SetServing: n.Node.SetServing, HealthEvery: 5 * time.Millisecond, Log: quiet})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ob.Close(context.Background()) })

	poll.Until(t, "/readyz 200 on a healthy node", func() bool {
		code, _ := get(t, ob.Addr, metrics.ReadyPath)
		return code == http.StatusOK
	})
	if st := healthOf(t, n.Addr, ""); st != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("gRPC health %v while /readyz says ready", st)
	}
	broken.Store(true)
	poll.Until(t, "/readyz 503 naming the reason", func() bool {
		code, body := get(t, ob.Addr, metrics.ReadyPath)
		return code == http.StatusServiceUnavailable && strings.Contains(body, "database gone")
	})
	if st := healthOf(t, n.Addr, ""); st != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Fatalf("gRPC health %v while /readyz says not ready", st)
	}
	if code, _ := get(t, ob.Addr, metrics.LivePath); code != http.StatusOK {
		t.Fatalf("/healthz %d while the process runs", code)
	}
	broken.Store(false)
	poll.Until(t, "/readyz 200 again", func() bool {
		code, _ := get(t, ob.Addr, metrics.ReadyPath)
		return code == http.StatusOK
	})
}

// Under a systemd unit with Type=notify, the daemon says READY=1 once its
// first readiness check passes, and STOPPING=1 when it stops.
func TestSystemdHearsReadyAndStopping(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "notify")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	t.Setenv("NOTIFY_SOCKET", sock)
	read := func() string {
		t.Helper()
		conn.SetReadDeadline(time.Now().Add(30 * time.Second))
		b := make([]byte, 256)
		n, err := conn.Read(b)
		if err != nil {
			t.Fatalf("no notification: %v", err)
		}
		return string(b[:n])
	}
	var ok atomic.Bool
	ob, err := metrics.Observe(metrics.Options{
		Ready: func(context.Context) error {
			if !ok.Load() {
				return errors.New("not yet")
			}
			return nil
		},
		SetServing: func(bool) {}, HealthEvery: 5 * time.Millisecond, Log: quiet,
	})
	if err != nil {
		t.Fatal(err)
	}
	ok.Store(true)
	if got := read(); got != "READY=1" {
		t.Fatalf("first notification %q, want READY=1", got)
	}
	if err := ob.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != "STOPPING=1" {
		t.Fatalf("notification at close %q, want STOPPING=1", got)
	}
}

// A readiness check that hangs (a stuck disk) ends at its timeout: that
// is a failure /readyz shows, as gRPC health does.
func TestReadyzShowsACheckThatTimesOut(t *testing.T) {
	var hang atomic.Bool
	ob, err := metrics.Observe(metrics.Options{
		Addr: "127.0.0.1:0",
		Ready: func(ctx context.Context) error {
			if hang.Load() {
				<-ctx.Done()
				return ctx.Err()
			}
			return nil
		},
		SetServing: func(bool) {}, HealthEvery: 5 * time.Millisecond, Log: quiet,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ob.Close(context.Background()) })
	poll.Until(t, "/readyz 200", func() bool {
		code, _ := get(t, ob.Addr, metrics.ReadyPath)
		return code == http.StatusOK
	})
	hang.Store(true)
	poll.Until(t, "/readyz 503 after a check timed out", func() bool {
		code, _ := get(t, ob.Addr, metrics.ReadyPath)
		return code == http.StatusServiceUnavailable
	})
}
