package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hcnet/hcnet/hub"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// Propagation is how long a public record takes from a city's publish to
// a Watch subscriber of the regional hub, through the national hub, while
// other cities load the national hub with network records.
type Propagation struct {
	Probes int `json:"probes"`
	// BackgroundPerS is the background rate reached (the target is
	// Options.Background); BackgroundRecords how many were sent.
	BackgroundPerS    float64 `json:"background_records_per_s"`
	BackgroundRecords int     `json:"background_records"`
	// National: publish → Watch on the national hub; Regional: publish →
	// Watch on the regional hub (the figure of the target).
	NationalP50ms float64 `json:"national_p50_ms"`
	NationalP99ms float64 `json:"national_p99_ms"`
	RegionalP50ms float64 `json:"regional_p50_ms"`
	RegionalP99ms float64 `json:"regional_p99_ms"`
	RegionalMaxms float64 `json:"regional_max_ms"`
	// Stages split the regional figure by the arrival times the hubs
	// stamp when an ingest batch starts to apply (arrive_time): what
	// each one costs, to show what dominates.
	Stages []Stage `json:"stages"`
}

// Stage is one leg of the path, over the probes.
type Stage struct {
	Name  string  `json:"name"`
	P50ms float64 `json:"p50_ms"`
	P99ms float64 `json:"p99_ms"`
}

// probeRate is how many probe records per second the probe city sends:
// enough for a p99 over a run of tens of seconds, little next to the
// background.
const probeRate = 20

// backgroundCities publish the background load, each on its own
// connection.
const backgroundCities = 20

