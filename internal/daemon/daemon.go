package daemon

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// Daemon is a daemon's parts and resources. Build it while setting up,
// adding each resource's closer as soon as the resource exists, so that
// a setup step that fails leaves Close to undo what came before it.
type Daemon struct {
	log   *slog.Logger
	grace time.Duration
	parts []func(context.Context) error

	mu      sync.Mutex
	closers []func(context.Context) error
}

// New prepares a daemon that logs to log and gives its resources grace
// to close (running calls to finish) once it stops.
func New(log *slog.Logger, grace time.Duration) *Daemon {
	return &Daemon{log: log, grace: grace}
}

// OnStop adds the closer of a resource (a server's Shutdown). Closers
// run in the reverse order of adding, each once: when Run stops, or
// when Close is called because setup failed.
func (d *Daemon) OnStop(close func(ctx context.Context) error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closers = append(d.closers, close)
}

// Go adds a part: a function that runs until the daemon stops, such as
// a server's Serve. Parts start in Run. A part stops when its resource
// is closed or when its ctx ends, whichever it heeds; any part ending,
// with an error or without, stops the daemon.
func (d *Daemon) Go(part func(ctx context.Context) error) {
	d.parts = append(d.parts, part)
}

// Run starts the parts, calls started (when not nil), and waits until
// ctx ends or a part ends. Then it closes the resources in the reverse
// order within the grace period, ends the parts' context and waits for
// every part. It returns the error of the first part that failed, else
// the closers' errors; nil when the process was told to stop and every
// resource closed cleanly.
func (d *Daemon) Run(ctx context.Context, started func()) error {
	// The parts' context outlives ctx until the resources are closed,
	// so servers drain their running calls before anything is cut.
	partsCtx, stopParts := context.WithCancel(context.WithoutCancel(ctx))
	defer stopParts()
	g, gctx := errgroup.WithContext(partsCtx)
	ended := make(chan struct{})
	var once sync.Once
	for _, part := range d.parts {
		g.Go(func() error {
			defer once.Do(func() { close(ended) })
			return part(gctx)
		})
	}
	if started != nil {
		started()
	}
	signalled := false
	select {
	case <-ctx.Done():
		signalled = true
		d.log.Info("shutting down", "grace", d.grace)
	case <-ended:
	}
	sctx, cancel := context.WithTimeout(context.Background(), d.grace)
	defer cancel()
	closeErr := d.Close(sctx)
	stopParts()
	if err := g.Wait(); err != nil {
		return err
	}
	if signalled {
		d.log.Info("stopped")
	}
	return closeErr
}

// Close runs the closers that have not run yet, in the reverse order of
// adding, within ctx, and returns their errors joined. Run calls it; call
// it directly when setup fails before Run.
func (d *Daemon) Close(ctx context.Context) error {
	d.mu.Lock()
	closers := d.closers
	d.closers = nil
	d.mu.Unlock()
	var out []error
	for i := len(closers) - 1; i >= 0; i-- {
		if err := closers[i](ctx); err != nil {
			out = append(out, err)
		}
	}
	return errors.Join(out...)
}
