package daemon_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/daemon"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// server stands for a gRPC or HTTP server: Serve blocks until Shutdown.
type server struct {
	once    sync.Once
	stop    chan struct{}
	served  chan struct{} // closed when Serve returned
	running chan struct{} // closed when Serve started
}

func newServer() *server {
	return &server{stop: make(chan struct{}), served: make(chan struct{}), running: make(chan struct{})}
}

func (s *server) Serve(context.Context) error {
	close(s.running)
	defer close(s.served)
	<-s.stop
	return nil
}

func (s *server) Shutdown(context.Context) error {
	s.once.Do(func() { close(s.stop) })
	return nil
}

// within waits for c with a generous deadline, failing the test after it.
func within(t *testing.T, c <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(30 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

// runAsync runs d and returns its result on a channel.
func runAsync(ctx context.Context, d *daemon.Daemon, started func()) <-chan error {
	out := make(chan error, 1)
	go func() { out <- d.Run(ctx, started) }()
	return out
}

func TestPartFailingStopsTheOthers(t *testing.T) {
	boom := errors.New("listener broke")
	d := daemon.New(quiet, time.Minute)
	srv := newServer()
	d.OnStop(srv.Shutdown)
	d.Go(srv.Serve)
	watcherDone := make(chan struct{})
	d.Go(func(ctx context.Context) error { // heeds its context, like a watcher
		defer close(watcherDone)
		<-ctx.Done()
		return nil
	})
	d.Go(func(context.Context) error {
		<-srv.running
		return boom
	})
	err := d.Run(context.Background(), nil)
	if !errors.Is(err, boom) {
		t.Fatalf("Run = %v, want the failed part's %v", err, boom)
	}
	within(t, srv.served, "the server to stop")
	within(t, watcherDone, "the watcher to stop")
}

func TestCancellingTheContextStopsAll(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	d := daemon.New(quiet, time.Minute)
	a, b := newServer(), newServer()
	d.OnStop(a.Shutdown)
	d.OnStop(b.Shutdown)
	d.Go(a.Serve)
	d.Go(b.Serve)
	started := make(chan struct{})
	done := runAsync(ctx, d, func() { close(started) })
	within(t, started, "Run to call started")
	within(t, a.running, "the first server to run")
	within(t, b.running, "the second server to run")
	select {
	case err := <-done:
		t.Fatalf("Run returned %v before its context ended", err)
	default:
	}
	cancel()
	var err error
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Run still runs 30 s after its context ended")
	}
	if err != nil {
		t.Fatalf("Run = %v after a clean stop, want nil", err)
	}
	within(t, a.served, "the first server to stop")
	within(t, b.served, "the second server to stop")
}

// Closers run in the reverse order of adding, while the parts' context
// still runs (so servers drain running calls), and each only once even
// when Close is called again.
func TestClosersRunInReverseOrderOnce(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	d := daemon.New(quiet, time.Minute)
	var mu sync.Mutex
	var order []string
	partCtx := make(chan context.Context, 1)
	srv := newServer()
	d.Go(func(ctx context.Context) error {
		partCtx <- ctx
		return srv.Serve(ctx)
	})
	for _, name := range []string{"database", "grpc", "metrics", "web"} {
		d.OnStop(func(context.Context) error {
			mu.Lock()
			defer mu.Unlock()
			order = append(order, name)
			if name == "grpc" {
				pc := <-partCtx
				if pc.Err() != nil {
					t.Error("the parts' context ended before the servers were closed")
				}
				return srv.Shutdown(context.Background())
			}
			return nil
		})
	}
	done := runAsync(ctx, d, nil)
	within(t, srv.running, "the server to run")
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run = %v", err)
	}
	if err := d.Close(context.Background()); err != nil {
		t.Fatalf("Close after Run = %v", err)
	}
	want := []string{"web", "metrics", "grpc", "database"}
	if !reflect.DeepEqual(order, want) {
		t.Fatalf("closers ran %v, want %v", order, want)
	}
}

// A setup that fails before Run closes what it opened, in reverse, with
// every closer's error returned.
func TestCloseBeforeRun(t *testing.T) {
	d := daemon.New(quiet, time.Minute)
	var order []int
	errDB := errors.New("database busy")
	d.OnStop(func(context.Context) error { order = append(order, 1); return errDB })
	d.OnStop(func(context.Context) error { order = append(order, 2); return nil })
	err := d.Close(context.Background())
	if !errors.Is(err, errDB) {
		t.Fatalf("Close = %v, want %v", err, errDB)
	}
	if err := d.Close(context.Background()); err != nil || !reflect.DeepEqual(order, []int{2, 1}) {
		t.Fatalf("second Close = %v, closers ran %v; want nil and [2 1] once", err, order)
	}
}

// A closer whose resource will not close in time gets a context that
// ends after the grace period, and its error is Run's.
func TestGraceBoundsTheClosers(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	d := daemon.New(quiet, 10*time.Millisecond)
	srv := newServer()
	d.Go(srv.Serve)
	d.OnStop(srv.Shutdown)
	d.OnStop(func(ctx context.Context) error { // a call that never finishes
		<-ctx.Done()
		return ctx.Err()
	})
	done := runAsync(ctx, d, nil)
	within(t, srv.running, "the server to run")
	cancel()
	if err := <-done; !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Run = %v, want the closer's %v", err, context.DeadlineExceeded)
	}
	within(t, srv.served, "the server to stop")
}

// A listener's closer closes one Serve never took, and finds no fault
// with one its server already closed.
func TestCloseListener(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closer := daemon.CloseListener(lis)
	if err := closer(context.Background()); err != nil {
		t.Fatalf("closing an open listener: %v", err)
	}
	if _, err := lis.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("Accept after the closer = %v, want the listener closed", err)
	}
	if err := closer(context.Background()); err != nil {
		t.Fatalf("closing a closed listener: %v", err)
	}
}
