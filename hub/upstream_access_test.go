package hub

import (
	"context"
	"database/sql"
	"testing"

	"github.com/hcnet/hcnet/hub/upstream"
	"github.com/hcnet/hcnet/internal/relay"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
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
	hops := DecodePath(got[0].Path)
	if len(hops) != 3 || hops[0].GetAt() != "se/malmo" || hops[1].GetAt() != "se-net" || hops[2].GetAt() != "eu-net" {
		t.Errorf("path %q; want the hops below and this hub", got[0].Path)
	}
	if got[1].Header != nil || got[2].Header != nil {
		t.Errorf("a forgery (%v) or a member hub's statement (%v) has a header to forward", got[1].Header, got[2].Header)
	}
}

// TestStoreForUpstream: what upstream reads of the read model: the
// cities with public records, a city's public set, a stored record,
// and the version a withdrawal carries (a record no longer public, a
// tombstone), none for a public record.
func TestStoreForUpstream(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	f.putPublic(kp, "p1", "Green roofs")
	f.put("se/malmo", "practice", "p2", practice("en", en("Walks", "Walking buses", "")))
	f.put("se/lund", "practice", "p3", practice("en", en("Parks", "Pocket parks", "")))
	f.withdraw("se/lund", "practice", "p3")
	cities, err := f.store.PublicCities(ctx, "se")
	if err != nil || len(cities) != 1 || cities[0] != (upstream.City{Country: "se", City: "malmo"}) {
		t.Fatalf("public cities of se: %v, %v; want malmo", cities, err)
	}
	if all, err := f.store.PublicCities(ctx, ""); err != nil || len(all) != 1 {
		t.Fatalf("public cities: %v, %v; want malmo", all, err)
	}
	if dk, err := f.store.PublicCities(ctx, "dk"); err != nil || len(dk) != 0 {
		t.Fatalf("public cities of dk: %v, %v; want none", dk, err)
	}
	malmo := upstream.City{Country: "se", City: "malmo"}
	pairs, err := f.store.PublicPairs(ctx, malmo)
	if err != nil || len(pairs) != 1 || pairs[0].ID != "p1" || pairs[0].Version != 1 {
		t.Fatalf("public set: %v, %v", pairs, err)
	}
	if err := f.store.DB().Tx(ctx, func(tx *sql.Tx) error {
		r, ok, err := f.store.Stored(ctx, tx, malmo, "p1")
		if err != nil || !ok || !r.Public || r.Kind != "practice" || r.Version != 1 || len(r.Envelope) == 0 {
			t.Errorf("stored p1: %+v, %v, %v", r, ok, err)
		}
		if r, ok, err := f.store.Stored(ctx, tx, malmo, "p2"); err != nil || !ok || r.Public {
			t.Errorf("stored p2: %+v, %v, %v; want a network record", r, ok, err)
		}
		if _, ok, err := f.store.Stored(ctx, tx, malmo, "none"); ok || err != nil {
			t.Errorf("stored, unknown: %v, %v", ok, err)
		}
		if _, _, ok, err := f.store.WithdrawnAt(ctx, tx, malmo, "p1"); ok || err != nil {
			t.Errorf("a public record is to be withdrawn: %v, %v", ok, err)
		}
		if kind, v, ok, err := f.store.WithdrawnAt(ctx, tx, malmo, "p2"); !ok || err != nil || kind != "practice" || v != 1 {
			t.Errorf("a network record: %s v%d, %v, %v; want practice v1", kind, v, ok, err)
		}
		if kind, v, ok, err := f.store.WithdrawnAt(ctx, tx, upstream.City{Country: "se", City: "lund"}, "p3"); !ok || err != nil || kind != "practice" || v != 2 {
			t.Errorf("a tombstone: %s v%d, %v, %v; want practice v2", kind, v, ok, err)
		}
		if _, _, ok, err := f.store.WithdrawnAt(ctx, tx, malmo, "none"); ok || err != nil {
			t.Errorf("an unknown record is to be withdrawn: %v, %v", ok, err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
