package envelope

import (
	"bytes"
	"errors"
	"testing"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
)

// fuzzKey is a fixed user key, so the seeds (and the committed corpus)
// stay valid signatures from run to run: ed25519 signing is deterministic.
func fuzzKey(tb testing.TB, b byte) (nkeys.KeyPair, string) {
	tb.Helper()
	kp, err := nkeys.FromRawSeed(nkeys.PrefixByteUser, bytes.Repeat([]byte{b}, 32))
	if err != nil {
		tb.Fatal(err)
	}
	pub, err := kp.PublicKey()
	if err != nil {
		tb.Fatal(err)
	}
	return kp, pub
}

var fuzzTime = time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)

func mustMarshal(tb testing.TB, m proto.Message) []byte {
	tb.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// sealedSeeds are a practice and a tombstone, sealed by the key of fuzzKey(1).
func sealedSeeds(tb testing.TB) []*hcnetv1.Envelope {
	tb.Helper()
	kp, _ := fuzzKey(tb, 1)
	h := &hcnetv1.EnvelopeHeader{OriginCountry: "se", OriginCity: "malmo", Kind: "practice", Id: "01JB7Q6Z8M3V2K5T9X4R1N0P6D",
		Version: 2, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC}
	rec := &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: &hcnetv1.Practice{Id: "01JB7Q6Z8M3V2K5T9X4R1N0P6D"}}}
	var out []*hcnetv1.Envelope
	for _, r := range []*hcnetv1.SharedRecord{rec, nil} {
		env, err := Seal(kp, h, r, fuzzTime)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, env)
	}
	return out
}

// FuzzVerifierOpen feeds arbitrary bytes, decoded as an envelope, to
// Verifier.Open. It must never panic; the sealed seeds must open; and
// whatever opens must carry exactly the header and payload bytes the key
// signed, since nothing else can carry its signature.
func FuzzVerifierOpen(f *testing.F) {
	_, pub := fuzzKey(f, 1)
	v, err := NewVerifier(pub)
	if err != nil {
		f.Fatal(err)
	}
	seeds := sealedSeeds(f)
	var valid [][]byte
	for _, env := range seeds {
		b := mustMarshal(f, env)
		valid = append(valid, b)
		f.Add(b)
		flipped := bytes.Clone(b)
		flipped[len(flipped)/2] ^= 0x20
		f.Add(flipped)
	}
	f.Add([]byte{})
	f.Add(mustMarshal(f, &hcnetv1.Envelope{Header: []byte{0xff}, Payload: []byte{0x0a}, Signature: make([]byte, 64)}))
	f.Fuzz(func(t *testing.T, data []byte) {
		env := &hcnetv1.Envelope{}
		if err := proto.Unmarshal(data, env); err != nil {
			return
		}
		h, rec, err := v.Open(env)
		for i, b := range valid {
			if bytes.Equal(data, b) && err != nil {
				t.Fatalf("seed %d does not open: %v", i, err)
			}
		}
		if err != nil {
			if h != nil || rec != nil {
				t.Fatalf("Open failed (%v) but returned %v, %v", err, h, rec)
			}
			return
		}
		for _, s := range seeds {
			if bytes.Equal(env.GetHeader(), s.GetHeader()) && bytes.Equal(env.GetPayload(), s.GetPayload()) {
				return
			}
		}
		t.Fatalf("bytes the key never signed opened: header %x payload %x", env.GetHeader(), env.GetPayload())
	})
}

// FuzzOpenJoin feeds arbitrary bytes, decoded as a join request, to
// OpenJoin: never a panic, and only the signed seed application opens.
func FuzzOpenJoin(f *testing.F) {
	kp, _ := fuzzKey(f, 2)
	req, err := SignJoin(kp, &hcnetv1.JoinApplication{CityId: "malmo", Country: "se", Name: "Malmö", HubId: "se-net"}, "0123456789abcdef", fuzzTime)
	if err != nil {
		f.Fatal(err)
	}
	valid := mustMarshal(f, req)
	f.Add(valid)
	f.Add(mustMarshal(f, &hcnetv1.JoinRequest{Application: req.GetApplication()}))
	f.Add(mustMarshal(f, &hcnetv1.JoinRequest{Application: []byte{0x22, 0x02, 'U', 'X'}, Signature: req.GetSignature()}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &hcnetv1.JoinRequest{}
		if err := proto.Unmarshal(data, r); err != nil {
			return
		}
		app, err := OpenJoin(r)
		if bytes.Equal(data, valid) && err != nil {
			t.Fatalf("the signed seed does not open: %v", err)
		}
		if err != nil {
			if app != nil {
				t.Fatalf("OpenJoin failed (%v) but returned %v", err, app)
			}
			return
		}
		if !bytes.Equal(r.GetApplication(), req.GetApplication()) {
			t.Fatalf("an application nobody signed opened: %x", r.GetApplication())
		}
	})
}

