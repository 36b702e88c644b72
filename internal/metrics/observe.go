package metrics

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/coreos/go-systemd/v22/daemon"
	"github.com/prometheus/client_golang/prometheus"
)

// Options say how a daemon is observed.
type Options struct {
	// Addr is where /metrics is served; empty serves none.
	Addr       string
	Collectors []prometheus.Collector
	// Ready and SetServing are the daemon's readiness check and health
	// setter (node.Node and hub.Hub have both); HealthEvery is how often
	// the check runs (HealthInterval when zero).
	Ready       func(context.Context) error
	SetServing  func(bool)
	HealthEvery time.Duration
	Log         *slog.Logger
}

// Observer is a running metrics server and health watcher.
type Observer struct {
	// Addr is where /metrics, /healthz and /readyz are served, "" when
	// they are not.
	Addr   string
	srv    *Server
	log    *slog.Logger
	cancel context.CancelFunc
	done   chan struct{}
}

// Observe starts the health watcher and, when o.Addr is set, the metrics
// server with the HTTP probes. Each readiness check sets the gRPC health
// (o.SetServing) and /readyz alike; the first that passes tells systemd
// READY=1 (Type=notify units). Close stops both.
func Observe(o Options) (*Observer, error) {
	ob := &Observer{done: make(chan struct{}), log: o.Log}
	p := newProbe()
	if o.Addr != "" {
		reg, err := NewRegistry(o.Collectors...)
		if err != nil {
			return nil, err
		}
		if ob.srv, err = serve(o.Addr, reg, p, o.Log); err != nil {
			return nil, err
		}
		ob.Addr = ob.srv.Addr
	}
	var once sync.Once
	watchCtx, cancel := context.WithCancel(context.Background())
	ob.cancel = cancel
	ready := func(ctx context.Context) error {
		err := o.Ready(ctx)
		// A check that timed out is a failure /readyz must show; only
		// one cut short by Close is not an answer.
		if watchCtx.Err() == nil {
			p.set(err)
		}
		if err == nil {
			once.Do(func() { notify(o.Log, daemon.SdNotifyReady) })
		}
		return err
	}
	every := o.HealthEvery
	if every <= 0 {
		every = HealthInterval
	}
	go func() {
		defer close(ob.done)
		WatchHealth(watchCtx, every, ready, o.SetServing, o.Log)
	}()
	return ob, nil
}

// Close stops the watcher and the server; a running scrape may finish
// until ctx ends.
func (ob *Observer) Close(ctx context.Context) error {
	notify(ob.log, daemon.SdNotifyStopping)
	ob.cancel()
	<-ob.done
	if ob.srv != nil {
		return ob.srv.Shutdown(ctx)
	}
	return nil
}
