package metrics

import (
	"context"
	"log/slog"
	"time"

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
	// Addr is where /metrics is served, "" when it is not.
	Addr   string
	srv    *Server
	cancel context.CancelFunc
	done   chan struct{}
}

// Observe starts the health watcher and, when o.Addr is set, the metrics
// server. Close stops both.
func Observe(o Options) (*Observer, error) {
	ob := &Observer{done: make(chan struct{})}
	if o.Addr != "" {
		reg, err := NewRegistry(o.Collectors...)
		if err != nil {
			return nil, err
		}
		if ob.srv, err = Serve(o.Addr, reg, o.Log); err != nil {
			return nil, err
		}
		ob.Addr = ob.srv.Addr
	}
	every := o.HealthEvery
	if every <= 0 {
		every = HealthInterval
	}
	var ctx context.Context
	ctx, ob.cancel = context.WithCancel(context.Background())
	go func() {
		defer close(ob.done)
		WatchHealth(ctx, every, o.Ready, o.SetServing, o.Log)
	}()
	return ob, nil
}

// Close stops the watcher and the server; a running scrape may finish
// until ctx ends.
func (ob *Observer) Close(ctx context.Context) error {
	ob.cancel()
	<-ob.done
	if ob.srv != nil {
		return ob.srv.Shutdown(ctx)
	}
	return nil
}
