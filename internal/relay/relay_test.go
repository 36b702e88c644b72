package relay

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/bus"
	"github.com/hcnet/hcnet/internal/subject"
	"github.com/nats-io/nats.go/jetstream"
)

// testStream keeps every message, so a test sees everything the relay
// published, in the order the hub took it.
func testStream(tb testing.TB, js jetstream.JetStream, cfg jetstream.StreamConfig) {
	tb.Helper()
	if cfg.Name == "" {
		cfg = jetstream.StreamConfig{Name: "TEST", Subjects: []string{subject.Records}, Storage: jetstream.MemoryStorage}
	}
	if _, err := js.CreateOrUpdateStream(context.Background(), cfg); err != nil {
		tb.Fatal(err)
	}
}

func row(i int) Row {
	id := fmt.Sprintf("01J%023d", i)
	return Row{Subject: subject.Record("se", "malmo", "practice", id), MsgID: "se.malmo/" + id + "/1", Envelope: []byte(fmt.Sprintf("envelope %d", i))}
}

// TestDeliverInOrder: the relay publishes every row, in outbox order
// across several batches, with its Nats-Msg-Id, path and statement
// headers, and deletes each row once the hub acknowledged it.
func TestDeliverInOrder(t *testing.T) {
	who, pub := applicant(t)
	url, js := startNATS(t, pub)
	testStream(t, js, jetstream.StreamConfig{})
	out := newOutbox()
	const n = 2*batchSize + 300 // more than the window holds
	for i := range n {
		r := row(i)
		if i == 5 {
			r.Path = "se-net@2026-01-01T00:00:00Z"
		}
		if i == 6 {
			r.Statement = "withdrawal"
		}
		out.add(r)
	}
	settings := approvedAt(url)
	r := New(out, settings, who, quiet())
	run(t, r)
	eventually(t, "the outbox delivered", func() bool { return len(out.waiting()) == 0 })

	msgs := streamMsgs(t, js, "TEST")
	if len(msgs) != n {
		t.Fatalf("the stream holds %d messages, want %d", len(msgs), n)
	}
	for i, m := range msgs {
		want := row(i)
		if m.Subject != want.Subject || m.Header.Get(jetstream.MsgIDHeader) != want.MsgID || !bytes.Equal(m.Data, want.Envelope) {
			t.Fatalf("message %d is %s %q %q, want %s %q %q", i, m.Subject, m.Header.Get(jetstream.MsgIDHeader), m.Data, want.Subject, want.MsgID, want.Envelope)
		}
	}
	if got := msgs[5].Header.Get(PathHeader); got != "se-net@2026-01-01T00:00:00Z" {
		t.Errorf("path header %q", got)
	}
	if got := msgs[6].Header.Get(subject.StatementHeader); got != "withdrawal" {
		t.Errorf("statement header %q", got)
	}
	if msgs[7].Header.Get(PathHeader) != "" || msgs[7].Header.Get(subject.StatementHeader) != "" {
		t.Errorf("a plain row carries headers %v", msgs[7].Header)
	}
	st, err := r.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.GetDelivered() != n || st.GetOutboxDepth() != 0 || st.GetLastDeliveryTime() == nil || !st.GetConnected() || st.GetLastError() != "" {
		t.Fatalf("status %v", st)
	}
	if v, _ := settings.Setting(context.Background(), settingLastDeliv); v == "" {
		t.Error("the time of the last delivery was not kept")
	}
	out.mu.Lock()
	defer out.mu.Unlock()
	if len(out.deleted) != n {
		t.Errorf("Delivered was given %d seqs for %d rows", len(out.deleted), n)
	}
}

// TestRefusedPublishRetried: a row the hub refuses stays in the outbox,
// the failure shows in the status, and once the hub takes it the relay
// delivers it. What the hub acknowledged around it is deleted.
func TestRefusedPublishRetried(t *testing.T) {
	who, pub := applicant(t)
	url, js := startNATS(t, pub)
	cfg := jetstream.StreamConfig{Name: "TEST", Subjects: []string{subject.Records}, Storage: jetstream.MemoryStorage, MaxMsgSize: 512}
	testStream(t, js, cfg)
	out := newOutbox()
	first := out.add(row(1))
	big := row(2)
	big.Envelope = bytes.Repeat([]byte("x"), 2048)
	refused := out.add(big)
	last := out.add(row(3))
	r := New(out, approvedAt(url), who, quiet())
	run(t, r)

	eventually(t, "the refusal reported", func() bool {
		st, err := r.Status(context.Background())
		return err == nil && strings.Contains(st.GetLastError(), big.MsgID)
	})
	eventually(t, "the rows around it delivered", func() bool {
		w := out.waiting()
		return len(w) == 1 && w[0] == refused
	})
	out.mu.Lock()
	deleted := slices.Clone(out.deleted)
	out.mu.Unlock()
	if slices.Contains(deleted, refused) || !slices.Contains(deleted, first) || !slices.Contains(deleted, last) {
		t.Fatalf("deleted %v; want %d and %d, not %d, which the hub did not acknowledge", deleted, first, last, refused)
	}

	cfg.MaxMsgSize = 4096
	testStream(t, js, cfg)
	r.Wake()
	eventually(t, "the refused row delivered once the hub takes it", func() bool { return len(out.waiting()) == 0 })
	msgs := streamMsgs(t, js, "TEST")
	if len(msgs) != 3 || msgs[2].Header.Get(jetstream.MsgIDHeader) != big.MsgID {
		t.Fatalf("the stream holds %d messages, the last %v", len(msgs), msgs[len(msgs)-1].Header)
	}
	eventually(t, "the error cleared", func() bool {
		st, err := r.Status(context.Background())
		return err == nil && st.GetLastError() == "" && st.GetDelivered() == 3
	})
}

