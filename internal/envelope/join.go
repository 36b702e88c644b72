package envelope

import (
	"fmt"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// joinDomain separates join signatures from record signatures.
const joinDomain = "hcnet.join.v1"

// SignJoin signs a membership application with the city's key. The
// application's public_key, time and nonce are filled in here.
func SignJoin(kp nkeys.KeyPair, app *hcnetv1.JoinApplication, nonce string, now time.Time) (*hcnetv1.JoinRequest, error) {
	pub, err := kp.PublicKey()
	if err != nil {
		return nil, err
	}
	app = proto.CloneOf(app)
	app.PublicKey, app.Nonce, app.Time = pub, nonce, timestamppb.New(now)
	b, err := proto.Marshal(app)
	if err != nil {
		return nil, err
	}
	sig, err := kp.Sign(append([]byte(joinDomain), b...))
	if err != nil {
		return nil, err
	}
	return &hcnetv1.JoinRequest{Application: b, Signature: sig}, nil
}

// OpenJoin decodes an application and checks that the key it names signed
// it. That proves the applicant holds the key; whether the key is the
// city's is the coordinator's decision (approve), or, once a city is
// known, must match the key on record.
func OpenJoin(req *hcnetv1.JoinRequest) (*hcnetv1.JoinApplication, error) {
	app := &hcnetv1.JoinApplication{}
	if err := proto.Unmarshal(req.GetApplication(), app); err != nil {
		return nil, fmt.Errorf("decode application: %w", err)
	}
	kp, err := nkeys.FromPublicKey(app.GetPublicKey())
	if err != nil {
		return nil, fmt.Errorf("public key: %w", err)
	}
	if err := kp.Verify(append([]byte(joinDomain), req.GetApplication()...), req.GetSignature()); err != nil {
		return nil, ErrBadSignature
	}
	return app, nil
}
