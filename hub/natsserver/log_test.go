package natsserver

import (
	"github.com/hcnet/hcnet/internal/syncbuf"
	"log/slog"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/members"
)

// The embedded server's lines reach the hub's log, at their level and
// marked as NATS's: its start, and a warning or error such as a store it
// cannot write.
func TestEmbeddedNATSLogsThroughSlog(t *testing.T) {
	var buf syncbuf.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	e, err := Start(Config{StoreDir: t.TempDir(), Listen: "127.0.0.1:0"}, members.NewNATSUsers(pub(t, newKey(t)), log), log)
	if err != nil {
		t.Fatal(err)
	}
	e.srv.Warnf("store %s is slow", "X")
	e.srv.Errorf("critical write error: %s", "no space left on device")
	e.Shutdown()
	out := buf.String()
	for _, want := range []string{
		`level=INFO msg="Server is ready" component=nats`,
		`level=WARN msg="store X is slow" component=nats`,
		`level=ERROR msg="critical write error: no space left on device" component=nats`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s; it has:\n%s", want, out)
		}
	}
}
