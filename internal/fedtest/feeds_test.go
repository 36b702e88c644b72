package fedtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/subject"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/mmcdole/gofeed"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// feedCity is a hub with one approved member city.
func feedCity(t *testing.T) (*hubtest.Hub, hcnetv1.CityServiceClient) {
	t.Helper()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n, true)
	return h, n.Client(t)
}

// share creates a practice and waits until the hub holds it.
func share(t *testing.T, h *hubtest.Hub, c hcnetv1.CityServiceClient, title string, vis hcnetv1.Visibility) *hcnetv1.Practice {
	t.Helper()
	res, err := c.CreatePractice(context.Background(), &hcnetv1.CreatePracticeRequest{Practice: practice(title, vis)})
	if err != nil {
		t.Fatal(err)
	}
	p := res.GetPractice()
	poll.Until(t, title+" at the hub", func() bool { return hubVersion(t, h, p.GetId()) == p.GetVersion() })
	return p
}

// change is one Watch message as a client keeps it.
type change struct {
	id      string
	version int64
	deleted bool
}

func (c change) String() string { return fmt.Sprintf("%s v%d deleted=%v", c.id, c.version, c.deleted) }

// watcher reads a Watch stream in the background.
type watcher struct {
	mu      sync.Mutex
	got     []change
	caught  bool
	token   string
	cancel  context.CancelFunc
	done    chan error
	stopAtK int
}

func watch(t *testing.T, h *hubtest.Hub, f *hcnetv1.SearchFilter, token string, stopAt int) *watcher {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	s, err := h.Client(t).Watch(ctx, &hcnetv1.WatchRequest{Filter: f, ResumeToken: token})
	if err != nil {
		t.Fatal(err)
	}
	w := &watcher{cancel: cancel, done: make(chan error, 1), stopAtK: stopAt}
	go func() {
		for {
			m, err := s.Recv()
			if err != nil {
				w.done <- err
				return
			}
			w.mu.Lock()
			w.token = m.GetResumeToken()
			if m.GetCaughtUp() {
				w.caught = true
			} else {
				w.got = append(w.got, change{id: m.GetId(), version: m.GetVersion(), deleted: m.GetDeleted()})
				if m.GetRecord() != nil && (m.GetRecord().GetId() != m.GetId() || m.GetRecord().GetVersion() != m.GetVersion()) {
					w.got = append(w.got, change{id: "mismatch " + m.GetRecord().GetId()})
				}
			}
			stop := w.stopAtK > 0 && len(w.got) == w.stopAtK
			w.mu.Unlock()
			if stop {
				// Cut off mid-stream: the client goes away after k messages.
				cancel()
				_, err := s.Recv()
				for err == nil {
					_, err = s.Recv() // buffered before the cut: never seen
				}
				w.done <- err
				return
			}
		}
	}()
	return w
}

func (w *watcher) state() ([]change, bool, string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.got), w.caught, w.token
}

