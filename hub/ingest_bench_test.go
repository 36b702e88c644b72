package hub

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
)

func benchKeys(tb testing.TB, n int) []nkeys.KeyPair {
	tb.Helper()
	keys := make([]nkeys.KeyPair, n)
	for i := range keys {
		kp, err := nkeys.CreateUser()
		if err != nil {
			tb.Fatal(err)
		}
		keys[i] = kp
	}
	return keys
}

// BenchmarkIngest measures the whole ingest path: b.N practices from 10
// cities published (sealing included, as hcbench does not) while ingest
// fetches, verifies, commits them with their full-text entries and acks,
// until the last commit.
func BenchmarkIngest(b *testing.B) {
	const cities = 10
	ctx := context.Background()
	dir := filepath.Join(b.TempDir(), "hub")
	if err := Init(ctx, dir, InitOptions{ID: "se-net", Name: "Healthy Cities Sweden", Level: hcnetv1.HubLevel_HUB_LEVEL_NATIONAL, Country: "se"}); err != nil {
		b.Fatal(err)
	}
	h, err := Open(ctx, Config{Dir: dir, NATSListen: "127.0.0.1:0", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	defer h.Shutdown(ctx)
	keys := benchKeys(b, cities)
	for i := range cities {
		approveCity(b, h, fmt.Sprintf("city%04d", i), keys[i])
	}
	before := h.Ingest.Stats().Upserted
	b.ReportAllocs()
	b.ResetTimer()
	for i := range cities {
		n := b.N / cities
		if i < b.N%cities {
			n++
		}
		publishAll(b, h, fmt.Sprintf("city%04d", i), keys[i], i*b.N, n)
	}
	// The wait is part of the measured time, so it checks at a short
	// fixed interval rather than with poll's back-off.
	for deadline := time.Now().Add(2 * time.Minute); h.Ingest.Stats().Upserted-before < int64(b.N); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			b.Fatalf("ingest: %d of %d records within 2m0s", h.Ingest.Stats().Upserted-before, b.N)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
