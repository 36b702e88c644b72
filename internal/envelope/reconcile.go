package envelope

import (
	"fmt"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// reconcileDomain separates reconcile queries from everything else a
// member's key signs.
const reconcileDomain = "hcnet.reconcile.v1"

// SignReconcile signs a comparison query with the member's key: a city's
// own, or a member hub's for a city it vouches for. The query's time is
// filled in here.
func SignReconcile(kp nkeys.KeyPair, q *hcnetv1.ReconcileQuery, now time.Time) (*hcnetv1.ReconcileRequest, error) {
	q = proto.CloneOf(q)
	q.Time = timestamppb.New(now)
	b, err := proto.Marshal(q)
	if err != nil {
		return nil, err
	}
	sig, err := kp.Sign(append([]byte(reconcileDomain), b...))
	if err != nil {
		return nil, err
	}
	return &hcnetv1.ReconcileRequest{Query: b, Signature: sig}, nil
}

// OpenReconcile checks that publicKey signed the query and only then
// decodes it. Whether that key may ask about the query's city, and whether
// the query is recent, is the hub's decision.
func OpenReconcile(req *hcnetv1.ReconcileRequest, publicKey string) (*hcnetv1.ReconcileQuery, error) {
	kp, err := nkeys.FromPublicKey(publicKey)
	if err != nil {
		return nil, fmt.Errorf("public key %q: %w", publicKey, err)
	}
	if len(req.GetSignature()) == 0 {
		return nil, fmt.Errorf("%w: the query is not signed", ErrBadSignature)
	}
	if err := kp.Verify(append([]byte(reconcileDomain), req.GetQuery()...), req.GetSignature()); err != nil {
		return nil, ErrBadSignature
	}
	q := &hcnetv1.ReconcileQuery{}
	if err := proto.Unmarshal(req.GetQuery(), q); err != nil {
		return nil, fmt.Errorf("decode query: %w", err)
	}
	return q, nil
}

// PeekReconcile decodes the query without verifying it: only to learn
// which city it names, so the hub knows whose keys to try. Nothing in it
// may be trusted until OpenReconcile succeeds.
func PeekReconcile(req *hcnetv1.ReconcileRequest) (*hcnetv1.ReconcileQuery, error) {
	q := &hcnetv1.ReconcileQuery{}
	if err := proto.Unmarshal(req.GetQuery(), q); err != nil {
		return nil, fmt.Errorf("decode query: %w", err)
	}
	return q, nil
}
