package hub

import (
	"testing"

	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/internal/relay"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"
)

// streamMsg is a message as a consumer of the stream hands it on.
type streamMsg struct {
	jetstream.Msg // methods the verifier does not call panic
	subj          string
	hdr           nats.Header
	data          []byte
}

func (m *streamMsg) Subject() string      { return m.subj }
func (m *streamMsg) Headers() nats.Header { return m.hdr }
func (m *streamMsg) Data() []byte         { return m.data }

// TestUpstreamVerifierIsIngests: the forwarder learns of a message what
// ingest would accept of it: a header only for a record whose signature
// verifies, with its path (the hops below, and this hub), and none for a
// forgery or a member hub's statement.
func TestUpstreamVerifierIsIngests(t *testing.T) {
	x := newIngestFixture(t)
	v := upstreamVerifier{x.in}
	good, err := proto.Marshal(x.record)
	if err != nil {
		t.Fatal(err)
	}
	forged := proto.Clone(x.record).(*hcnetv1.Envelope)
	forged.Signature[0] ^= 1
	bad, err := proto.Marshal(forged)
	if err != nil {
		t.Fatal(err)
	}
	wd, err := proto.Marshal(x.withdrawal)
	if err != nil {
		t.Fatal(err)
	}
	recSubj := subject.Record("se", "malmo", "practice", "01JB7Q6Z8M3V2K5T9X4R1N0P6D")
	below := `[{"at":"se/malmo","time":"2025-06-01T12:00:00Z"},{"at":"se-net","time":"2025-06-01T12:00:01Z"}]`
	got, err := v.VerifyAll([]jetstream.Msg{
		&streamMsg{subj: recSubj, hdr: nats.Header{relay.PathHeader: []string{below}}, data: good},
		&streamMsg{subj: recSubj, hdr: nats.Header{}, data: bad},
		&streamMsg{subj: subject.Record("se", "lund", "practice", "01JB7Q6Z8M3V2K5T9X4R1N0P6D"), hdr: nats.Header{subject.StatementHeader: []string{"withdrawal"}}, data: wd},
	})
	if err != nil {
		t.Fatal(err)
	}
	if h := got[0].Header; h.GetId() != "01JB7Q6Z8M3V2K5T9X4R1N0P6D" || h.GetVersion() != 1 || got[0].Subject != recSubj || string(got[0].Envelope) != string(good) {
		t.Fatalf("the signed record: %+v", got[0])
	}
	hops := store.DecodePath(got[0].Path)
	if len(hops) != 3 || hops[0].GetAt() != "se/malmo" || hops[1].GetAt() != "se-net" || hops[2].GetAt() != "eu-net" {
		t.Errorf("path %q; want the hops below and this hub", got[0].Path)
	}
	if got[1].Header != nil || got[2].Header != nil {
		t.Errorf("a forgery (%v) or a member hub's statement (%v) has a header to forward", got[1].Header, got[2].Header)
	}
}
