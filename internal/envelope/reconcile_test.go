package envelope

import (
	"errors"
	"testing"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
)

func TestReconcileSignature(t *testing.T) {
	city, _ := nkeys.CreateUser()
	other, _ := nkeys.CreateUser()
	cityPub, _ := city.PublicKey()
	now := time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)
	q := &hcnetv1.ReconcileQuery{Country: "se", CityId: "malmo", Ranges: []*hcnetv1.DigestRange{{Start: "0", End: "8", Count: 3, Digest: []byte{1, 2}}}}
	signed, err := SignReconcile(city, q, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		title string
		req   func() *hcnetv1.ReconcileRequest
		key   string
		ok    bool
	}{
		{title: "signed by the key", req: func() *hcnetv1.ReconcileRequest { return signed }, key: cityPub, ok: true},
		{title: "checked against another key", req: func() *hcnetv1.ReconcileRequest { return signed }, key: func() string { p, _ := other.PublicKey(); return p }()},
		{title: "query changed after signing", key: cityPub, req: func() *hcnetv1.ReconcileRequest {
			r := proto.CloneOf(signed)
			r.Query[len(r.Query)-1] ^= 1
			return r
		}},
		{title: "unsigned", key: cityPub, req: func() *hcnetv1.ReconcileRequest { return &hcnetv1.ReconcileRequest{Query: signed.GetQuery()} }},
		{title: "a join signature is not a reconcile signature", key: cityPub, req: func() *hcnetv1.ReconcileRequest {
			sig, _ := city.Sign(append([]byte(joinDomain), signed.GetQuery()...))
			return &hcnetv1.ReconcileRequest{Query: signed.GetQuery(), Signature: sig}
		}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			got, err := OpenReconcile(tc.req(), tc.key)
			if !tc.ok {
				if !errors.Is(err, ErrBadSignature) {
					t.Fatalf("err %v, want ErrBadSignature", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := proto.CloneOf(q)
			if !got.GetTime().AsTime().Equal(now) {
				t.Fatalf("time %v, want %v", got.GetTime().AsTime(), now)
			}
			got.Time = nil
			if !proto.Equal(got, want) {
				t.Fatalf("opened %v, want %v", got, want)
			}
		})
	}
}