// propagate builds a regional hub, a national hub that is its member, and
// cities that are the national hub's members, all in this process with
// real NATS and gRPC between them, then times probe records from one city
// to Watch streams on both hubs while the other cities publish network
// records (which stop at the national hub) at o.Background per second.
func (m *Main) propagate(ctx context.Context, o Options, root string) (Propagation, error) {
	var p Propagation
	regional, err := startHubWith(ctx, dataDir(root, "regional"), hub.InitOptions{ID: "eu-net",
		Name: "European Healthy Cities Network", Level: hcnetv1.HubLevel_HUB_LEVEL_REGIONAL})
	if err != nil {
		return p, err
	}
	defer regional.stop()
	national, err := startHubWith(ctx, dataDir(root, "national"), hub.InitOptions{ID: "se-net",
		Name: "Healthy Cities Sweden", Level: hcnetv1.HubLevel_HUB_LEVEL_NATIONAL, Country: country, Parent: regional.addr})
	if err != nil {
		return p, err
	}
	defer national.stop()
	// The national hub applies on start; the regional coordinator approves.
	if err := waitFor(ctx, time.Minute, "the national hub's application", func() (bool, error) {
		_, err := regional.Members.Get(ctx, country, "se-net")
		return err == nil, nil
	}); err != nil {
		return p, err
	}
	if _, err := regional.Members.Decide(ctx, country, "se-net", hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED); err != nil {
		return p, err
	}
	probe, err := newCities(1, "p")
	if err != nil {
		return p, err
	}
	bg, err := newCities(backgroundCities, "b")
	if err != nil {
		return p, err
	}
	if err := national.approve(ctx, append(probe, bg...)); err != nil {
		return p, err
	}
	// The regional hub checks the probe city's signature with the key the
	// national hub attests; the attestation travels the same relay.
	if err := waitFor(ctx, time.Minute, "the probe city's attestation at the regional hub", func() (bool, error) {
		return regional.Members.Verifier(country, probe[0].id) != nil, nil
	}); err != nil {
		return p, err
	}

	seconds := o.PropagationSeconds
	nProbes := int(seconds * probeRate)
	nBg := int(seconds * float64(o.Background))
	m.progress("propagation: sealing %d background and %d probe records", nBg, nProbes)
	bgMsgs, err := sealAll(bg, nBg)
	if err != nil {
		return p, err
	}
	probes := make([]sealed, nProbes)
	for i := range probes {
		if probes[i], err = seal(probe[0], i, hcnetv1.Visibility_VISIBILITY_PUBLIC, time.Now()); err != nil {
			return p, err
		}
	}

	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sent := &sentTimes{at: map[string]time.Time{}}
	natW, err := startWatch(wctx, national.addr, sent)
	if err != nil {
		return p, err
	}
	regW, err := startWatch(wctx, regional.addr, sent)
	if err != nil {
		return p, err
	}
	conns, err := national.connect(append(probe, bg...))
	if err != nil {
		return p, err
	}
	defer closeAll(conns)

	m.progress("propagation: %d probes over %.0f s, background %d records/s", nProbes, seconds, o.Background)
	bgErr := make(chan error, 1)
	var bgSent atomic.Int64
	stopProfile, err := startCPUProfile(o.profile("propagation"))
	if err != nil {
		return p, err
	}
	defer stopProfile()
	start := time.Now()
	go func() { bgErr <- paced(ctx, conns[1:], bgMsgs, float64(o.Background), &bgSent) }()
	js, err := jetstream.New(conns[0])
	if err != nil {
		return p, err
	}
	tick := time.NewTicker(time.Second / probeRate)
	acks := make([]jetstream.PubAckFuture, 0, len(probes))
	for _, s := range probes {
		select {
		case <-ctx.Done():
			tick.Stop()
			return p, ctx.Err()
		case <-tick.C:
		}
		sent.set(s.header.GetId(), time.Now())
		f, err := js.PublishMsgAsync(msgOf(s))
		if err != nil {
			tick.Stop()
			return p, fmt.Errorf("probe: %w", err)
		}
		acks = append(acks, f)
	}
	tick.Stop()
	for _, f := range acks {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			return p, fmt.Errorf("probe %s not acked: %w", f.Msg().Header.Get(jetstream.MsgIDHeader), err)
		case <-ctx.Done():
			return p, ctx.Err()
		}
	}
	if err := <-bgErr; err != nil {
		return p, fmt.Errorf("background: %w", err)
	}
	el := time.Since(start)
	p.BackgroundRecords = int(bgSent.Load())
	p.BackgroundPerS = float64(p.BackgroundRecords) / el.Seconds()
	// The regional hub gets records from the national hub's forwarder,
	// which reads the stream beside ingest: it may see a probe before
	// the national Watch does.
	if err := waitFor(ctx, 5*time.Minute, "every probe at both Watch streams", func() (bool, error) {
		return regW.count() >= nProbes && natW.count() >= nProbes, errors.Join(regW.failed(), natW.failed())
	}); err != nil {
		return p, err
	}
	cancel()
	nat, reg := natW.latencies(), regW.latencies()
	p.Stages = stages(sent, natW, regW)
	p.Probes = nProbes
	p.NationalP50ms, p.NationalP99ms = ms(percentile(nat, 0.50)), ms(percentile(nat, 0.99))
	p.RegionalP50ms, p.RegionalP99ms = ms(percentile(reg, 0.50)), ms(percentile(reg, 0.99))
	p.RegionalMaxms = ms(percentile(reg, 1))
	return p, nil
}

// startHubWith starts a hub initialised as o says, with its gRPC server.
func startHubWith(ctx context.Context, dir string, o hub.InitOptions) (*benchHub, error) {
	if err := hub.Init(ctx, dir, o); err != nil {
		return nil, err
	}
	h, err := hub.Open(ctx, hub.Config{Dir: dir, NATSListen: "127.0.0.1:0", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, err
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		h.Shutdown(ctx)
		return nil, err
	}
	b := &benchHub{Hub: h, addr: lis.Addr().String(), served: make(chan error, 1)}
	go func() { b.served <- h.Serve(lis) }()
	return b, nil
}

func msgOf(s sealed) *nats.Msg {
	msg := &nats.Msg{Subject: s.subject, Data: s.data, Header: nats.Header{}}
	msg.Header.Set(jetstream.MsgIDHeader, s.msgID)
	return msg
}

// paced publishes msgs at rate per second over conns in turn (the i-th
// message on the connection of its city), asynchronously: the stream's
// acks are not waited for, except that a connection stalls when too many
// are outstanding, as a relay would.
func paced(ctx context.Context, conns []*nats.Conn, msgs []sealed, rate float64, sentN *atomic.Int64) error {
	jss := make([]jetstream.JetStream, len(conns))
	for i, nc := range conns {
		var err error
		if jss[i], err = jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(4096)); err != nil {
			return err
		}
	}
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	start, n := time.Now(), 0
	for n < len(msgs) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
		due := min(int(rate*time.Since(start).Seconds()), len(msgs))
		for ; n < due; n++ {
			if _, err := jss[n%len(jss)].PublishMsgAsync(msgOf(msgs[n]), jetstream.WithStallWait(time.Minute)); err != nil {
				return err
			}
			sentN.Add(1)
		}
	}
	return nil
}

