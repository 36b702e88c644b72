package envelope

import (
	"crypto/ed25519"
	"fmt"
	"strings"
	"testing"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	voi "github.com/oasisprotocol/curve25519-voi/primitives/ed25519"
)

// benchEnvelope seals a half-KiB practice, the size hcbench ingests.
func benchEnvelope(b *testing.B) (pub string, env *hcnetv1.Envelope) {
	b.Helper()
	kp, err := nkeys.CreateUser()
	if err != nil {
		b.Fatal(err)
	}
	pub, _ = kp.PublicKey()
	rec := &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: &hcnetv1.Practice{
		Id: "01JB7Q6Z8M3V2K5T9X4R1N0P6D", Version: 1, OriginalLanguage: "en",
		Texts: map[string]*hcnetv1.PracticeText{"en": {Title: "Meeting places against loneliness",
			Summary: strings.Repeat("Older residents meet across generations. ", 10)}},
	}}}
	h := &hcnetv1.EnvelopeHeader{OriginCountry: "se", OriginCity: "malmo", Kind: "practice", Id: "01JB7Q6Z8M3V2K5T9X4R1N0P6D",
		Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK}
	env, err = Seal(kp, h, rec, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	return pub, env
}

// BenchmarkVerify measures Open on a half-KiB practice: the ed25519
// check plus the decode that follows it, what ingest pays per record.
func BenchmarkVerify(b *testing.B) {
	pub, env := benchEnvelope(b)
	v, err := NewVerifier(pub)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, _, err := v.Open(env); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "verifies/s")
}

// BenchmarkVerifySignature compares, on one core and the same signed
// bytes, the ways to check one envelope's signature: crypto/ed25519 as
// nkeys calls it (the key decoded every call), PublicKey (expanded once,
// what Verifier uses), and curve25519-voi's batch verification, which
// PublicKey's comment explains is not used (ns/sig and cpu-ns/op:
// per signature).
func BenchmarkVerifySignature(b *testing.B) {
	pub, env := benchEnvelope(b)
	raw, err := nkeys.Decode(nkeys.PrefixByteUser, []byte(pub))
	if err != nil {
		b.Fatal(err)
	}
	msg, sig := signedBytes(env.GetHeader(), env.GetPayload()), env.GetSignature()
	b.Run("stdlib", func(b *testing.B) {
		reportCPU(b, 1)
		for b.Loop() {
			if !ed25519.Verify(raw, msg, sig) {
				b.Fatal("does not verify")
			}
		}
	})
	b.Run("expanded", func(b *testing.B) {
		k := NewPublicKey(raw)
		reportCPU(b, 1)
		for b.Loop() {
			if !k.Verify(msg, sig) {
				b.Fatal("does not verify")
			}
		}
	})
	exp, err := voi.NewExpandedPublicKey(raw)
	if err != nil {
		b.Fatal(err)
	}
	opts := &voi.Options{Verify: voi.VerifyOptionsZIP_215}
	for _, n := range []int{64, 256, 1000} {
		b.Run(fmt.Sprintf("batch%d", n), func(b *testing.B) {
			reportCPU(b, n)
			for b.Loop() {
				bv := voi.NewBatchVerifierWithCapacity(n)
				for range n {
					bv.AddExpandedWithOptions(exp, msg, sig, opts)
				}
				if !bv.VerifyBatchOnly(nil) {
					b.Fatal("does not verify")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/sig")
		})
	}
}