func TestWatchResumesWithNoGapAndNoDuplicate(t *testing.T) {
	ctx := context.Background()
	h, c := feedCity(t)
	pub := hcnetv1.Visibility_VISIBILITY_PUBLIC
	var ps []*hcnetv1.Practice
	for i := 1; i <= 5; i++ {
		ps = append(ps, share(t, h, c, fmt.Sprintf("Praktik %d", i), pub))
	}
	network := share(t, h, c, "Bara för nätverket", hcnetv1.Visibility_VISIBILITY_NETWORK)
	filter := &hcnetv1.SearchFilter{Kinds: []string{"practice"}}

	// A client reads three of the five, then is cut off.
	first := watch(t, h, filter, "", 3)
	if err := <-first.done; err == nil || !strings.Contains(err.Error(), "Canceled") {
		t.Fatalf("first watch ended with %v, want Canceled", err)
	}
	got1, caught, token := first.state()
	if len(got1) != 3 || caught {
		t.Fatalf("first watch: %v caught_up=%v, want 3 records before catching up", got1, caught)
	}

	// While it is away: an update, a withdrawal, a practice that stops
	// being public, a new one.
	up := proto.CloneOf(ps[0])
	up.Texts["sv"].Title = "Praktik 1, andra versionen"
	res, err := c.UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{Practice: up, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"texts"}}})
	if err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "update at the hub", func() bool { return hubVersion(t, h, ps[0].GetId()) == res.GetPractice().GetVersion() })
	if _, err := c.DeletePractice(ctx, &hcnetv1.DeletePracticeRequest{Id: ps[1].GetId()}); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "withdrawal at the hub", func() bool { return hubVersion(t, h, ps[1].GetId()) == 0 })
	priv := proto.CloneOf(ps[3])
	priv.Visibility = hcnetv1.Visibility_VISIBILITY_NETWORK
	res4, err := c.UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{Practice: priv, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"visibility"}}})
	if err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "network version at the hub", func() bool { return hubVersion(t, h, ps[3].GetId()) == res4.GetPractice().GetVersion() })
	p6 := share(t, h, c, "Praktik 6", pub)

	// It resumes with its last token, catches up, then follows live.
	second := watch(t, h, filter, token, 0)
	poll.Until(t, "resumed watch caught up", func() bool { _, caught, _ := second.state(); return caught })
	p7 := share(t, h, c, "Praktik 7", pub)
	poll.Until(t, "live practice", func() bool {
		got, _, _ := second.state()
		return len(got) > 0 && got[len(got)-1].id == p7.GetId()
	})
	got2, _, _ := second.state()

	all := append(got1, got2...)
	seen := map[change]bool{}
	for _, ch := range all {
		if seen[ch] {
			t.Errorf("%v delivered twice", ch)
		}
		seen[ch] = true
	}
	// The client's state is the hub's public practices, exactly.
	state := map[string]int64{}
	for _, ch := range all {
		if ch.deleted {
			delete(state, ch.id)
		} else {
			state[ch.id] = ch.version
		}
	}
	want := map[string]int64{ps[0].GetId(): res.GetPractice().GetVersion(), ps[2].GetId(): 1, ps[4].GetId(): 1, p6.GetId(): 1, p7.GetId(): 1}
	if fmt.Sprint(state) != fmt.Sprint(want) {
		t.Errorf("client state %v\nwant %v\nmessages: %v", state, want, all)
	}
	// The withdrawal reached it, and the network practice never did.
	if !seen[change{id: ps[1].GetId(), version: 2, deleted: true}] {
		t.Errorf("no withdrawal of %s in %v", ps[1].GetId(), got2)
	}
	for _, ch := range all {
		if ch.id == network.GetId() && !ch.deleted {
			t.Errorf("network practice fed: %v", ch)
		}
	}
}

func TestWatchRefusesABadToken(t *testing.T) {
	h := hubtest.Start(t)
	tests := []struct {
		title string
		token string
		want  string
	}{
		{title: "not a token", token: "nonsense", want: "not a resume token"},
	}
	// A real token of another filter.
	w := watch(t, h, &hcnetv1.SearchFilter{Countries: []string{"fi"}}, "", 0)
	poll.Until(t, "caught up", func() bool { _, caught, _ := w.state(); return caught })
	_, _, tok := w.state()
	tests = append(tests, struct{ title, token, want string }{title: "another filter", token: tok, want: "another filter"})
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			s, err := h.Client(t).Watch(context.Background(), &hcnetv1.WatchRequest{Filter: &hcnetv1.SearchFilter{Countries: []string{"se"}}, ResumeToken: tt.token})
			if err == nil {
				_, err = s.Recv()
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "InvalidArgument") {
				t.Fatalf("got %v, want InvalidArgument with %q", err, tt.want)
			}
		})
	}
}

// subscriberConn connects to the hub's NATS with a subscriber's seed, as
// the README tells a peer to; async errors (permission violations) go to
// errs.
func subscriberConn(t *testing.T, url, name, seed string, errs chan<- error) (*nats.Conn, error) {
	t.Helper()
	kp, err := nkeys.FromSeed([]byte(seed))
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := kp.PublicKey()
	nc, err := nats.Connect(url, nats.Nkey(pub, kp.Sign), nats.CustomInboxPrefix(subject.FeedInbox(name)),
		nats.MaxReconnects(0), nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			select {
			case errs <- err:
			default:
			}
		}))
	if err == nil {
		t.Cleanup(nc.Close)
	}
	return nc, err
}

