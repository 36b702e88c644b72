package hub

import (
	"context"
	"github.com/hcnet/hcnet/internal/syncbuf"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/oklog/ulid/v2"
)

// A JetStream store that meets a full disk refuses every later write,
// even once there is room again, until JetStream starts again. The hub
// says so (log, Ready, Storage) and, once its probe finds room, restarts
// JetStream itself: publishing and ingest go on without a restart of the
// hub.
//
// The disk fills by a file size limit (RLIMIT_FSIZE) at the size the
// store's block file has: its next write fails (EFBIG), as it fails with
// ENOSPC on a full disk, and so does the hub's probe; lifting the limit
// frees the disk. The limit holds for the whole test process, so the
// test runs alone.
func TestStreamStoreRecoversFromAFullDisk(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "hub")
	if err := Init(ctx, dir, InitOptions{ID: "se-net", Name: "Healthy Cities Sweden", Level: hcnetv1.HubLevel_HUB_LEVEL_NATIONAL, Country: "se"}); err != nil {
		t.Fatal(err)
	}
	var logs syncbuf.Buffer
	h, err := Open(ctx, Config{Dir: dir, NATSListen: "127.0.0.1:0", Log: slog.New(slog.NewTextHandler(&logs, nil)),
		StorageCheck: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		h.Shutdown(sctx)
	})
	key := benchKeys(t, 1)[0]
	approveCity(t, h, "malmo", key)
	publishAll(t, h, "malmo", key, 0, 5)
	poll.Within(t, 2*time.Minute, "the first records", func() bool { return h.Ingest.Stats().Upserted == 5 })

	js, err := jetstream.New(h.nc)
	if err != nil {
		t.Fatal(err)
	}
	publish := func(data []byte) error {
		pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		_, err := js.Publish(pctx, subject.Record("se", "malmo", "practice", ulid.Make().String()), data)
		return err
	}
	blk, err := os.Stat(filepath.Join(dir, "nats", "jetstream", "$G", "streams", subject.RecordStream, "msgs", "1.blk"))
	if err != nil {
		t.Fatal(err)
	}
	var lifted syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lifted); err != nil {
		t.Fatal(err)
	}
	full := lifted
	full.Cur = uint64(blk.Size())
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &full); err != nil {
		t.Fatal(err)
	}
	free := func() {
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lifted); err != nil {
			t.Fatal(err)
		}
	}
	defer free()
	if err := publish([]byte("the first record past the limit")); err == nil {
		t.Fatal("a publish past the limit succeeded")
	}
	poll.Within(t, 2*time.Minute, "the store failing to be reported", func() bool { return h.Storage().Stream != nil })
	if err := h.Ready(ctx); err == nil || !strings.Contains(err.Error(), "JetStream store") {
		t.Errorf("Ready = %v while the store cannot write", err)
	}
	if err := publish([]byte("x")); err == nil {
		t.Error("a publish succeeded while the disk is full")
	}
	if st := h.Storage(); st.StreamFailures != 1 || st.StreamRestarts != 0 {
		t.Errorf("storage %+v: want one failure, no restart while the probe finds no room", st)
	}

	free()
	poll.Within(t, 2*time.Minute, "the store writing again", func() bool { return h.Storage().Stream == nil })
	if st := h.Storage(); st.StreamRestarts == 0 {
		t.Errorf("storage %+v: writing again without a restart of JetStream", st)
	}
	if err := h.Ready(ctx); err != nil {
		t.Errorf("Ready = %v after the disk has room", err)
	}
	publishAll(t, h, "malmo", key, 5, 5)
	poll.Within(t, 2*time.Minute, "the records published after", func() bool { return h.Ingest.Stats().Upserted == 10 })
	for _, want := range []string{"file too large", "JetStream store cannot write", "restarting JetStream", "JetStream store writes again"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the log does not say %q", want)
		}
	}
}
