package upstream

import (
	"context"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/relay"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"
)

// fakeMsg is a message as the forwarder's consumer hands it on.
type fakeMsg struct {
	jetstream.Msg // methods the forwarder does not call panic
	subj          string
	hdr           nats.Header
	data          []byte
	acked         bool
}

func (m *fakeMsg) Subject() string      { return m.subj }
func (m *fakeMsg) Headers() nats.Header { return m.hdr }
func (m *fakeMsg) Data() []byte         { return m.data }
func (m *fakeMsg) Ack() error           { m.acked = true; return nil }

// TestForwarderVerifiesWhatItActsOn: the forwarder verifies a record
// only when it may forward it (its header says public) or withdraw it
// (it was forwarded before); a forgery of either kind changes nothing,
// while the network records it skips unverified never were forwarded.
func TestForwarderVerifiesWhatItActsOn(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	city := key(t, 1)
	bell := relay.NewBell()
	v := newSigVerifier(t, city)
	f := newForwarder(st, v, key(t, 2), "eu-net", quiet, bell)
	id := "01JB7Q6Z8M3V2K5T9X4R1N0P6D"
	seal := func(version int64, vis hcnetv1.Visibility, forge bool) *fakeMsg {
		t.Helper()
		h := &hcnetv1.EnvelopeHeader{OriginCountry: "se", OriginCity: "malmo", Kind: "practice", Id: id, Version: version, Visibility: vis}
		shared := &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: &hcnetv1.Practice{
			Id: id, Version: version, Visibility: vis, OriginalLanguage: "en",
			Texts: map[string]*hcnetv1.PracticeText{"en": {Title: "Roofs", Summary: "Green roofs"}},
		}}}
		env, err := envelope.Seal(city, h, shared, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if forge {
			env.Signature[0] ^= 1
		}
		b, err := proto.Marshal(env)
		if err != nil {
			t.Fatal(err)
		}
		return &fakeMsg{subj: subject.Record("se", "malmo", "practice", id), hdr: nats.Header{}, data: b}
	}
	outbox := func() (n int, kinds string) {
		t.Helper()
		if err := st.db.Read.QueryRow(`SELECT count(*), coalesce(group_concat(kind, ','), '') FROM outbox`).Scan(&n, &kinds); err != nil {
			t.Fatal(err)
		}
		return n, kinds
	}
	forwarded := func() int64 {
		t.Helper()
		var v int64
		st.db.Read.QueryRow(`SELECT version FROM forwarded WHERE id = ?`, id).Scan(&v)
		return v
	}
	process := func(msgs ...*fakeMsg) {
		t.Helper()
		in := make([]jetstream.Msg, len(msgs))
		for i, m := range msgs {
			in[i] = m
		}
		if err := f.process(ctx, in); err != nil {
			t.Fatal(err)
		}
		for i, m := range msgs {
			if !m.acked {
				t.Fatalf("message %d not acked", i)
			}
		}
	}

	process(seal(1, hcnetv1.Visibility_VISIBILITY_NETWORK, false), seal(1, hcnetv1.Visibility_VISIBILITY_PUBLIC, true))
	if n, _ := outbox(); n != 0 || forwarded() != 0 {
		t.Fatalf("a network record and a forged public one left %d outbox rows, forwarded v%d", n, forwarded())
	}
	if v.checked != 1 {
		t.Fatalf("verified %d messages; want the public one only, not the network record never forwarded", v.checked)
	}
	process(seal(2, hcnetv1.Visibility_VISIBILITY_PUBLIC, false))
	if n, kinds := outbox(); n != 1 || kinds != "" || forwarded() != 2 {
		t.Fatalf("public v2: %d outbox rows (%q), forwarded v%d; want the record, v2", n, kinds, forwarded())
	}
	if rows := st.outboxRows(t); rows[0].path != v.path || rows[0].msgID != "se.malmo/"+id+"/2" {
		t.Fatalf("public v2 queued with path %q, id %q; want the verified path, origin/id/version", rows[0].path, rows[0].msgID)
	}
	select {
	case <-bell:
	default:
		t.Fatal("the forwarder filled the outbox without waking the relay")
	}
	// A forged network version of a forwarded record would withdraw it.
	process(seal(3, hcnetv1.Visibility_VISIBILITY_NETWORK, true))
	if n, _ := outbox(); n != 1 || forwarded() != 2 {
		t.Fatalf("forged network v3: %d outbox rows, forwarded v%d; want nothing new", n, forwarded())
	}
	if v.checked != 3 {
		t.Fatalf("verified %d messages; the network version of a forwarded record must be verified too", v.checked)
	}
	process(seal(3, hcnetv1.Visibility_VISIBILITY_NETWORK, false))
	if n, kinds := outbox(); n != 2 || kinds != ",withdrawal" || forwarded() != 3 {
		t.Fatalf("network v3: %d outbox rows (%q), forwarded v%d; want a withdrawal, v3", n, kinds, forwarded())
	}
}
