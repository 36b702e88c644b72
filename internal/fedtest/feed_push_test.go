package fedtest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
)

// TestFeedSubscribersCannotPushIntoTheRecordStream: a push consumer of
// the public stream delivers to any subject its creator names, whatever
// that creator may publish, so a subscriber could aim one at the
// record stream. The hub deletes such a consumer, and ingest drops what
// it delivered before that instead of quarantining it.
func TestFeedSubscribersCannotPushIntoTheRecordStream(t *testing.T) {
	h, c := feedCity(t)
	a := share(t, h, c, "Delad med alla", hcnetv1.Visibility_VISIBILITY_PUBLIC)
	b := share(t, h, c, "Också delad", hcnetv1.Visibility_VISIBILITY_PUBLIC)
	lund := addFeedSubscriber(t, h, "research-lund")
	evil := addFeedSubscriber(t, h, "evil")
	pubA := subject.PublicRecord("se", "malmo", "practice", a.GetId())
	poll.Until(t, "the public feed holds the record", func() bool {
		ctx, cancel := short()
		defer cancel()
		st, err := lund.js.Stream(ctx, subject.PublicStream)
		if err != nil {
			return false
		}
		_, err = st.GetLastMsgForSubject(ctx, pubA)
		return err == nil
	})
	// A legitimate pull consumer, made before the attack.
	mine := lund.ownConsumer(t, jetstream.ConsumerConfig{AckPolicy: jetstream.AckExplicitPolicy})
	hubNC := hubNATS(t, h)
	hubJS, err := jetstream.New(hubNC)
	if err != nil {
		t.Fatal(err)
	}
	// The server holds a push consumer's messages back until something
	// listens on its deliver subject; an operator's `nats sub 'hcnet.rec.>'`
	// is enough, and then the record stream takes them too.
	if _, err := hubNC.SubscribeSync(subject.Records); err != nil {
		t.Fatal(err)
	}

	for _, target := range []struct{ title, deliver string }{
		// a's envelope on b's subject: a mismatch ingest used to
		// quarantine, and one message per subject in the stream.
		{"a member's record subject", subject.Record("se", "malmo", "practice", b.GetId())},
		{"a subject no member has", subject.Record("zz", "nowhere", "practice", a.GetId())},
	} {
		ctx, cancel := short()
		_, err := evil.js.CreateOrUpdateConsumer(ctx, subject.PublicStream, jetstream.ConsumerConfig{
			Durable: subject.FeedConsumer("evil"), DeliverSubject: target.deliver,
			FilterSubject: pubA, AckPolicy: jetstream.AckNonePolicy})
		cancel()
		if err == nil {
			poll.Until(t, "the push consumer to "+target.title+" deleted", func() bool {
				ctx, cancel := short()
				defer cancel()
				_, err := hubJS.Consumer(ctx, subject.PublicStream, subject.FeedConsumer("evil"))
				return errors.Is(err, jetstream.ErrConsumerNotFound)
			})
		}
	}

	// Ingest reads the stream in order: once it holds a record shared
	// after the attack, it has seen whatever the attack delivered.
	share(t, h, c, "Delad efteråt", hcnetv1.Visibility_VISIBILITY_NETWORK)
	if q := quarantined(t, h); len(q) != 0 {
		t.Errorf("quarantined after the attack: %q", q)
	}
	if v := hubVersion(t, h, b.GetId()); v != b.GetVersion() {
		t.Errorf("b at version %d, want %d", v, b.GetVersion())
	}

	got, err := mine.Fetch(2, jetstream.FetchMaxWait(10*time.Second))
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
	if n != 2 {
		t.Fatalf("lund's pull consumer delivered %d messages, want 2: %v", n, got.Error())
	}
	if _, err := mine.Info(context.Background()); err != nil {
		t.Fatalf("lund's pull consumer after the attack: %v", err)
	}
}

// TestMessagesNoMemberPublishedAreDropped puts on the record stream, as
// the hub itself (which may publish anywhere), what no member could
// have: ingest drops and counts them, and the quarantine, which is for
// what members send, stays empty.
func TestMessagesNoMemberPublishedAreDropped(t *testing.T) {
	h, c := feedCity(t)
	a := share(t, h, c, "Delad med alla", hcnetv1.Visibility_VISIBILITY_PUBLIC)
	nc := hubNATS(t, h)
	stranger, _ := nkeys.CreateUser()
	_, env := sealed(t, stranger, "se", "kiruna")
	var feedMsg *jetstream.RawStreamMsg
	poll.Until(t, "the record in the public feed", func() bool {
		ctx, cancel := short()
		defer cancel()
		js, _ := jetstream.New(nc)
		st, err := js.Stream(ctx, subject.PublicStream)
		if err != nil {
			return false
		}
		feedMsg, err = st.GetLastMsgForSubject(ctx, subject.PublicRecord("se", "malmo", "practice", a.GetId()))
		return err == nil
	})

	msgs := []*nats.Msg{
		{Subject: subject.Record("se", "kiruna", "practice", "01J0000000000000000000KIRU"), Data: env},
		{Subject: "hcnet.rec.se.malmo", Data: env},
		{Subject: subject.Attestation("fi", "turku"), Data: env},
		// The public feed's message, as a push consumer would deliver it
		// onto a member's subject.
		{Subject: subject.Record("se", "malmo", "practice", "01J0000000000000000000OTHR"), Data: feedMsg.Data, Header: feedMsg.Header},
	}
	before := h.Hub.Ingest.Stats().Dropped
	for _, m := range msgs {
		publishMsg(t, nc, m)
	}
	share(t, h, c, "Delad efteråt", hcnetv1.Visibility_VISIBILITY_NETWORK)
	if q := quarantined(t, h); len(q) != 0 {
		t.Errorf("quarantined: %q", q)
	}
	if got := h.Hub.Ingest.Stats().Dropped - before; got != int64(len(msgs)) {
		t.Errorf("dropped %d messages, want %d", got, len(msgs))
	}
}
