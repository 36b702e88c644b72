package metrics

import (
	"context"
	"log/slog"
	"time"
)

// HealthInterval is how often WatchHealth checks by default: often enough
// that an orchestrator stops routing to a broken daemon within seconds,
// seldom enough to cost nothing.
const HealthInterval = 5 * time.Second

// checkTimeout bounds one readiness check, so a hung disk counts as a
// failure instead of stalling the watcher.
const checkTimeout = 3 * time.Second

// WatchHealth calls ready every interval until ctx ends and calls
// setServing when the answer changes (the first answer included), so the
// daemon's gRPC health says NOT_SERVING while it cannot do its work and
// SERVING again once it can. Changes are logged.
func WatchHealth(ctx context.Context, every time.Duration, ready func(context.Context) error, setServing func(bool), log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	var known, serving bool
	for {
		cctx, cancel := context.WithTimeout(ctx, checkTimeout)
		err := ready(cctx)
		cancel()
		if ctx.Err() != nil {
			return
		}
		if ok := err == nil; !known || ok != serving {
			switch {
			case !ok:
				log.Warn("health: not serving", "err", err)
			case known: // a recovery; the first success is not news
				log.Info("health: serving again")
			}
			known, serving = true, ok
			setServing(ok)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
