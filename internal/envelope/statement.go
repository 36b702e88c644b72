package envelope

import (
	"fmt"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
)

// statementDomain separates a hub's statements from everything else its
// key signs.
const statementDomain = "hcnet.statement.v1"

// SignStatement signs what a hub says on its own authority.
func SignStatement(kp nkeys.KeyPair, st *hcnetv1.Statement) (*hcnetv1.SignedStatement, error) {
	pub, err := kp.PublicKey()
	if err != nil {
		return nil, err
	}
	b, err := proto.Marshal(st)
	if err != nil {
		return nil, err
	}
	sig, err := kp.Sign(append([]byte(statementDomain), b...))
	if err != nil {
		return nil, err
	}
	return &hcnetv1.SignedStatement{Statement: b, Signature: sig, KeyId: pub}, nil
}

// OpenStatement verifies a statement against the key of the hub that
// must have made it, then decodes it.
func OpenStatement(s *hcnetv1.SignedStatement, hubKey string) (*hcnetv1.Statement, error) {
	if s.GetKeyId() != hubKey {
		return nil, fmt.Errorf("statement signed by %s, not by the hub's key %s", s.GetKeyId(), hubKey)
	}
	kp, err := nkeys.FromPublicKey(hubKey)
	if err != nil {
		return nil, err
	}
	if err := kp.Verify(append([]byte(statementDomain), s.GetStatement()...), s.GetSignature()); err != nil {
		return nil, ErrBadSignature
	}
	st := &hcnetv1.Statement{}
	if err := proto.Unmarshal(s.GetStatement(), st); err != nil {
		return nil, fmt.Errorf("decode statement: %w", err)
	}
	return st, nil
}
