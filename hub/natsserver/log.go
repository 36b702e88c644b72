package natsserver

import (
	"fmt"
	"log/slog"
)

// natsLog carries the embedded nats-server's log lines into the hub's
// slog logger, so its warnings and errors (a store it cannot write,
// JetStream switching itself off) are seen where the hub's own are.
// It implements server.Logger. Debug and trace lines are left out: the
// server is started without them.
type natsLog struct {
	log *slog.Logger
	// explain, when set, looks at every error line, so the users can
	// explain the server's refusals they caused (Users.NoteError).
	explain func(line string)
}

func (l natsLog) Noticef(format string, v ...any) { l.log.Info(fmt.Sprintf(format, v...)) }
func (l natsLog) Warnf(format string, v ...any)   { l.log.Warn(fmt.Sprintf(format, v...)) }

// Errorf also lets explain look at the line.
func (l natsLog) Errorf(format string, v ...any) {
	line := fmt.Sprintf(format, v...)
	l.log.Error(line)
	if l.explain != nil {
		l.explain(line)
	}
}

// Fatalf is logged as an error: nats-server calls it where it would end
// the process, and the hub decides on its own whether to stop.
func (l natsLog) Fatalf(format string, v ...any) { l.log.Error(fmt.Sprintf(format, v...)) }
func (l natsLog) Debugf(format string, v ...any) { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l natsLog) Tracef(format string, v ...any) { l.log.Debug(fmt.Sprintf(format, v...)) }