// sentTimes are the probes' publish times by record id.
type sentTimes struct {
	mu sync.Mutex
	at map[string]time.Time
}

func (s *sentTimes) set(id string, t time.Time) {
	s.mu.Lock()
	s.at[id] = t
	s.mu.Unlock()
}

func (s *sentTimes) get(id string) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.at[id]
	return t, ok
}

// watcher follows one hub's Watch and keeps, for each probe it sees, the
// time from publish to arrival, and when the probe reached it and when
// the hub started to apply it.
type watcher struct {
	mu      sync.Mutex
	lat     []time.Duration
	seen    map[string]time.Time
	applied map[string]time.Time
	dups    int
	err     error
}

// stages splits each probe's way at each hub: from publish to the start
// of the apply that stored it (the stream, the consumer's fetch,
// verification; at the regional hub also the national forwarder and
// relay, which read the national stream beside ingest), and from there to
// the Watch (commit, notification, the Watch's read, gRPC).
func stages(sent *sentTimes, nat, reg *watcher) []Stage {
	nat.mu.Lock()
	defer nat.mu.Unlock()
	reg.mu.Lock()
	defer reg.mu.Unlock()
	names := []string{"publish → national apply", "national apply → national Watch", "publish → regional apply", "regional apply → regional Watch"}
	legs := make([][]time.Duration, len(names))
	for i, w := range []*watcher{nat, reg} {
		for id, seen := range w.seen {
			start, _ := sent.get(id)
			legs[2*i] = append(legs[2*i], w.applied[id].Sub(start))
			legs[2*i+1] = append(legs[2*i+1], seen.Sub(w.applied[id]))
		}
	}
	var out []Stage
	for i, l := range legs {
		if len(l) > 0 {
			out = append(out, Stage{Name: names[i], P50ms: ms(percentile(l, 0.5)), P99ms: ms(percentile(l, 0.99))})
		}
	}
	return out
}

// startWatch opens a Watch on the hub at addr and returns once it has
// caught up, so that what follows is live.
func startWatch(ctx context.Context, addr string, sent *sentTimes) (*watcher, error) {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, err
	}
	stream, err := hcnetv1.NewHubServiceClient(conn).Watch(ctx, &hcnetv1.WatchRequest{})
	if err != nil {
		conn.Close()
		return nil, err
	}
	for {
		r, err := stream.Recv()
		if err != nil {
			conn.Close()
			return nil, fmt.Errorf("watch %s: %w", addr, err)
		}
		if r.GetCaughtUp() {
			break
		}
	}
	w := &watcher{seen: map[string]time.Time{}, applied: map[string]time.Time{}}
	go func() {
		defer conn.Close()
		for {
			r, err := stream.Recv()
			now := time.Now()
			if err != nil {
				if ctx.Err() == nil {
					w.mu.Lock()
					w.err = fmt.Errorf("watch %s: %w", addr, err)
					w.mu.Unlock()
				}
				return
			}
			if t, ok := sent.get(r.GetId()); ok && r.GetRecord() != nil {
				w.mu.Lock()
				if _, dup := w.seen[r.GetId()]; dup {
					w.dups++
					w.mu.Unlock()
					continue
				}
				w.lat = append(w.lat, now.Sub(t))
				w.seen[r.GetId()] = now
				w.applied[r.GetId()] = r.GetRecord().GetArriveTime().AsTime()
				w.mu.Unlock()
			}
		}
	}()
	return w, nil
}

func (w *watcher) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.lat)
}

func (w *watcher) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *watcher) latencies() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.lat...)
}
