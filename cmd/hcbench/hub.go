package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/hcnet/hcnet/internal/corpus"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/internal/bus"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/node"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"
)

// country of every simulated city: one national hub's members.
const country = "se"

// benchHub is the hub under test with its gRPC server.
type benchHub struct {
	*hub.Hub
	addr    string
	served  chan error
	stopped sync.Once
	stopErr error
}

func startHub(ctx context.Context, dir string) (*benchHub, error) {
	o := hub.InitOptions{ID: "se-net", Name: "Healthy Cities Sweden", Level: hcnetv1.HubLevel_HUB_LEVEL_NATIONAL, Country: country}
	if err := hub.Init(ctx, dir, o); err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, err := hub.Open(ctx, hub.Config{Dir: dir, NATSListen: "127.0.0.1:0", Log: log})
	if err != nil {
		return nil, err
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	b := &benchHub{Hub: h, addr: lis.Addr().String(), served: make(chan error, 1)}
	go func() { b.served <- h.Serve(lis) }()
	return b, nil
}

// stop shuts the hub down once; later calls return the first one's
// outcome.
func (b *benchHub) stop() error {
	b.stopped.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		b.stopErr = errors.Join(b.Shutdown(ctx), <-b.served)
	})
	return b.stopErr
}

// upserted is how many records ingest has committed since the hub opened.
func (b *benchHub) upserted() int64 { return b.Ingest.Stats().Upserted }

// approve joins cities through the signed join request a node sends and
// approves them as a coordinator would; each approval reloads the NATS
// users, as in production.
func (b *benchHub) approve(ctx context.Context, cities []city) error {
	for _, c := range cities {
		nonce := make([]byte, 12)
		rand.Read(nonce)
		req, err := envelope.SignJoin(c.key, &hcnetv1.JoinApplication{CityId: c.id, Country: country, Name: "City " + c.id,
			HubId: b.Info.GetId()}, hex.EncodeToString(nonce), time.Now())
		if err != nil {
			return err
		}
		if _, err := b.Members.Join(ctx, req); err != nil {
			return fmt.Errorf("join %s: %w", c.id, err)
		}
		if _, err := b.Members.Decide(ctx, country, c.id, hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED); err != nil {
			return fmt.Errorf("approve %s: %w", c.id, err)
		}
	}
	return nil
}

// connect opens one NATS connection per city with its own key, as each
// city's relay does.
func (b *benchHub) connect(cities []city) ([]*nats.Conn, error) {
	conns := make([]*nats.Conn, 0, len(cities))
	for _, c := range cities {
		nc, err := bus.Connect(bus.Options{URL: b.Info.GetNatsUrl(), Key: c.key, Name: "hcbench " + c.id})
		if err != nil {
			closeAll(conns)
			return nil, err
		}
		conns = append(conns, nc)
	}
	return conns, nil
}

func closeAll(conns []*nats.Conn) {
	for _, nc := range conns {
		nc.Close()
	}
}

// publish sends every city's envelopes on its own connection, all cities
// at once. Like the relay it sends a batch asynchronously, waits for the
// stream's acks, and sends again what was not acked: a burst from
// thousands of cities can lose acks, and the dedup id makes a resend
// harmless.
func publish(ctx context.Context, conns []*nats.Conn, perCity [][]sealed) error {
	errc := make(chan error, len(conns))
	var wg sync.WaitGroup
	for i, nc := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := publishCity(ctx, nc, perCity[i]); err != nil {
				errc <- err
			}
		}()
	}
	wg.Wait()
	close(errc)
	return <-errc
}

func publishCity(ctx context.Context, nc *nats.Conn, msgs []sealed) error {
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncTimeout(10*time.Second))
	if err != nil {
		return err
	}
	const batch = 100
	for attempt := 0; len(msgs) > 0; attempt++ {
		if attempt > 20 {
			return fmt.Errorf("%d messages never acked", len(msgs))
		}
		var left []sealed
		for i := 0; i < len(msgs); i += batch {
			part := msgs[i:min(i+batch, len(msgs))]
			futures := make([]jetstream.PubAckFuture, len(part))
			for j, m := range part {
				msg := &nats.Msg{Subject: m.subject, Data: m.data, Header: nats.Header{}}
				msg.Header.Set(jetstream.MsgIDHeader, m.msgID)
				if futures[j], err = js.PublishMsgAsync(msg, jetstream.WithStallWait(time.Minute)); err != nil {
					return err
				}
			}
			for j, f := range futures {
				select {
				case <-f.Ok():
				case <-f.Err():
					left = append(left, part[j])
				case <-ctx.Done():
					return ctx.Err()
				}
			}
		}
		msgs = left
	}
	return nil
}