// FuzzOpenStatement feeds arbitrary bytes, decoded as a signed statement,
// to OpenStatement against a fixed hub key.
func FuzzOpenStatement(f *testing.F) {
	kp, pub := fuzzKey(f, 3)
	st := &hcnetv1.Statement{Statement: &hcnetv1.Statement_Attestation{Attestation: &hcnetv1.Attestation{
		Country: "se", CityId: "malmo", HubId: "se-net", PublicKey: pub}}}
	signed, err := SignStatement(kp, st)
	if err != nil {
		f.Fatal(err)
	}
	valid := mustMarshal(f, signed)
	f.Add(valid)
	f.Add(mustMarshal(f, &hcnetv1.SignedStatement{Statement: signed.GetStatement(), KeyId: pub}))
	f.Add(mustMarshal(f, &hcnetv1.SignedStatement{Statement: signed.GetStatement(), Signature: signed.GetSignature(), KeyId: "UNOTAKEY"}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		s := &hcnetv1.SignedStatement{}
		if err := proto.Unmarshal(data, s); err != nil {
			return
		}
		got, err := OpenStatement(s, pub)
		if bytes.Equal(data, valid) && err != nil {
			t.Fatalf("the signed seed does not open: %v", err)
		}
		if err != nil {
			if got != nil {
				t.Fatalf("OpenStatement failed (%v) but returned %v", err, got)
			}
			return
		}
		if !bytes.Equal(s.GetStatement(), signed.GetStatement()) {
			t.Fatalf("a statement the hub never signed opened: %x", s.GetStatement())
		}
	})
}

// FuzzOpenReconcile feeds arbitrary bytes, decoded as a reconcile request,
// to OpenReconcile (and PeekReconcile) against a fixed member key.
func FuzzOpenReconcile(f *testing.F) {
	kp, pub := fuzzKey(f, 4)
	q := &hcnetv1.ReconcileQuery{Country: "se", CityId: "malmo", Ranges: []*hcnetv1.DigestRange{{Start: "0", End: "8", Count: 3, Digest: []byte{1, 2}}}}
	req, err := SignReconcile(kp, q, fuzzTime)
	if err != nil {
		f.Fatal(err)
	}
	valid := mustMarshal(f, req)
	f.Add(valid)
	f.Add(mustMarshal(f, &hcnetv1.ReconcileRequest{Query: req.GetQuery()}))
	f.Add(mustMarshal(f, &hcnetv1.ReconcileRequest{Query: append(bytes.Clone(req.GetQuery()), 0), Signature: req.GetSignature()}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &hcnetv1.ReconcileRequest{}
		if err := proto.Unmarshal(data, r); err != nil {
			return
		}
		_, _ = PeekReconcile(r)
		got, err := OpenReconcile(r, pub)
		if bytes.Equal(data, valid) && err != nil {
			t.Fatalf("the signed seed does not open: %v", err)
		}
		if err != nil {
			if got != nil {
				t.Fatalf("OpenReconcile failed (%v) but returned %v", err, got)
			}
			if len(r.GetSignature()) > 0 && !bytes.Equal(r.GetQuery(), req.GetQuery()) && !errors.Is(err, ErrBadSignature) {
				t.Fatalf("a changed query failed with %v, want ErrBadSignature", err)
			}
			return
		}
		if !bytes.Equal(r.GetQuery(), req.GetQuery()) {
			t.Fatalf("a query the key never signed opened: %x", r.GetQuery())
		}
	})
}
