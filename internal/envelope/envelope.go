// Package envelope signs and verifies shared records. The signature covers
// the exact header and payload bytes, so a record stays verifiable from its
// city however many hubs forward it, and a receiver checks it before it
// decodes anything.
package envelope

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// domain separates envelope signatures from anything else the same key
// signs (NATS connection nonces, join requests).
const domain = "hcnet.envelope.v1"

// ErrBadSignature means the envelope was not signed by the key it was
// checked against, or was changed after signing.
var ErrBadSignature = errors.New("signature does not verify")

// signedBytes is what the signature covers: the domain, then header and
// payload each prefixed with its length, so no byte can move between them.
func signedBytes(header, payload []byte) []byte {
	b := make([]byte, 0, len(domain)+len(header)+len(payload)+2*binary.MaxVarintLen64)
	b = append(b, domain...)
	b = binary.AppendUvarint(b, uint64(len(header)))
	b = append(b, header...)
	b = binary.AppendUvarint(b, uint64(len(payload)))
	return append(b, payload...)
}

// Seal signs a record with the origin's key. rec is nil for a tombstone.
// The header's key_id and sign_time are filled in here.
func Seal(kp nkeys.KeyPair, h *hcnetv1.EnvelopeHeader, rec *hcnetv1.SharedRecord, now time.Time) (*hcnetv1.Envelope, error) {
	pub, err := kp.PublicKey()
	if err != nil {
		return nil, err
	}
	h = proto.CloneOf(h)
	h.KeyId = pub
	h.SignTime = timestamppb.New(now)
	h.Tombstone = rec == nil
	header, err := proto.Marshal(h)
	if err != nil {
		return nil, err
	}
	var payload []byte
	if rec != nil {
		if payload, err = proto.Marshal(rec); err != nil {
			return nil, err
		}
	}
	sig, err := kp.Sign(signedBytes(header, payload))
	if err != nil {
		return nil, err
	}
	return &hcnetv1.Envelope{Header: header, Payload: payload, Signature: sig}, nil
}

// Verifier checks signatures against one public key, decoded once and
// expanded at its first check (see PublicKey), so a hub that keeps one
// per member pays the expansion once per member, not per record.
type Verifier struct {
	key *PublicKey
	pub string
}

// NewVerifier prepares checks against a public nkey ("U...").
func NewVerifier(publicKey string) (*Verifier, error) {
	// FromPublicKey checks what nkeys checks (encoding, checksum,
	// prefix, known small-order keys), so a key accepted here is one
	// nkeys would verify with.
	if _, err := nkeys.FromPublicKey(publicKey); err != nil {
		return nil, fmt.Errorf("public key %q: %w", publicKey, err)
	}
	raw, err := nkeys.Decode(nkeys.Prefix(publicKey), []byte(publicKey))
	if err != nil {
		return nil, fmt.Errorf("public key %q: %w", publicKey, err)
	}
	return &Verifier{key: NewPublicKey(raw), pub: publicKey}, nil
}

// Verify checks the signature over the envelope's bytes as they are.
func (v *Verifier) Verify(env *hcnetv1.Envelope) error {
	if len(env.GetSignature()) == 0 {
		return fmt.Errorf("%w: the envelope is not signed", ErrBadSignature)
	}
	if !v.key.Verify(signedBytes(env.GetHeader(), env.GetPayload()), env.GetSignature()) {
		return ErrBadSignature
	}
	return nil
}

// Open verifies the envelope and only then decodes it. It also checks that
// the header names the verifying key and that a tombstone carries no
// payload, so the header cannot claim another signer.
func (v *Verifier) Open(env *hcnetv1.Envelope) (*hcnetv1.EnvelopeHeader, *hcnetv1.SharedRecord, error) {
	if err := v.Verify(env); err != nil {
		return nil, nil, err
	}
	h := &hcnetv1.EnvelopeHeader{}
	if err := proto.Unmarshal(env.GetHeader(), h); err != nil {
		return nil, nil, fmt.Errorf("decode header: %w", err)
	}
	if h.GetKeyId() != v.pub {
		return nil, nil, fmt.Errorf("header names key %s, signed by %s", h.GetKeyId(), v.pub)
	}
	if h.GetTombstone() {
		if len(env.GetPayload()) != 0 {
			return nil, nil, errors.New("a tombstone carries a payload")
		}
		return h, nil, nil
	}
	rec := &hcnetv1.SharedRecord{}
	if err := proto.Unmarshal(env.GetPayload(), rec); err != nil {
		return nil, nil, fmt.Errorf("decode payload: %w", err)
	}
	return h, rec, nil
}

// PeekHeader decodes the header without verifying it: only to find which
// key to verify with. Nothing in it may be trusted until Open succeeds.
func PeekHeader(env *hcnetv1.Envelope) (*hcnetv1.EnvelopeHeader, error) {
	h := &hcnetv1.EnvelopeHeader{}
	if err := proto.Unmarshal(env.GetHeader(), h); err != nil {
		return nil, fmt.Errorf("decode header: %w", err)
	}
	return h, nil
}

// MsgID is the JetStream de-duplication id of an envelope:
// origin/id/version, so a retried publish is stored once.
func MsgID(h *hcnetv1.EnvelopeHeader) string {
	return fmt.Sprintf("%s.%s/%s/%d", h.GetOriginCountry(), h.GetOriginCity(), h.GetId(), h.GetVersion())
}
