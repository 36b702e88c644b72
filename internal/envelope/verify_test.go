package envelope

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
)

// stdlibOpens is what a city's own check (nkeys, crypto/ed25519) says of
// env's signature.
func stdlibOpens(tb testing.TB, pub string, env *hcnetv1.Envelope) bool {
	tb.Helper()
	kp, err := nkeys.FromPublicKey(pub)
	if err != nil {
		tb.Fatal(err)
	}
	return kp.Verify(signedBytes(env.GetHeader(), env.GetPayload()), env.GetSignature()) == nil
}

// TestVerifierOpen opens sealed envelopes and changed copies of them,
// and checks that each outcome is the one nkeys gives.
func TestVerifierOpen(t *testing.T) {
	_, pub := fuzzKey(t, 1)
	_, otherPub := fuzzKey(t, 5)
	seeds := sealedSeeds(t)
	practice, tombstone := seeds[0], seeds[1]
	changed := func(env *hcnetv1.Envelope, change func(*hcnetv1.Envelope)) *hcnetv1.Envelope {
		env = proto.CloneOf(env)
		change(env)
		return env
	}
	for _, c := range []struct {
		title string
		pub   string
		env   *hcnetv1.Envelope
		want  error // nil: opens
	}{
		{"practice", pub, practice, nil},
		{"tombstone", pub, tombstone, nil},
		{"payload changed", pub, changed(practice, func(e *hcnetv1.Envelope) { e.Payload = append(bytes.Clone(e.Payload), 0) }), ErrBadSignature},
		{"header changed", pub, changed(practice, func(e *hcnetv1.Envelope) { e.Header[len(e.Header)-1] ^= 1 }), ErrBadSignature},
		{"signature changed", pub, changed(practice, func(e *hcnetv1.Envelope) { e.Signature[10] ^= 1 }), ErrBadSignature},
		{"signature cut", pub, changed(practice, func(e *hcnetv1.Envelope) { e.Signature = e.Signature[:63] }), ErrBadSignature},
		{"no signature", pub, changed(practice, func(e *hcnetv1.Envelope) { e.Signature = nil }), ErrBadSignature},
		{"payload moved into the header", pub, changed(practice, func(e *hcnetv1.Envelope) {
			e.Header, e.Payload = append(bytes.Clone(e.Header), e.Payload...), nil
		}), ErrBadSignature},
		{"wrong key", otherPub, practice, ErrBadSignature},
	} {
		t.Run(c.title, func(t *testing.T) {
			v, err := NewVerifier(c.pub)
			if err != nil {
				t.Fatal(err)
			}
			h, _, err := v.Open(c.env)
			if !errors.Is(err, c.want) {
				t.Fatalf("Open = %v, want %v", err, c.want)
			}
			if std := stdlibOpens(t, c.pub, c.env); (err == nil) != std {
				t.Fatalf("Open = %v, but nkeys says the signature verifies: %v", err, std)
			}
			if err == nil && h.GetKeyId() != c.pub {
				t.Fatalf("opened with key %s", h.GetKeyId())
			}
		})
	}
}

// TestVerifierOneBadAmongMany checks a run of envelopes from several
// members, as ingest does, on all goroutines at once (the first checks
// race to expand each key): exactly the one with a changed signature
// fails, and every outcome is nkeys'.
func TestVerifierOneBadAmongMany(t *testing.T) {
	const n, keys, bad = 256, 4, 77
	type signed struct {
		v   *Verifier
		pub string
		env *hcnetv1.Envelope
	}
	var verifiers []*Verifier
	var pubs []string
	var kps []nkeys.KeyPair
	for i := range keys {
		kp, pub := fuzzKey(t, byte(10+i))
		v, err := NewVerifier(pub)
		if err != nil {
			t.Fatal(err)
		}
		verifiers, pubs, kps = append(verifiers, v), append(pubs, pub), append(kps, kp)
	}
	all := make([]signed, n)
	for i := range all {
		h := &hcnetv1.EnvelopeHeader{OriginCountry: "se", OriginCity: fmt.Sprintf("city%d", i%keys), Kind: "practice",
			Id: fmt.Sprintf("p%d", i), Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK}
		rec := &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: &hcnetv1.Practice{Id: h.GetId(), Version: 1}}}
		env, err := Seal(kps[i%keys], h, rec, fuzzTime)
		if err != nil {
			t.Fatal(err)
		}
		all[i] = signed{verifiers[i%keys], pubs[i%keys], env}
	}
	all[bad].env.Signature[5] ^= 0x40

	errs := make([]error, n)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < n; i += 4 {
				_, _, errs[i] = all[i].v.Open(all[i].env)
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if want := i != bad; (err == nil) != want {
			t.Errorf("envelope %d: Open = %v, want opened %v", i, err, want)
		}
		if (err == nil) != stdlibOpens(t, all[i].pub, all[i].env) {
			t.Errorf("envelope %d: Open = %v, nkeys disagrees", i, err)
		}
	}
}