func TestNATSSubscriberReadsThePublicFeedOnly(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	h, c := feedCity(t)
	before := share(t, h, c, "Delad innan prenumerationen", hcnetv1.Visibility_VISIBILITY_PUBLIC)
	network := share(t, h, c, "Bara för nätverket", hcnetv1.Visibility_VISIBILITY_NETWORK)

	admin := h.Client(t)
	sub, err := admin.AddSubscriber(ctx, &hcnetv1.AddSubscriberRequest{Name: "research-lund"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sub.GetSeed(), "SU") || sub.GetStream() != subject.PublicStream || sub.GetNatsUrl() == "" {
		t.Fatalf("AddSubscriber answered %v", sub)
	}
	if _, err := admin.AddSubscriber(ctx, &hcnetv1.AddSubscriberRequest{Name: "research-lund"}); err == nil || !strings.Contains(err.Error(), "AlreadyExists") {
		t.Fatalf("second AddSubscriber of the same name: %v, want AlreadyExists", err)
	}
	asyncErrs := make(chan error, 10)
	nc, err := subscriberConn(t, sub.GetNatsUrl(), sub.GetName(), sub.GetSeed(), asyncErrs)
	if err != nil {
		t.Fatalf("subscriber cannot connect: %v", err)
	}

	// Live, with a core subscription, and backfill with its own durable
	// consumer of the public stream.
	live, err := nc.SubscribeSync(subject.PublicRecords)
	if err != nil {
		t.Fatal(err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, subject.PublicStream, jetstream.ConsumerConfig{
		Durable: subject.FeedConsumer(sub.GetName()), AckPolicy: jetstream.AckExplicitPolicy, FilterSubjects: []string{subject.PublicRecords}})
	if err != nil {
		t.Fatalf("durable consumer: %v", err)
	}
	var mu sync.Mutex
	var backfill []jetstream.Msg
	cc, err := cons.Consume(func(m jetstream.Msg) {
		mu.Lock()
		backfill = append(backfill, m)
		mu.Unlock()
		m.Ack()
	})
	if err != nil {
		t.Fatalf("consume: %v", err)
	}
	defer cc.Stop()
	after := share(t, h, c, "Delad efter prenumerationen", hcnetv1.Visibility_VISIBILITY_PUBLIC)
	has := func(id string) jetstream.Msg {
		mu.Lock()
		defer mu.Unlock()
		for _, m := range backfill {
			if strings.HasSuffix(m.Subject(), "."+id) {
				return m
			}
		}
		return nil
	}
	poll.Until(t, "backfill and live records from the stream", func() bool { return has(before.GetId()) != nil && has(after.GetId()) != nil })
	if has(network.GetId()) != nil {
		t.Fatal("a network record reached the public feed")
	}
	// What a subscriber reads is the city's envelope: it verifies.
	env := &hcnetv1.Envelope{}
	if err := proto.Unmarshal(has(before.GetId()).Data(), env); err != nil {
		t.Fatal(err)
	}
	m0, err := h.Hub.Members.Get(ctx, "se", "malmo")
	if err != nil {
		t.Fatal(err)
	}
	v, err := envelope.NewVerifier(m0.GetPublicKey())
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Verify(env); err != nil {
		t.Fatalf("feed envelope does not verify: %v", err)
	}
	m, err := live.NextMsg(10 * time.Second)
	if err != nil || !strings.HasSuffix(m.Subject, "."+after.GetId()) {
		t.Fatalf("live subscription got %v, %v; want %s", m, err, after.GetId())
	}

	// It may not publish records, nor subscribe to others' inboxes.
	forged := subject.Record("se", "malmo", "practice", "01JFORGEDBYASUBSCRIBER0000")
	if err := nc.Publish(forged, []byte("forged")); err != nil {
		t.Fatal(err)
	}
	if _, err := nc.SubscribeSync("_INBOX.>"); err != nil {
		t.Fatal(err)
	}
	nc.Flush()
	var violations []string
	poll.Until(t, "two permission violations", func() bool {
		select {
		case err := <-asyncErrs:
			violations = append(violations, err.Error())
		default:
		}
		return len(violations) >= 2
	})
	for _, v := range violations {
		if !strings.Contains(strings.ToLower(v), "permissions violation") {
			t.Errorf("async error %q, want a permissions violation", v)
		}
	}
	hjs, err := jetstream.New(hubNATS(t, h))
	if err != nil {
		t.Fatal(err)
	}
	stream, err := hjs.Stream(ctx, subject.RecordStream)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stream.GetLastMsgForSubject(ctx, forged); !errors.Is(err, jetstream.ErrMsgNotFound) {
		t.Fatalf("the forged publish reached the hub's stream: %v", err)
	}

	// Revoked, it is disconnected and cannot connect again.
	if _, err := admin.RevokeSubscriber(ctx, &hcnetv1.RevokeSubscriberRequest{Name: "research-lund"}); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "revoked subscriber disconnected", func() bool { return !nc.IsConnected() })
	if _, err := subscriberConn(t, sub.GetNatsUrl(), sub.GetName(), sub.GetSeed(), make(chan error, 1)); err == nil {
		t.Fatal("a revoked subscriber connected")
	}
	list, err := admin.ListSubscribers(ctx, &hcnetv1.ListSubscribersRequest{})
	if err != nil || len(list.GetSubscribers()) != 1 || !list.GetSubscribers()[0].GetRevoked() {
		t.Fatalf("ListSubscribers: %v, %v", list, err)
	}
}

func TestSubscriberCommandsNeedTheAdminToken(t *testing.T) {
	h := hubtest.Start(t)
	conn, err := grpc.NewClient(h.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	anon := hcnetv1.NewHubServiceClient(conn)
	if _, err := anon.AddSubscriber(context.Background(), &hcnetv1.AddSubscriberRequest{Name: "someone"}); err == nil || !strings.Contains(err.Error(), "Unauthenticated") {
		t.Fatalf("AddSubscriber without token: %v", err)
	}
}

func TestAtomFeedParsesWithAFeedReader(t *testing.T) {
	h, c := feedCity(t)
	pub := hcnetv1.Visibility_VISIBILITY_PUBLIC
	a := share(t, h, c, "Mötesplatser mot ensamhet", pub) // SDG 3 and 10
	bp := practice("Cykelskolan", pub)
	bp.Sdg = &hcnetv1.SdgTags{Goals: []int32{11}}
	bp.Mechanisms = []hcnetv1.Mechanism{hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP}
	res, err := c.CreatePractice(context.Background(), &hcnetv1.CreatePracticeRequest{Practice: bp})
	if err != nil {
		t.Fatal(err)
	}
	b := res.GetPractice()
	poll.Until(t, "second practice at the hub", func() bool { return hubVersion(t, h, b.GetId()) == 1 })
	share(t, h, c, "Bara för nätverket", hcnetv1.Visibility_VISIBILITY_NETWORK)

	srv := feedServer(t, h)
	tests := []struct {
		title string
		query string
		want  []string // entry titles, newest first
	}{
		{title: "practices", query: "", want: []string{"Cykelskolan", "Mötesplatser mot ensamhet"}},
		{title: "one SDG", query: "?sdg=3", want: []string{"Mötesplatser mot ensamhet"}},
		{title: "SDG list", query: "?sdg=3,11", want: []string{"Cykelskolan", "Mötesplatser mot ensamhet"}},
		{title: "mechanism", query: "?mechanism=step_by_step", want: []string{"Cykelskolan"}},
		{title: "country and city", query: "?country=se&city=malmo", want: []string{"Cykelskolan", "Mötesplatser mot ensamhet"}},
		{title: "another country", query: "?country=fi", want: nil},
		{title: "another kind", query: "?kind=partnership", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			f, err := gofeed.NewParser().ParseURL(srv.URL + "/feed.atom" + tt.query)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if f.FeedType != "atom" {
				t.Fatalf("feed type %q", f.FeedType)
			}
			var titles []string
			for _, it := range f.Items {
				titles = append(titles, it.Title)
			}
			if !slices.Equal(titles, tt.want) {
				t.Fatalf("entries %q, want %q", titles, tt.want)
			}
		})
	}

	f, err := gofeed.NewParser().ParseURL(srv.URL + "/feed.atom?sdg=3")
	if err != nil {
		t.Fatal(err)
	}
	it := f.Items[0]
	if want := "tag:hcnet,2026:se/malmo/practice/" + a.GetId(); it.GUID != want {
		t.Errorf("id %q, want %q", it.GUID, want)
	}
	if want := srv.URL + "/records/se/malmo/" + a.GetId(); it.Link != want {
		t.Errorf("link %q, want %q", it.Link, want)
	}
	if it.Description != "Äldre möts över generationer i Rosengård" {
		t.Errorf("summary %q", it.Description)
	}
	if len(it.Authors) != 1 || it.Authors[0].Name == "" || it.UpdatedParsed == nil {
		t.Errorf("author %v, updated %v", it.Authors, it.UpdatedParsed)
	}
	if !slices.Contains(it.Categories, "SDG 3") || !slices.Contains(it.Categories, "SDG 10") {
		t.Errorf("categories %q, want SDG 3 and SDG 10", it.Categories)
	}

	resp, err := srv.Client().Get(srv.URL + "/feed.atom?sdg=42")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(body), "sdg: 42") {
		t.Fatalf("bad filter: %d %s", resp.StatusCode, body)
	}
}
