package envelope

import (
	"crypto/rand"
	"fmt"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// namingDomain separates a city's question for the successes that name it
// from everything else its key signs, so a signature made for one purpose
// is never accepted for another.
const namingDomain = "hcnet.naming.v1"

// namingNonceSize is the length of a naming query's nonce: enough random
// bytes that no two queries a city signs are alike.
const namingNonceSize = 16

// SignNaming signs a city's question for the successes that name it. The
// query's time and a fresh nonce are filled in here, so that the hub,
// which answers each signed query once, answers every question the city
// asks, even two asked at the same instant.
func SignNaming(kp nkeys.KeyPair, q *hcnetv1.SuccessesNamingQuery, now time.Time) (*hcnetv1.ListSuccessesNamingRequest, error) {
	q = proto.CloneOf(q)
	q.Time = timestamppb.New(now)
	q.Nonce = make([]byte, namingNonceSize)
	rand.Read(q.Nonce) // never fails (crypto/rand)
	b, err := proto.Marshal(q)
	if err != nil {
		return nil, err
	}
	sig, err := kp.Sign(append([]byte(namingDomain), b...))
	if err != nil {
		return nil, err
	}
	return &hcnetv1.ListSuccessesNamingRequest{Query: b, Signature: sig}, nil
}

// OpenNaming checks that publicKey signed the query and only then decodes
// it. Whether the key is the city's, and whether the query is recent, is
// the hub's decision.
func OpenNaming(req *hcnetv1.ListSuccessesNamingRequest, publicKey string) (*hcnetv1.SuccessesNamingQuery, error) {
	kp, err := nkeys.FromPublicKey(publicKey)
	if err != nil {
		return nil, fmt.Errorf("public key %q: %w", publicKey, err)
	}
	if len(req.GetSignature()) == 0 {
		return nil, fmt.Errorf("%w: the query is not signed", ErrBadSignature)
	}
	if err := kp.Verify(append([]byte(namingDomain), req.GetQuery()...), req.GetSignature()); err != nil {
		return nil, ErrBadSignature
	}
	q := &hcnetv1.SuccessesNamingQuery{}
	if err := proto.Unmarshal(req.GetQuery(), q); err != nil {
		return nil, fmt.Errorf("decode query: %w", err)
	}
	return q, nil
}

// PeekNaming decodes the query without verifying it, only to learn which
// city it names and so whose key to try.
func PeekNaming(req *hcnetv1.ListSuccessesNamingRequest) (*hcnetv1.SuccessesNamingQuery, error) {
	q := &hcnetv1.SuccessesNamingQuery{}
	if err := proto.Unmarshal(req.GetQuery(), q); err != nil {
		return nil, fmt.Errorf("decode query: %w", err)
	}
	return q, nil
}
