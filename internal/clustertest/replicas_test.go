package clustertest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/internal/bus"
	"github.com/hcnet/hcnet/internal/cli"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"github.com/oklog/ulid/v2"
	"google.golang.org/protobuf/proto"
)

const country = "se"

// size is how much the test writes: small for CI, the 50,000
// records with HCNET_CLUSTER_FULL=1.
// Limit bounds the waits: publishing (with every resend), and the
// replicas' convergence after the last PubAck, which includes JetStream
// redelivering what was fetched but whose acks died with the server
// (AckWait, 15s a round).
type size struct {
	cities, perCity int
	limit           time.Duration
}

func testSize() size {
	if os.Getenv("HCNET_CLUSTER_FULL") != "" {
		return size{cities: 20, perCity: 2500, limit: 15 * time.Minute}
	}
	return size{cities: 6, perCity: 200, limit: 3 * time.Minute}
}

// Two hub replicas read one R3 stream on a three-server cluster while
// cities publish; the server leading the stream is killed a third of the
// way in. Every write the cluster acknowledged must reach both replicas,
// at its latest version and with the bytes the city signed, and nothing
// else may.
func TestReplicasConvergeWhenStreamLeaderDies(t *testing.T) {
	sz := testSize()
	// No deadline on ctx: the JetStream API then times each call out on
	// its own (5s), as in a running hub; every wait below is bounded.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pubDeadline := time.Now().Add(sz.limit)
	cities := newCities(t, sz.cities)
	dirA, hubKey := initHub(ctx, t)
	start := time.Now()
	c := Start(t, 3, time.Minute, users(hubKey, cities))
	t.Logf("cluster of 3 formed in %s: %s", time.Since(start).Round(time.Millisecond), c.URL())

	a := openPrimary(ctx, t, c, dirA, cities)
	b := openReplica(ctx, t, c, a, "b")
	for _, h := range []*hub.Hub{a, b} {
		checkReplicated(ctx, t, h)
	}

	msgs := make([][]item, len(cities))
	want := map[recordKey]item{}
	total := 0
	for i, ct := range cities {
		msgs[i] = corpus(t, ct, sz.perCity)
		for _, m := range msgs[i] {
			want[m.key] = m // later versions come later
		}
		total += len(msgs[i])
	}

	// The server is killed mid-publish and mid-ingest: cities publish a
	// third of their records, wait until a replica has committed
	// something, and go on; the stream leader dies at half.
	var acked, retried atomic.Int64
	ingesting := make(chan struct{})
	go func() {
		defer close(ingesting)
		for ctx.Err() == nil {
			na, _ := countRows(ctx, a)
			nb, _ := countRows(ctx, b)
			if na+nb > 0 {
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	killed := make(chan string, 1)
	go func() {
		for acked.Load() < int64(total/2) {
			if ctx.Err() != nil {
				return // the test failed before
			}
			time.Sleep(time.Millisecond)
		}
		leader := c.StreamLeader(subject.RecordStream)
		if leader < 0 {
			leader = 0 // mid-election already: kill any
		}
		at := acked.Load()
		ha, _ := countRows(ctx, a)
		hb, _ := countRows(ctx, b)
		c.Kill(leader)
		killed <- fmt.Sprintf("%s (stream leader) at %d of %d acknowledged; replicas held %d and %d", c.ServerName(leader), at, total, ha, hb)
	}()
	pubStart := time.Now()
	defer progress(ctx, t, pubStart, a, b)()
	var wg sync.WaitGroup
	errc := make(chan error, len(cities))
	for i, ct := range cities {
		wg.Add(1)
		go func() {
			defer wg.Done()
			third := len(msgs[i]) / 3
			if err := publishCity(ctx, c.URL(), ct, msgs[i][:third], pubDeadline, &acked, &retried); err != nil {
				errc <- fmt.Errorf("city %s: %w", ct.id, err)
				return
			}
			select {
			case <-ingesting:
			case <-time.After(sz.limit):
				errc <- fmt.Errorf("city %s: no replica ingested anything in %s", ct.id, sz.limit)
				return
			}
			if err := publishCity(ctx, c.URL(), ct, msgs[i][third:], pubDeadline, &acked, &retried); err != nil {
				errc <- fmt.Errorf("city %s: %w", ct.id, err)
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	published := time.Since(pubStart)
	var kill string
	select {
	case kill = <-killed:
	case <-time.After(time.Minute):
		t.Fatal("the kill never happened")
	}
	t.Logf("killed %s", kill)
	t.Logf("published %d messages (%d records, the rest later versions) from %d cities in %s: %d acknowledged, %d resent after an error or timeout",
		total, len(want), len(cities), published.Round(time.Millisecond), acked.Load(), retried.Load())
	if acked.Load() != int64(total) {
		t.Fatalf("%d acknowledged, want %d", acked.Load(), total)
	}

	convStart := time.Now()
	deadline := time.Now().Add(sz.limit)
	for _, r := range []struct {
		name string
		h    *hub.Hub
	}{{"primary", a}, {"replica b", b}} {
		poll.Within(t, time.Until(deadline), fmt.Sprintf("%s holds every record, %s after the last PubAck", r.name, sz.limit), func() string {
			if n := count(ctx, t, r.h); n < len(want) {
				return fmt.Sprintf("it holds %d records, want %d", n, len(want))
			}
			return ""
		})
	}
	// Every later version and nothing more: poll until the sets match,
	// since a row may still await its newer version.
	var gotA, gotB map[recordKey]held
	poll.Within(t, time.Until(deadline), fmt.Sprintf("both replicas hold the acknowledged records, %s after the last PubAck", sz.limit), func() string {
		gotA, gotB = contents(ctx, t, a), contents(ctx, t, b)
		da, db := diff(want, gotA), diff(want, gotB)
		if da == "" && db == "" {
			return ""
		}
		return fmt.Sprintf("\nprimary: %s\nreplica b: %s", da, db)
	})
	t.Logf("both replicas hold exactly the %d acknowledged records (latest versions, signed bytes equal) %s after the last PubAck",
		len(want), time.Since(convStart).Round(time.Millisecond))
	for name, h := range map[string]*hub.Hub{"primary": a, "replica b": b} {
		if q := quarantined(ctx, t, h); q != 0 {
			t.Errorf("%s quarantined %d messages", name, q)
		}
		st := h.Ingest.Stats()
		t.Logf("%s ingest: %d batches, %d upserted, %d stale", name, st.Batches, st.Upserted, st.Stale)
	}
	// The public feed is R3 as well, and both replicas publish to it: it
	// holds each public record once.
	public := 0
	for _, m := range want {
		if m.public {
			public++
		}
	}
	waitPublic(ctx, t, c, hubKey, public, deadline)
}

// progress logs, every 5 seconds with -v, what each replica holds and
// what its consumer has delivered and still waits to hear acked; the
// returned func stops it.
func progress(ctx context.Context, t *testing.T, start time.Time, hubs ...*hub.Hub) func() {
	if !testing.Verbose() {
		return func() {}
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Second):
			}
			for _, h := range hubs {
				n, _ := countRows(ctx, h)
				ci, err := h.ConsumerInfo(ctx)
				if err != nil {
					t.Logf("%s: %d records; consumer: %v", time.Since(start).Round(time.Second), n, err)
					continue
				}
				t.Logf("%s: %s: %d records; delivered %d, ack floor %d, awaiting ack %d, redelivered %d; leader %s",
					time.Since(start).Round(time.Second), ci.Name, n, ci.Delivered.Stream, ci.AckFloor.Stream,
					ci.NumAckPending, ci.NumRedelivered, ci.Cluster.Leader)
			}
		}
	}()
	return func() { close(stop); <-done }
}

// recordKey names a record across the federation.
type recordKey struct{ origin, id string }

// item is one message a city publishes.
type item struct {
	key     recordKey
	version int64
	public  bool
	subject string
	msgID   string
	data    []byte
}

// held is what a replica holds of a record.
type held struct {
	version int64
	digest  [32]byte
}

type city struct {
	id  string
	key nkeys.KeyPair
}

func newCities(t *testing.T, n int) []city {
	out := make([]city, n)
	for i := range out {
		kp, err := nkeys.CreateUser()
		if err != nil {
			t.Fatal(err)
		}
		out[i] = city{id: fmt.Sprintf("city%02d", i), key: kp}
	}
	return out
}

// corpus is a city's messages: n practices at version 1, every fifth
// then again at version 2, every fourth public.
func corpus(t *testing.T, c city, n int) []item {
	var out []item
	ids := make([]string, n)
	for i := range ids {
		ids[i] = ulid.Make().String()
	}
	for _, v := range []int64{1, 2} {
		for i, id := range ids {
			if v == 2 && i%5 != 0 {
				continue
			}
			out = append(out, seal(t, c, id, v, i%4 == 0, i))
		}
	}
	return out
}

func seal(t *testing.T, c city, id string, version int64, public bool, i int) item {
	vis := hcnetv1.Visibility_VISIBILITY_NETWORK
	if public {
		vis = hcnetv1.Visibility_VISIBILITY_PUBLIC
	}
	rec := &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: &hcnetv1.Practice{
		Id: id, Version: version, Visibility: vis, Status: hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
		OriginalLanguage: "en",
		Texts: map[string]*hcnetv1.PracticeText{"en": {
			Title:   fmt.Sprintf("Walking school bus %d of %s, version %d", i, c.id, version),
			Summary: "Children walk to school together with volunteer parents.",
		}},
	}}}
	h := &hcnetv1.EnvelopeHeader{OriginCountry: country, OriginCity: c.id, Kind: "practice", Id: id, Version: version, Visibility: vis}
	env, err := envelope.Seal(c.key, h, rec, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	data, err := proto.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	hdr, err := envelope.PeekHeader(env)
	if err != nil {
		t.Fatal(err)
	}
	return item{key: recordKey{country + "/" + c.id, id}, version: version, public: public,
		subject: subject.Record(country, c.id, "practice", id), msgID: envelope.MsgID(hdr), data: data}
}

// initHub makes the primary hub's data folder and returns its identity.
func initHub(ctx context.Context, t *testing.T) (string, nkeys.KeyPair) {
	dir := filepath.Join(t.TempDir(), "hub-a")
	if err := hub.Init(ctx, dir, hub.InitOptions{ID: "se-net", Name: "Healthy Cities Sweden",
		Level: hcnetv1.HubLevel_HUB_LEVEL_NATIONAL, Country: country}); err != nil {
		t.Fatal(err)
	}
	seed, err := os.ReadFile(filepath.Join(dir, hub.IdentityFile))
	if err != nil {
		t.Fatal(err)
	}
	kp, err := nkeys.FromSeed(bytes.TrimSpace(seed))
	if err != nil {
		t.Fatal(err)
	}
	return dir, kp
}

// users are the cluster's clients, as an operator would configure an
// existing deployment: the hub by its identity nkey (which its replicas
// share), with every permission; each city by its own, allowed to
// publish under its own subjects only and to read its own inbox, as the
// embedded server does.
func users(hubKey nkeys.KeyPair, cities []city) []*server.NkeyUser {
	pub, _ := hubKey.PublicKey()
	out := []*server.NkeyUser{{Nkey: pub}}
	for _, c := range cities {
		k, _ := c.key.PublicKey()
		out = append(out, &server.NkeyUser{Nkey: k, Permissions: &server.Permissions{
			Publish:   &server.SubjectPermission{Allow: []string{subject.City(country, c.id)}},
			Subscribe: &server.SubjectPermission{Allow: []string{subject.MemberInbox(k) + ".>"}},
		}})
	}
	return out
}

// openPrimary opens the primary hub on the cluster and approves the
// cities there, through the signed join a node sends.
func openPrimary(ctx context.Context, t *testing.T, c *Cluster, dir string, cities []city) *hub.Hub {
	h := open(ctx, t, c, dir, "")
	for _, ct := range cities {
		nonce := make([]byte, 12)
		rand.Read(nonce)
		req, err := envelope.SignJoin(ct.key, &hcnetv1.JoinApplication{CityId: ct.id, Country: country, Name: "City " + ct.id,
			HubId: h.Info.GetId()}, hex.EncodeToString(nonce), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.Members.Join(ctx, req); err != nil {
			t.Fatalf("join %s: %v", ct.id, err)
		}
		if _, err := h.Members.Decide(ctx, country, ct.id, hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED); err != nil {
			t.Fatalf("approve %s: %v", ct.id, err)
		}
	}
	return h
}

// openReplica makes a replica as the README says: hcctl backup of the
// running primary's database, and its identity and admin token, in a new
// data folder; it then opens with a replica name.
func openReplica(ctx context.Context, t *testing.T, c *Cluster, primary *hub.Hub, name string) *hub.Hub {
	dir := filepath.Join(t.TempDir(), "hub-"+name)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	env := cli.Env{Stdout: &out, Stderr: &out}
	if code := cli.Main(ctx, []string{"backup", "--dir", primary.Dir, "--out", filepath.Join(dir, hub.DBFile)}, env); code != 0 {
		t.Fatalf("hcctl backup: exit %d: %s", code, out.String())
	}
	for _, f := range []string{hub.IdentityFile, hub.TokenFile} {
		b, err := os.ReadFile(filepath.Join(primary.Dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return open(ctx, t, c, dir, name)
}

func open(ctx context.Context, t *testing.T, c *Cluster, dir, replica string) *hub.Hub {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})).With("hub", "replica "+replica)
	}
	h, err := hub.Open(ctx, hub.Config{Dir: dir, NATSURL: c.URL(), Replicas: 3, Replica: replica, Log: log})
	if err != nil {
		t.Fatalf("open hub %q: %v", replica, err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		h.Shutdown(sctx)
	})
	return h
}

// checkReplicated asserts the hub's stream has three replicas and its
// ingest consumer inherits them.
func checkReplicated(ctx context.Context, t *testing.T, h *hub.Hub) {
	si, err := h.StreamInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if si.Config.Replicas != 3 || si.Cluster == nil || len(si.Cluster.Replicas) != 2 {
		t.Fatalf("stream %s: %d replicas configured, cluster %+v; want R3", si.Config.Name, si.Config.Replicas, si.Cluster)
	}
	// Ingest creates its consumer as it starts; a new consumer reports
	// its placement once its group has elected a leader.
	var ci *jetstream.ConsumerInfo
	poll.Until(t, "ingest consumer on all three servers", func() string {
		ci, err = h.ConsumerInfo(ctx)
		if err == nil && ci.Cluster != nil && ci.Cluster.Leader != "" && len(ci.Cluster.Replicas) == 2 {
			return ""
		}
		return fmt.Sprintf("%+v, %v", ci, err)
	})
	if ci.Config.Replicas != 0 {
		t.Errorf("consumer %s asks for %d replicas; 0 inherits the stream's", ci.Name, ci.Config.Replicas)
	}
	t.Logf("stream %s R%d led by %s; consumer %s led by %s", si.Config.Name, si.Config.Replicas, si.Cluster.Leader, ci.Name, ci.Cluster.Leader)
}

// publishCity sends a city's messages in order, a batch at a time, and
// sends again whatever the cluster did not acknowledge (an error, no
// PubAck in time) until all of the batch is acknowledged, as a node's
// relay does. A batch waits for the one before, so a later version is
// never overtaken by a resent earlier one.
func publishCity(ctx context.Context, url string, c city, msgs []item, deadline time.Time, acked, retried *atomic.Int64) error {
	nc, err := bus.Connect(bus.Options{URL: url, Key: c.key, Name: "city " + c.id, Retry: true})
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncTimeout(5*time.Second))
	if err != nil {
		return err
	}
	const batch = 25
	for i := 0; i < len(msgs); i += batch {
		part := msgs[i:min(i+batch, len(msgs))]
		for attempt := 0; len(part) > 0; attempt++ {
			if attempt > 0 {
				retried.Add(int64(len(part)))
				if time.Now().After(deadline) {
					return fmt.Errorf("%d messages never acknowledged", len(part))
				}
				time.Sleep(200 * time.Millisecond)
			}
			var left []item
			futures := make([]jetstream.PubAckFuture, len(part))
			for j, m := range part {
				msg := &nats.Msg{Subject: m.subject, Data: m.data, Header: nats.Header{}}
				msg.Header.Set(jetstream.MsgIDHeader, m.msgID)
				if futures[j], err = js.PublishMsgAsync(msg); err != nil {
					futures[j] = nil
				}
			}
			for j, f := range futures {
				if f == nil {
					left = append(left, part[j])
					continue
				}
				select {
				case <-f.Ok():
					acked.Add(1)
				case <-f.Err():
					left = append(left, part[j])
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			part = left
		}
	}
	return nil
}

func count(ctx context.Context, t *testing.T, h *hub.Hub) int {
	n, err := countRows(ctx, h)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func countRows(ctx context.Context, h *hub.Hub) (int, error) {
	var n int
	err := h.Store.DB().Read.QueryRowContext(ctx, `SELECT count(*) FROM records`).Scan(&n)
	return n, err
}

func quarantined(ctx context.Context, t *testing.T, h *hub.Hub) int {
	var n int
	if err := h.Store.DB().Read.QueryRowContext(ctx, `SELECT count(*) FROM quarantine`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// contents is every record a replica holds: version and a digest of the
// envelope exactly as the city signed and sent it.
func contents(ctx context.Context, t *testing.T, h *hub.Hub) map[recordKey]held {
	rows, err := h.Store.DB().Read.QueryContext(ctx, `SELECT country, city_id, id, version, envelope FROM records`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[recordKey]held{}
	for rows.Next() {
		var country, city, id string
		var v held
		var env []byte
		if err := rows.Scan(&country, &city, &id, &v.version, &env); err != nil {
			t.Fatal(err)
		}
		v.digest = sha256.Sum256(env)
		out[recordKey{country + "/" + city, id}] = v
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// diff says how got differs from want, "" when it does not.
func diff(want map[recordKey]item, got map[recordKey]held) string {
	var missing, stale, extra []string
	for k, w := range want {
		g, ok := got[k]
		switch {
		case !ok:
			missing = append(missing, k.origin+"/"+k.id)
		case g.version != w.version || g.digest != sha256.Sum256(w.data):
			stale = append(stale, fmt.Sprintf("%s/%s v%d", k.origin, k.id, g.version))
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			extra = append(extra, k.origin+"/"+k.id)
		}
	}
	if len(missing)+len(stale)+len(extra) == 0 {
		return ""
	}
	sort.Strings(missing)
	sort.Strings(stale)
	sort.Strings(extra)
	return fmt.Sprintf("%d missing %v, %d not the latest signed version %v, %d never written %v",
		len(missing), head(missing), len(stale), head(stale), len(extra), head(extra))
}

func head(s []string) []string { return s[:min(len(s), 5)] }

// waitPublic waits until the public feed holds n messages, one per public
// record, though both replicas publish it.
func waitPublic(ctx context.Context, t *testing.T, c *Cluster, key nkeys.KeyPair, n int, deadline time.Time) {
	nc, err := bus.Connect(bus.Options{URL: c.URL(), Key: key, Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	poll.Within(t, time.Until(deadline), fmt.Sprintf("public feed holds %d messages", n), func() string {
		s, err := js.Stream(ctx, subject.PublicStream)
		if err != nil {
			return err.Error()
		}
		si, err := s.Info(ctx)
		if err != nil {
			return err.Error()
		}
		if si.Config.Replicas != 3 {
			t.Fatalf("public stream has %d replicas, want 3", si.Config.Replicas)
		}
		if si.State.Msgs != uint64(n) {
			return fmt.Sprintf("it holds %d messages, want %d", si.State.Msgs, n)
		}
		t.Logf("public feed (R%d) holds the %d public records once each", si.Config.Replicas, n)
		return ""
	})
}
