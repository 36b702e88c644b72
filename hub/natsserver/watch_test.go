package natsserver

import (
	"context"
	"github.com/hcnet/hcnet/internal/syncbuf"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/members"
	"github.com/hcnet/hcnet/internal/bus"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/oklog/ulid/v2"
)

// watched starts a server whose store WatchStore checks every 50ms until
// the test ends, and connects to it as the hub.
func watched(t *testing.T, maxStore int64) (*Server, jetstream.JetStream, *syncbuf.Buffer) {
	t.Helper()
	var logs syncbuf.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	hubKey := newKey(t)
	s, err := Start(Config{StoreDir: t.TempDir(), Listen: "127.0.0.1:0", MaxStore: maxStore, StoreCheck: 50 * time.Millisecond},
		members.NewNATSUsers(pub(t, hubKey), log), log)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.WatchStore(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		s.Shutdown()
	})
	nc, err := bus.Connect(bus.Options{URL: s.URL(), Key: hubKey, Name: "test", Retry: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return s, js, &logs
}

// waitFor polls cond until it holds, failing the test after a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A store past its limit refuses publishes. The watcher reports it once,
// tries one restart (the disk has room) that does not help and then
// waits, and reports the store writing again once it is back under its
// limit, with no restart needed.
func TestWatchStoreReportsAStorePastItsLimit(t *testing.T) {
	ctx := context.Background()
	s, js, logs := watched(t, 1<<20)
	if h := s.Health(); h.Err != nil || h.Failures != 0 || h.Restarts != 0 {
		t.Fatalf("health of a new store: %+v", h)
	}
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "filler", Subjects: []string{"filler.>"}}); err != nil {
		t.Fatal(err)
	}
	var refused error
	for i := 0; i < 100 && refused == nil; i++ {
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		_, refused = js.Publish(pctx, "filler."+ulid.Make().String(), make([]byte, 64<<10))
		cancel()
	}
	if refused == nil || !strings.Contains(refused.Error(), "insufficient resources") {
		t.Fatalf("publishing 6 MiB into a store of 1 MiB: %v", refused)
	}
	waitFor(t, "the restart that does not help", func() bool { return s.Health().Restarts > 0 })
	if h := s.Health(); h.Err == nil || !strings.Contains(h.Err.Error(), "past its limit") || h.Failures != 1 {
		t.Errorf("health past the limit, after a restart: %+v", h)
	}
	waitFor(t, "the log of the restart", func() bool {
		return strings.Contains(logs.String(), "still cannot write after a restart")
	})

	// JetStream may be restarting just now: ask until it answers.
	waitFor(t, "the filler purged", func() bool {
		st, err := js.Stream(ctx, "filler")
		return err == nil && st.Purge(ctx) == nil
	})
	waitFor(t, "the store back under its limit", func() bool { return s.Health().Err == nil })
	if h := s.Health(); h.Failures != 1 {
		t.Errorf("health once under the limit: %+v, want the one failure counted", h)
	}
	for _, want := range []string{"JetStream store cannot write", "JetStream store writes again"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log does not say %q:\n%s", want, logs.String())
		}
	}
}

// JetStream switched off (as nats-server does when it may not write its
// files) is found by the watcher, which starts it again on the same
// store: the stream is back, and takes writes.
func TestWatchStoreStartsJetStreamAgain(t *testing.T) {
	ctx := context.Background()
	s, js, logs := watched(t, 0)
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "kept", Subjects: []string{"kept.>"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := js.Publish(ctx, "kept.one", []byte("before")); err != nil {
		t.Fatal(err)
	}
	if err := s.srv.ShutdownJetStream(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "JetStream started again", func() bool { h := s.Health(); return h.Restarts > 0 && h.Err == nil })
	if h := s.Health(); h.Failures != 1 || h.Restarts != 1 {
		t.Errorf("health after the restart: %+v, want one failure and one restart", h)
	}
	var info *jetstream.StreamInfo
	waitFor(t, "the stream back", func() bool {
		st, err := js.Stream(ctx, "kept")
		if err == nil {
			info, err = st.Info(ctx)
		}
		return err == nil
	})
	if info.State.Msgs != 1 {
		t.Errorf("the stream holds %d messages after the restart, want 1", info.State.Msgs)
	}
	if _, err := js.Publish(ctx, "kept.two", []byte("after")); err != nil {
		t.Errorf("publish after the restart: %v", err)
	}
	for _, want := range []string{"JetStream is disabled", "restarting JetStream", "JetStream store writes again"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log does not say %q:\n%s", want, logs.String())
		}
	}
}
