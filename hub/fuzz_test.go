package hub

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/ingest"
	"github.com/hcnet/hcnet/hub/members"
	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/relay"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
)

// ingestFixture is a regional hub's ingest with an approved member city
// (se/malmo) and an approved member hub for Sweden (se-net).
type ingestFixture struct {
	in          *ingest.Ingest
	st          *store.Store
	city, hub   nkeys.KeyPair
	cityPub     string
	record      *hcnetv1.Envelope
	attestation *hcnetv1.SignedStatement
	withdrawal  *hcnetv1.SignedStatement
}

func newIngestFixture(tb testing.TB) *ingestFixture {
	tb.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(tb.TempDir(), "hub.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	ms, err := members.New(ctx, members.Config{Store: st, HubID: "eu-net"})
	if err != nil {
		tb.Fatal(err)
	}
	key := func(b byte) nkeys.KeyPair {
		kp, err := nkeys.FromRawSeed(nkeys.PrefixByteUser, bytes.Repeat([]byte{b}, 32))
		if err != nil {
			tb.Fatal(err)
		}
		return kp
	}
	x := &ingestFixture{city: key(1), hub: key(2)}
	x.cityPub, _ = x.city.PublicKey()
	for i, app := range []struct {
		kp  nkeys.KeyPair
		app *hcnetv1.JoinApplication
	}{
		{x.city, &hcnetv1.JoinApplication{CityId: "malmo", Country: "se", Name: "Malmö", HubId: "eu-net"}},
		{x.hub, &hcnetv1.JoinApplication{CityId: "se-net", Country: "se", Name: "Healthy Cities Sweden", HubId: "eu-net", Hub: true}},
	} {
		req, err := envelope.SignJoin(app.kp, app.app, strings.Repeat("n", 16)+string(rune('a'+i)), time.Now())
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := ms.Join(ctx, req); err != nil {
			tb.Fatal(err)
		}
		if _, err := ms.Decide(ctx, app.app.GetCountry(), app.app.GetCityId(), hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED); err != nil {
			tb.Fatal(err)
		}
	}
	x.st = st
	x.in = ingest.New(ingest.Config{Store: st, Members: ms, HubID: "eu-net", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	signed := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	h := &hcnetv1.EnvelopeHeader{OriginCountry: "se", OriginCity: "malmo", Kind: "practice", Id: "01JB7Q6Z8M3V2K5T9X4R1N0P6D",
		Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC}
	shared := roofs(h.GetId(), h.GetVersion())
	if x.record, err = envelope.Seal(x.city, h, shared, signed); err != nil {
		tb.Fatal(err)
	}
	lundKey, _ := key(3).PublicKey()
	if x.attestation, err = envelope.SignStatement(x.hub, &hcnetv1.Statement{Statement: &hcnetv1.Statement_Attestation{Attestation: &hcnetv1.Attestation{
		HubId: "se-net", Country: "se", CityId: "lund", PublicKey: lundKey}}}); err != nil {
		tb.Fatal(err)
	}
	if x.withdrawal, err = envelope.SignStatement(x.hub, &hcnetv1.Statement{Statement: &hcnetv1.Statement_Withdrawal{Withdrawal: &hcnetv1.Withdrawal{
		HubId: "se-net", Country: "se", CityId: "lund", Kind: "practice", Id: "01JB7Q6Z8M3V2K5T9X4R1N0P6D", Version: 2}}}); err != nil {
		tb.Fatal(err)
	}
	return x
}

// FuzzIngestCheck gives Ingest.Check an arbitrary subject, statement and
// path headers and data: never a panic, the signed seeds are accepted,
// and whatever is accepted is exactly one verified thing whose signed
// bytes are the seeds' and whose origin is its subject's.
func FuzzIngestCheck(f *testing.F) {
	x := newIngestFixture(f)
	rec, att, wd := mustMarshalFuzz(f, x.record), mustMarshalFuzz(f, x.attestation), mustMarshalFuzz(f, x.withdrawal)
	recSubj := subject.Record("se", "malmo", "practice", "01JB7Q6Z8M3V2K5T9X4R1N0P6D")
	wdSubj := subject.Record("se", "lund", "practice", "01JB7Q6Z8M3V2K5T9X4R1N0P6D")
	attSubj := subject.Attestation("se", "lund")
	path := `[{"at":"se/malmo","time":"2025-06-01T12:00:00Z"},{"at":"se-net","time":"2025-06-01T12:00:01Z"}]`
	f.Add(recSubj, "", path, rec)
	f.Add(recSubj, "", `[{"at":1}]`, rec)
	f.Add(wdSubj, "withdrawal", "", wd)
	f.Add(attSubj, "", "", att)
	f.Add(attSubj, "", "", wd)
	f.Add(subject.Record("dk", "odense", "practice", "x"), "", "", rec)
	f.Add("hcnet.rec.se.malmo.practice", "", "", rec)
	f.Add("hcnet.att..", "", "", []byte{0xff, 0x01})
	f.Add(recSubj, "withdrawal", "", rec)
	now := time.Date(2025, 6, 1, 12, 0, 5, 0, time.UTC)
	f.Fuzz(func(t *testing.T, subj, statement, path string, data []byte) {
		hdr := nats.Header{}
		if statement != "" {
			hdr.Set(subject.StatementHeader, statement)
		}
		if path != "" {
			hdr.Set(relay.PathHeader, path)
		}
		out := x.in.Check(subj, hdr, data, now)
		accepted := out.Reason == ""
		switch {
		case subj == recSubj && statement == "" && bytes.Equal(data, rec),
			subj == wdSubj && statement == "withdrawal" && bytes.Equal(data, wd),
			subj == attSubj && bytes.Equal(data, att):
			if !accepted {
				t.Fatalf("a signed seed on %s was refused: %s", subj, out.Reason)
			}
		}
		if !accepted {
			if out.Header != nil || out.Record != nil || out.Attestation != nil || out.Withdrawal != nil {
				t.Fatalf("refused (%s) but carries a verified part: %+v", out.Reason, out)
			}
			return
		}
		tok := strings.Split(subj, ".")
		switch {
		case out.Attestation != nil:
			if out.Header != nil || out.Withdrawal != nil || !sameStatement(data, x.attestation) {
				t.Fatalf("accepted an attestation nobody signed on %s", subj)
			}
		case out.Withdrawal != nil:
			if out.Header != nil || !sameStatement(data, x.withdrawal) {
				t.Fatalf("accepted a withdrawal nobody signed on %s", subj)
			}
		case out.Header != nil:
			env := &hcnetv1.Envelope{}
			if err := proto.Unmarshal(data, env); err != nil || !bytes.Equal(env.GetHeader(), x.record.GetHeader()) || !bytes.Equal(env.GetPayload(), x.record.GetPayload()) {
				t.Fatalf("accepted a record nobody signed on %s", subj)
			}
			if len(tok) != 6 || out.Header.GetOriginCountry() != tok[2] || out.Header.GetOriginCity() != tok[3] {
				t.Fatalf("accepted a record of %s/%s on subject %s", out.Header.GetOriginCountry(), out.Header.GetOriginCity(), subj)
			}
			if n := len(out.Path); n == 0 || out.Path[n-1].GetAt() != "eu-net" {
				t.Fatalf("path %v does not end at this hub", out.Path)
			}
		default:
			t.Fatalf("accepted nothing on %s: %+v", subj, out)
		}
	})
}

// sameStatement reports whether data decodes to the statement bytes s
// carries, signed by the same key.
func sameStatement(data []byte, s *hcnetv1.SignedStatement) bool {
	got := &hcnetv1.SignedStatement{}
	return proto.Unmarshal(data, got) == nil && bytes.Equal(got.GetStatement(), s.GetStatement()) && got.GetKeyId() == s.GetKeyId()
}

func mustMarshalFuzz(tb testing.TB, m proto.Message) []byte {
	tb.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// roofs is the practice the fixture's city shares, at a version.
func roofs(id string, version int64) *hcnetv1.SharedRecord {
	return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: &hcnetv1.Practice{
		Id: id, Version: version, Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK, Status: hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
		OriginalLanguage: "en", Texts: map[string]*hcnetv1.PracticeText{"en": {Title: "Roofs", Summary: "Green roofs"}}, Sdg: &hcnetv1.SdgTags{}}}}
}
