package fedtest

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/hub/feed"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
)

// feedSubscriber is a subscriber's connection to the hub's NATS, as the
// README tells a peer to connect, with the errors the server reports
// asynchronously.
type feedSubscriber struct {
	name string
	nc   *nats.Conn
	js   jetstream.JetStream
	v    *violations
}

func addFeedSubscriber(t *testing.T, h *hubtest.Hub, name string) *feedSubscriber {
	t.Helper()
	sub, err := h.Client(t).AddSubscriber(context.Background(), &hcnetv1.AddSubscriberRequest{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	kp, err := nkeys.FromSeed([]byte(sub.GetSeed()))
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := kp.PublicKey()
	v := &violations{}
	nc, err := nats.Connect(sub.GetNatsUrl(), nats.Nkey(pub, kp.Sign), nats.CustomInboxPrefix(subject.FeedInbox(name)),
		nats.MaxReconnects(0), nats.ErrorHandler(v.handler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return &feedSubscriber{name: name, nc: nc, js: js, v: v}
}

// ownConsumer is the subscriber's durable pull consumer of the public
// feed, as the README shows it.
func (s *feedSubscriber) ownConsumer(t *testing.T, cfg jetstream.ConsumerConfig) jetstream.Consumer {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cfg.Durable = subject.FeedConsumer(s.name)
	if cfg.FilterSubjects == nil {
		cfg.FilterSubjects = []string{subject.PublicRecords}
	}
	c, err := s.js.CreateOrUpdateConsumer(ctx, subject.PublicStream, cfg)
	if err != nil {
		t.Fatalf("%s creates its own consumer: %v", s.name, err)
	}
	return c
}

// refusedPublish says whether the server refused a publish to subj.
func (v *violations) refusedPublish(subj string) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, e := range v.errs {
		if strings.Contains(strings.ToLower(e), "permissions violation for publish") && strings.Contains(e, `"`+subj+`"`) {
			return true
		}
	}
	return false
}

// short is the wait for an API answer that a refused request never gets.
func short() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 2*time.Second)
}

// TestSubscribersKeepToTheirOwnConsumers uses one subscriber's
// credentials against another's consumer, as a hostile peer would.
func TestSubscribersKeepToTheirOwnConsumers(t *testing.T) {
	h, c := feedCity(t)
	share(t, h, c, "Delad med alla", hcnetv1.Visibility_VISIBILITY_PUBLIC)
	umea := addFeedSubscriber(t, h, "research-umea")
	lund := addFeedSubscriber(t, h, "research-lund")

	// Umeå reads one message and leaves it unacknowledged.
	cons := umea.ownConsumer(t, jetstream.ConsumerConfig{AckPolicy: jetstream.AckExplicitPolicy, AckWait: time.Hour})
	batch, err := cons.Fetch(1, jetstream.FetchMaxWait(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	var pending jetstream.Msg
	for m := range batch.Messages() {
		pending = m
	}
	if pending == nil {
		t.Fatalf("umea's consumer delivered nothing: %v", batch.Error())
	}
	ctx := context.Background()
	before, err := cons.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before.Config.InactiveThreshold != feed.DefaultConsumerIdle {
		t.Errorf("a consumer created without an inactive threshold got %v, want the hub's %v", before.Config.InactiveThreshold, feed.DefaultConsumerIdle)
	}

	victim := subject.FeedConsumer("research-umea")
	api := "$JS.API.CONSUMER."
	attacks := []struct {
		title, subject string
		try            func() error
	}{
		{"info", api + "INFO." + subject.PublicStream + "." + victim, func() error {
			ctx, cancel := short()
			defer cancel()
			_, err := lund.js.Consumer(ctx, subject.PublicStream, victim)
			return err
		}},
		{"delete", api + "DELETE." + subject.PublicStream + "." + victim, func() error {
			ctx, cancel := short()
			defer cancel()
			return lund.js.DeleteConsumer(ctx, subject.PublicStream, victim)
		}},
		{"update", api + "CREATE." + subject.PublicStream + "." + victim + ".hcnet.pub.fi.>", func() error {
			ctx, cancel := short()
			defer cancel()
			_, err := lund.js.CreateOrUpdateConsumer(ctx, subject.PublicStream, jetstream.ConsumerConfig{
				Durable: victim, AckPolicy: jetstream.AckExplicitPolicy, AckWait: time.Hour, FilterSubject: "hcnet.pub.fi.>"})
			return err
		}},
		{"next", api + "MSG.NEXT." + subject.PublicStream + "." + victim, func() error {
			_, err := lund.nc.Request(api+"MSG.NEXT."+subject.PublicStream+"."+victim, []byte(`{"batch":10,"no_wait":true}`), 2*time.Second)
			return err
		}},
		{"legacy ephemeral create naming it", api + "CREATE." + subject.PublicStream, func() error {
			_, err := lund.nc.Request(api+"CREATE."+subject.PublicStream,
				[]byte(`{"stream_name":"`+subject.PublicStream+`","config":{"name":"`+victim+`","ack_policy":"none","filter_subject":"hcnet.pub.fi.>"}}`), 2*time.Second)
			return err
		}},
		{"another name", api + "CREATE." + subject.PublicStream + ".anything", func() error {
			ctx, cancel := short()
			defer cancel()
			_, err := lund.js.CreateOrUpdateConsumer(ctx, subject.PublicStream, jetstream.ConsumerConfig{Name: "anything"})
			return err
		}},
		{"ack", pending.Reply(), func() error {
			if err := lund.nc.Publish(pending.Reply(), []byte("+ACK")); err != nil {
				return err
			}
			return errors.New("published") // the server's refusal comes asynchronously
		}},
	}
	for _, a := range attacks {
		if err := a.try(); err == nil {
			t.Errorf("%s of umea's consumer by lund: no error", a.title)
		}
	}
	if err := lund.nc.Flush(); err != nil {
		t.Fatal(err)
	}
	for _, a := range attacks {
		poll.Until(t, "the server refuses lund's "+a.title, func() bool { return lund.v.refusedPublish(a.subject) })
	}

	after, err := cons.Info(ctx)
	if err != nil {
		t.Fatalf("umea's consumer after the attacks: %v", err)
	}
	if !reflect.DeepEqual(after.Config, before.Config) {
		t.Errorf("umea's consumer changed: %+v, was %+v", after.Config, before.Config)
	}
	if after.NumAckPending != 1 || after.Delivered.Consumer != before.Delivered.Consumer {
		t.Errorf("umea's consumer: %d pending, %d delivered; want 1 and %d", after.NumAckPending, after.Delivered.Consumer, before.Delivered.Consumer)
	}
	umea.v.mu.Lock()
	if got := umea.v.errs; len(got) != 0 {
		t.Errorf("umea's own requests were refused: %v", got)
	}
	umea.v.mu.Unlock()

	// Lund has a consumer of its own, under its own name.
	mine := lund.ownConsumer(t, jetstream.ConsumerConfig{AckPolicy: jetstream.AckExplicitPolicy})
	got, err := mine.Fetch(1, jetstream.FetchMaxWait(10*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for m := range got.Messages() {
		if err := m.Ack(); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 1 {
		t.Fatalf("lund's own consumer delivered %d messages: %v", n, got.Error())
	}
	if err := lund.js.DeleteConsumer(ctx, subject.PublicStream, subject.FeedConsumer("research-lund")); err != nil {
		t.Fatalf("lund deletes its own consumer: %v", err)
	}
}

// TestIdleFeedConsumersExpire: a subscriber's consumer nobody reads goes
// after the hub's limit, whatever the subscriber asked for.
func TestIdleFeedConsumersExpire(t *testing.T) {
	const idle = time.Second
	h := hubtest.StartTuned(t, func(c *hub.Config) { c.FeedConsumerIdle = idle })
	s := addFeedSubscriber(t, h, "research-lund")
	poll.Until(t, "the public stream", func() bool {
		ctx, cancel := short()
		defer cancel()
		_, err := s.js.Stream(ctx, subject.PublicStream)
		return err == nil
	})

	ctx, cancel := short()
	defer cancel()
	_, err := s.js.CreateOrUpdateConsumer(ctx, subject.PublicStream, jetstream.ConsumerConfig{
		Durable: subject.FeedConsumer("research-lund"), InactiveThreshold: time.Hour})
	if err == nil || !strings.Contains(err.Error(), "inactive threshold") {
		t.Fatalf("a consumer asking to live an hour idle: %v, want refused", err)
	}

	cons := s.ownConsumer(t, jetstream.ConsumerConfig{})
	info, err := cons.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.Config.InactiveThreshold != idle {
		t.Fatalf("inactive threshold %v, want the hub's %v", info.Config.InactiveThreshold, idle)
	}
	waitConsumerGone(t, s.js, subject.FeedConsumer("research-lund"))
}

// TestLoweredFeedConsumerIdleApplies: consumers made under a longer limit
// (or before there was one) take a lower one when the hub restarts with
// it, and the public feed goes on.
func TestLoweredFeedConsumerIdleApplies(t *testing.T) {
	h, c := feedCity(t)
	s := addFeedSubscriber(t, h, "research-lund")
	s.ownConsumer(t, jetstream.ConsumerConfig{})
	s.nc.Close()

	h = h.AgainTuned(t, func(c *hub.Config) { c.FeedConsumerIdle = time.Second })
	js, err := jetstream.New(hubNATS(t, h))
	if err != nil {
		t.Fatal(err)
	}
	waitConsumerGone(t, js, subject.FeedConsumer("research-lund"))
	p := share(t, h, c, "Delad efter omstarten", hcnetv1.Visibility_VISIBILITY_PUBLIC)
	poll.Until(t, "the record in the public feed", func() bool {
		ctx, cancel := short()
		defer cancel()
		st, err := js.Stream(ctx, subject.PublicStream)
		if err != nil {
			return false
		}
		_, err = st.GetLastMsgForSubject(ctx, subject.PublicRecord("se", "malmo", "practice", p.GetId()))
		return err == nil
	})
}

func waitConsumerGone(t *testing.T, js jetstream.JetStream, name string) {
	t.Helper()
	poll.Until(t, "the idle consumer deleted", func() bool {
		ctx, cancel := short()
		defer cancel()
		_, err := js.Consumer(ctx, subject.PublicStream, name)
		return errors.Is(err, jetstream.ErrConsumerNotFound)
	})
}
