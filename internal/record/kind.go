package record

import (
	"fmt"

	"google.golang.org/protobuf/proto"
)

// Kind names a kind of record. The names appear in storage, page tokens,
// NATS subjects and the CLI, so they never change; the list is append-only.
type Kind string

// The kinds of record a node holds.
const (
	KindCity        Kind = "city"
	KindPartner     Kind = "partner"
	KindPartnership Kind = "partnership"
	KindHealthPlan  Kind = "plan"
	KindIndicator   Kind = "indicator"
	KindPractice    Kind = "practice"
	KindSuccess     Kind = "success"
	KindEndorsement Kind = "endorsement"
)

// Kinds lists every kind, in the order a loader must create them so that
// references resolve (partners before partnerships before plans ...).
var Kinds = []Kind{KindCity, KindPartner, KindPartnership, KindHealthPlan, KindIndicator, KindPractice, KindSuccess, KindEndorsement}

// New returns an empty record of the kind.
func New(k Kind) (proto.Message, error) {
	if in := Lookup(k); in != nil {
		return in.New(), nil
	}
	return nil, fmt.Errorf("unknown record kind %q", k)
}

// KindOf tells the kind of a record message.
func KindOf(m proto.Message) (Kind, error) {
	in, err := Of(m)
	if err != nil {
		return "", err
	}
	return in.Kind, nil
}
