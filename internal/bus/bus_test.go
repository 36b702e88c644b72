package bus

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"
)

func TestStreamConfigReplicas(t *testing.T) {
	for in, want := range map[int]int{0: 1, 1: 1, 3: 3} {
		if got := StreamConfig(in).Replicas; got != want {
			t.Errorf("StreamConfig(%d).Replicas = %d, want %d", in, got, want)
		}
	}
}

// A single server holds an R1 stream, takes the same config again, and
// refuses R3.
func TestEnsureStream(t *testing.T) {
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go s.Start()
	t.Cleanup(s.Shutdown)
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("server not ready")
	}
	nc, err := Connect(Options{URL: s.ClientURL(), Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for range 2 {
		st, err := EnsureStream(ctx, js, 1)
		if err != nil {
			t.Fatal(err)
		}
		if r := st.CachedInfo().Config.Replicas; r != 1 {
			t.Fatalf("replicas %d", r)
		}
	}
	if _, err := EnsureStream(ctx, js, 3); err == nil {
		t.Fatal("R3 on a single server: no error")
	}
}