// TestNoStreamNothingDeleted: while the hub has no stream for the rows
// (nothing acknowledges them), the relay deletes nothing; it delivers
// once the stream is there.
func TestNoStreamNothingDeleted(t *testing.T) {
	who, pub := applicant(t)
	url, js := startNATS(t, pub)
	out := newOutbox()
	for i := range 10 {
		out.add(row(i))
	}
	r := New(out, approvedAt(url), who, quiet())
	run(t, r)
	eventually(t, "a failed attempt", func() bool {
		st, err := r.Status(context.Background())
		return err == nil && st.GetLastError() != ""
	})
	out.mu.Lock()
	deleted := len(out.deleted)
	out.mu.Unlock()
	if deleted != 0 || len(out.waiting()) != 10 {
		t.Fatalf("deleted %d rows without a stream; %d waiting", deleted, len(out.waiting()))
	}
	testStream(t, js, jetstream.StreamConfig{})
	r.Wake()
	eventually(t, "delivered once the stream is there", func() bool { return len(out.waiting()) == 0 })
	if msgs := streamMsgs(t, js, "TEST"); len(msgs) != 10 {
		t.Fatalf("the stream holds %d messages, want 10", len(msgs))
	}
}

// TestSupersededVersion: a record's version written while an older one
// waits replaces it (the outbox's rule), so the relay never sends the
// older one; and a later version delivered after an older one is what
// the hub's stream, one message per record, keeps.
func TestSupersededVersion(t *testing.T) {
	who, pub := applicant(t)
	url, js := startNATS(t, pub)
	out := newOutbox()
	version := func(id string, v int) Row {
		return Row{Subject: subject.Record("se", "malmo", "practice", id), MsgID: fmt.Sprintf("se.malmo/%s/%d", id, v), Envelope: []byte(fmt.Sprintf("%s v%d", id, v))}
	}
	const a, b = "01JAAAAAAAAAAAAAAAAAAAAAAA", "01JBBBBBBBBBBBBBBBBBBBBBBB"
	out.put(a, version(a, 1))
	out.put(b, version(b, 1))
	r := New(out, approvedAt(url), who, quiet())
	run(t, r)
	eventually(t, "a failed attempt (no stream yet)", func() bool {
		st, err := r.Status(context.Background())
		return err == nil && st.GetLastError() != ""
	})
	out.put(a, version(a, 2))
	out.put(a, version(a, 3))
	// The hub's record stream: one message kept per subject.
	if _, err := bus.EnsureStream(context.Background(), js, 1); err != nil {
		t.Fatal(err)
	}
	r.Wake()
	eventually(t, "delivered", func() bool { return len(out.waiting()) == 0 })
	msgs := streamMsgs(t, js, subject.RecordStream)
	var ids []string
	for _, m := range msgs {
		ids = append(ids, m.Header.Get(jetstream.MsgIDHeader))
	}
	if got, want := strings.Join(ids, " "), "se.malmo/"+b+"/1 se.malmo/"+a+"/3"; got != want {
		t.Fatalf("the stream holds %q, want %q", got, want)
	}
	info, err := streamInfo(js, subject.RecordStream)
	if err != nil {
		t.Fatal(err)
	}
	if info.State.LastSeq != 2 {
		t.Fatalf("the hub took %d messages, want 2: a superseded version was sent", info.State.LastSeq)
	}

	// A later version after a delivered one replaces it at the hub.
	out.put(a, version(a, 4))
	r.Wake()
	eventually(t, "the next version delivered", func() bool { return len(out.waiting()) == 0 })
	eventually(t, "the stream keeps the latest version", func() bool {
		msgs := streamMsgs(t, js, subject.RecordStream)
		return len(msgs) == 2 && msgs[1].Header.Get(jetstream.MsgIDHeader) == "se.malmo/"+a+"/4" && string(msgs[1].Data) == a+" v4"
	})
}

func streamInfo(js jetstream.JetStream, name string) (*jetstream.StreamInfo, error) {
	st, err := js.Stream(context.Background(), name)
	if err != nil {
		return nil, err
	}
	return st.Info(context.Background())
}
