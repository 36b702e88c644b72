package natsserver

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/hcnet/hcnet/hub/members"
)

// syncBuffer is a log sink the server's goroutines may write to while
// the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The embedded server's lines reach the hub's log, at their level and
// marked as NATS's: its start, and a warning or error such as a store it
// cannot write.
func TestEmbeddedNATSLogsThroughSlog(t *testing.T) {
	var buf syncBuffer
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
