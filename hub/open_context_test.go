package hub

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// The hub's background work (ingest, the feed, the watchers) runs on the
// context Open was given: when it ends, as when the process is told to
// stop, the work stops without Shutdown.
func TestOpenRunsOnTheCallersContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := filepath.Join(t.TempDir(), "se-net")
	if err := Init(ctx, dir, InitOptions{ID: "se-net", Name: "Healthy Cities Sweden", Level: hcnetv1.HubLevel_HUB_LEVEL_NATIONAL, Country: "se"}); err != nil {
		t.Fatal(err)
	}
	h, err := Open(ctx, Config{Dir: dir, NATSListen: "127.0.0.1:0", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Shutdown(context.Background()) })
	stopped := make(chan struct{})
	go func() {
		h.wg.Wait()
		close(stopped)
	}()
	select {
	case <-stopped:
		t.Fatal("the hub's background work stopped before its context ended")
	case <-time.After(100 * time.Millisecond):
	}
	cancel()
	select {
	case <-stopped:
	case <-time.After(30 * time.Second):
		t.Fatal("the hub's background work still runs 30 s after its context ended")
	}
}