// waitFor polls cond every few milliseconds until it holds.
func waitFor(ctx context.Context, limit time.Duration, what string, cond func() (bool, error)) error {
	deadline := time.Now().Add(limit)
	for {
		ok, err := cond()
		if err != nil || ok {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out after %s waiting for %s", limit, what)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// fill adds records straight through Store.Apply (no NATS, no verify)
// until the hub holds n, so search runs over a corpus bigger than the
// ingest run.
func (b *benchHub) fill(ctx context.Context, cities []city, have, n int) error {
	now := time.Now()
	for i := have; i < n; i += 1000 {
		batch := make([]store.Incoming, 0, 1000)
		for j := i; j < min(i+1000, n); j++ {
			m, err := seal(cities[j%len(cities)], j, hcnetv1.Visibility_VISIBILITY_NETWORK, now)
			if err != nil {
				return err
			}
			batch = append(batch, store.Incoming{Subject: m.subject, Envelope: m.data, Header: m.header, Record: m.record,
				Path: []*hcnetv1.Hop{{At: country + "/" + m.header.GetOriginCity()}}})
		}
		if _, err := b.Store.Apply(ctx, batch); err != nil {
			return err
		}
	}
	return nil
}

// QueryLatency is one query's latency over its repetitions.
type QueryLatency struct {
	Name  string `json:"name"`
	Query string `json:"query"`
	Hits  int64  `json:"total_hits"`
	// More than Hits match: the hub ranked and counted the newest Hits.
	More  bool    `json:"total_is_lower_bound"`
	P50ms float64 `json:"p50_ms"`
	P99ms float64 `json:"p99_ms"`
}

func (b *benchHub) search(ctx context.Context, reps int) ([]QueryLatency, error) {
	var out []QueryLatency
	for _, q := range queries {
		lat := make([]time.Duration, 0, reps)
		var total int64
		var more bool
		for range reps {
			start := time.Now()
			res, err := b.Store.Search(ctx, proto.CloneOf(q.Request))
			if err != nil {
				return nil, fmt.Errorf("search %s: %w", q.Name, err)
			}
			lat = append(lat, time.Since(start))
			total, more = res.GetTotalSize(), res.GetTotalSizeIsLowerBound()
		}
		text := q.Request.GetQuery()
		if f := q.Request.GetFilter(); f != nil {
			text = strings.TrimSpace(text + " sdg=" + fmt.Sprint(f.GetSdgGoals()))
		}
		out = append(out, QueryLatency{Name: q.Name, Query: text, Hits: total, More: more,
			P50ms: ms(percentile(lat, 0.50)), P99ms: ms(percentile(lat, 0.99))})
	}
	return out, nil
}

func percentile(d []time.Duration, p float64) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(float64(len(s)-1)*p + 0.5)
	return s[i]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// catchUp writes k shared practices on a real node while it has no hub
// (the outage), then joins and approves it and times the drain: from the
// approval until the hub has committed all k.
func (b *benchHub) catchUp(ctx context.Context, dir string, k int, profile string) (time.Duration, error) {
	const id = "outage"
	if err := node.Init(ctx, dir, node.InitOptions{CityID: id, Name: "Outage City", Country: country}); err != nil {
		return 0, err
	}
	n, err := node.Open(ctx, dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return 0, err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		n.Shutdown(sctx)
	}()
	for i := 0; i < k; i += 1000 {
		batch := make([]proto.Message, 0, 1000)
		for j := i; j < min(i+1000, k); j++ {
			p := corpus.Practice(j, "").GetPractice()
			p.Id, p.Version = "", 0
			batch = append(batch, p)
		}
		if _, err := n.Store.Import(ctx, "practice", batch); err != nil {
			return 0, fmt.Errorf("write outbox: %w", err)
		}
	}
	st, err := n.Sharing.Status(ctx)
	if err != nil {
		return 0, err
	}
	// The city profile is shared too, so the outbox holds at least k.
	if st.GetOutboxDepth() < int64(k) {
		return 0, fmt.Errorf("outbox holds %d, want %d", st.GetOutboxDepth(), k)
	}
	depth := st.GetOutboxDepth()
	if _, err := n.Sharing.Join(ctx, b.addr); err != nil {
		return 0, err
	}
	before := b.upserted()
	stopProfile, err := startCPUProfile(profile)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	if _, err := b.Members.Decide(ctx, country, id, hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED); err != nil {
		stopProfile()
		return 0, err
	}
	n.Sharing.Wake()
	err = waitFor(ctx, 10*time.Minute, "catch-up", func() (bool, error) {
		return b.upserted()-before >= depth, nil
	})
	took := time.Since(start)
	return took, errors.Join(err, stopProfile())
}

// rssBytes is this process's resident set (Linux), 0 elsewhere.
func rssBytes() int64 { return rssOf("/proc/self/status") }

func goroutines() int { return runtime.NumGoroutine() }

func dataDir(root, name string) string { return filepath.Join(root, name) }
