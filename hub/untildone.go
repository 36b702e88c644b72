package hub

import (
	"context"
	"log/slog"
	"time"
)

// untilDone runs run again, a second later, each time it fails, until
// ctx ends. Ingest and the forwarder fail when JetStream does not answer
// in time as they create their consumers: on a cluster that happens
// while a leader is being elected (a server just died), and a hub that
// then gave up would never ingest again.
func untilDone(ctx context.Context, log *slog.Logger, what string, run func() error) {
	for {
		err := run()
		if err == nil || ctx.Err() != nil {
			return
		}
		log.Warn(what+" stopped; starting again", "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
}
