package envelope

import (
	"strings"
	"testing"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
)

// BenchmarkVerify measures Open on a half-KiB practice: the ed25519
// check plus the decode that follows it, what ingest pays per record.
func BenchmarkVerify(b *testing.B) {
	kp, err := nkeys.CreateUser()
	if err != nil {
		b.Fatal(err)
	}
	pub, _ := kp.PublicKey()
	rec := &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: &hcnetv1.Practice{
		Id: "01JB7Q6Z8M3V2K5T9X4R1N0P6D", Version: 1, OriginalLanguage: "en",
		Texts: map[string]*hcnetv1.PracticeText{"en": {Title: "Meeting places against loneliness",
			Summary: strings.Repeat("Older residents meet across generations. ", 10)}},
	}}}
	h := &hcnetv1.EnvelopeHeader{OriginCountry: "se", OriginCity: "malmo", Kind: "practice", Id: "01JB7Q6Z8M3V2K5T9X4R1N0P6D",
		Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK}
	env, err := Seal(kp, h, rec, time.Now())
	if err != nil {
		b.Fatal(err)
	}
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
