package daemon

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// Context is the process's context: it ends on SIGINT or SIGTERM, the
// signals systemd and a terminal send to stop a daemon. stop releases
// the signals.
func Context() (ctx context.Context, stop context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}
