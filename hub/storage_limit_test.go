package hub

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/oklog/ulid/v2"
)

// A JetStream store past its limit refuses publishes ("insufficient
// resources") while the hub would go on saying it serves. The hub reports
// it, and stops once the store is back under its limit.
func TestStreamStorePastItsLimitIsReported(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "hub")
	if err := Init(ctx, dir, InitOptions{ID: "se-net", Name: "Healthy Cities Sweden", Level: hcnetv1.HubLevel_HUB_LEVEL_NATIONAL, Country: "se"}); err != nil {
		t.Fatal(err)
	}
	h, err := Open(ctx, Config{Dir: dir, NATSListen: "127.0.0.1:0", Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		StorageCheck: 50 * time.Millisecond, NATSMaxStore: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		h.Shutdown(sctx)
	})
	js, err := jetstream.New(h.nc)
	if err != nil {
		t.Fatal(err)
	}
	const filler = "hcnet.rec.se.filler.practice."
	var refused error
	for i := 0; i < 100 && refused == nil; i++ {
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		_, refused = js.Publish(pctx, filler+ulid.Make().String(), make([]byte, 64<<10))
		cancel()
	}
	if refused == nil || !strings.Contains(refused.Error(), "insufficient resources") {
		t.Fatalf("publishing 6 MiB into a store of 1 MiB: %v", refused)
	}
	poll.Within(t, 2*time.Minute, "the full store to be reported", func() bool { return h.Storage().Stream != nil })
	if err := h.Ready(ctx); err == nil || !strings.Contains(err.Error(), "past its limit") {
		t.Errorf("Ready = %v while the store is past its limit", err)
	}

	// The hub may be restarting JetStream (which does not lower this
	// limit) just now: ask until it answers.
	poll.Within(t, 2*time.Minute, "the filler purged", func() bool {
		st, err := js.Stream(ctx, subject.RecordStream)
		return err == nil && st.Purge(ctx, jetstream.WithPurgeSubject(filler+">")) == nil
	})
	poll.Within(t, 2*time.Minute, "the store back under its limit", func() bool { return h.Storage().Stream == nil })
	if err := h.Ready(ctx); err != nil {
		t.Errorf("Ready = %v once the store is under its limit", err)
	}
}
