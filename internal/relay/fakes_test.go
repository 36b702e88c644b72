package relay

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
)

// fakeOutbox is an outbox in memory. Like the node's table, a row written
// for a record replaces the undelivered rows of its older versions.
type fakeOutbox struct {
	mu      sync.Mutex
	seq     int64
	rows    []Row
	version map[int64]string // seq → record id, for rows written by put
	deleted []int64          // every seq Delivered was given, in order
}

func newOutbox() *fakeOutbox { return &fakeOutbox{version: map[int64]string{}} }

// add appends a row and returns its seq.
func (o *fakeOutbox) add(r Row) int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.seq++
	r.Seq = o.seq
	o.rows = append(o.rows, r)
	return r.Seq
}

// put writes a version of record id, superseding its waiting rows.
func (o *fakeOutbox) put(id string, r Row) int64 {
	o.mu.Lock()
	o.rows = slices.DeleteFunc(o.rows, func(w Row) bool { return o.version[w.Seq] == id })
	o.mu.Unlock()
	seq := o.add(r)
	o.mu.Lock()
	o.version[seq] = id
	o.mu.Unlock()
	return seq
}

func (o *fakeOutbox) OutboxBatch(_ context.Context, after int64, n int) ([]Row, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []Row
	for _, r := range o.rows {
		if r.Seq > after && len(out) < n {
			out = append(out, r)
		}
	}
	return out, nil
}

func (o *fakeOutbox) Delivered(_ context.Context, seqs []int64) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.deleted = append(o.deleted, seqs...)
	o.rows = slices.DeleteFunc(o.rows, func(r Row) bool { return slices.Contains(seqs, r.Seq) })
	return nil
}

func (o *fakeOutbox) OutboxDepth(context.Context) (int64, time.Time, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return int64(len(o.rows)), time.Time{}, nil
}

// waiting lists the seqs still in the outbox.
func (o *fakeOutbox) waiting() []int64 {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []int64
	for _, r := range o.rows {
		out = append(out, r.Seq)
	}
	return out
}

type fakeSettings struct {
	mu sync.Mutex
	kv map[string]string
}

func (s *fakeSettings) Setting(_ context.Context, k string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.kv[k], nil
}

func (s *fakeSettings) SetSettings(_ context.Context, kv map[string]string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range kv {
		s.kv[k] = v
	}
	return nil
}

// approvedAt is the settings of a member the hub has approved, with its
// NATS at url. The hub's gRPC address answers nothing: the relay's
// membership checks after a failed delivery fail and change nothing.
func approvedAt(url string) *fakeSettings {
	return &fakeSettings{kv: map[string]string{
		settingHubAddr: "127.0.0.1:1", settingHubID: "se-net",
		settingHubStatus: record.ShortName(hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED), settingNATSURL: url,
	}}
}

// applicant is a city with a fresh key; pub is the key's public half.
func applicant(tb testing.TB) (who func(context.Context) (Applicant, error), pub string) {
	tb.Helper()
	kp, err := nkeys.CreateUser()
	if err != nil {
		tb.Fatal(err)
	}
	pub, err = kp.PublicKey()
	if err != nil {
		tb.Fatal(err)
	}
	return func(context.Context) (Applicant, error) {
		return Applicant{ID: "malmo", Country: "se", Name: "Malmö", Key: kp}, nil
	}, pub
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// startNATS starts an embedded NATS server with JetStream on 127.0.0.1
// that lets in the city with key pub, as a hub lets in its members, and
// returns its URL and a JetStream client of the test's own.
func startNATS(tb testing.TB, pub string) (string, jetstream.JetStream) {
	tb.Helper()
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: tb.TempDir(), NoLog: true, NoSigs: true,
		Nkeys: []*server.NkeyUser{{Nkey: pub}}, Users: []*server.User{{Username: "test", Password: "test"}}})
	if err != nil {
		tb.Fatal(err)
	}
	go s.Start()
	tb.Cleanup(s.Shutdown)
	if !s.ReadyForConnections(10 * time.Second) {
		tb.Fatal("NATS not ready")
	}
	nc, err := nats.Connect(s.ClientURL(), nats.UserInfo("test", "test"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		tb.Fatal(err)
	}
	return s.ClientURL(), js
}

// run runs r until the test ends.
func run(tb testing.TB, r *Relay) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.Run(ctx)
	}()
	tb.Cleanup(func() {
		cancel()
		<-done
	})
}

// eventually polls cond until it holds, failing the test after 30 seconds.
func eventually(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// streamMsgs reads every message of a stream, in stream order.
func streamMsgs(tb testing.TB, js jetstream.JetStream, name string) []*jetstream.RawStreamMsg {
	tb.Helper()
	ctx := context.Background()
	st, err := js.Stream(ctx, name)
	if err != nil {
		tb.Fatal(err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	var out []*jetstream.RawStreamMsg
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		m, err := st.GetMsg(ctx, seq)
		if err != nil {
			continue // removed (a later message on its subject replaced it)
		}
		out = append(out, m)
	}
	return out
}
