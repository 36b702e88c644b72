package metrics

import (
	"log/slog"

	"github.com/coreos/go-systemd/v22/daemon"
)

// notify tells systemd (a unit with Type=notify) what state the daemon is
// in. Without NOTIFY_SOCKET, as outside systemd, it does nothing. A
// failure is logged: systemd then times the start out, which says more
// than the daemon could.
func notify(log *slog.Logger, state string) {
	if _, err := daemon.SdNotify(false, state); err != nil {
		log.Warn("systemd notification failed", "state", state, "err", err)
	}
}
