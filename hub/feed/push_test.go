package feed

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/bus"
	"github.com/hcnet/hcnet/internal/subject"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"
)

// TestSweepDeletesPushConsumersOnly: the sweep, which finds the push
// consumers whose creation the hub did not hear of, deletes those and
// leaves pull consumers alone.
func TestSweepDeletesPushConsumersOnly(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go e.Start()
	t.Cleanup(e.Shutdown)
	if !e.ReadyForConnections(10 * time.Second) {
		t.Fatal("server not ready")
	}
	nc, err := bus.Connect(bus.Options{URL: e.ClientURL(), Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := js.CreateStream(ctx, PublicStreamConfig(1, time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []jetstream.ConsumerConfig{
		{Durable: "pusher", DeliverSubject: "hcnet.rec.se.malmo.practice.x"},
		{Durable: "pusher-inbox", DeliverSubject: "_INBOX_pusher-inbox.x"},
		{Durable: "puller"},
	} {
		if _, err := js.CreateOrUpdateConsumer(ctx, subject.PublicStream, c); err != nil {
			t.Fatalf("%s: %v", c.Durable, err)
		}
	}
	dropPushConsumers(ctx, js, log)
	s, err := js.Stream(ctx, subject.PublicStream)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	names := s.ConsumerNames(ctx)
	for n := range names.Name() {
		left = append(left, n)
	}
	if err := names.Err(); err != nil && !errors.Is(err, jetstream.ErrEndOfData) {
		t.Fatal(err)
	}
	if len(left) != 1 || left[0] != "puller" {
		t.Fatalf("consumers left: %v, want the pull consumer only", left)
	}
}
