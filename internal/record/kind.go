package record

import (
	"fmt"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
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
	switch k {
	case KindCity:
		return &hcnetv1.City{}, nil
	case KindPartner:
		return &hcnetv1.Partner{}, nil
	case KindPartnership:
		return &hcnetv1.Partnership{}, nil
	case KindHealthPlan:
		return &hcnetv1.HealthPlan{}, nil
	case KindIndicator:
		return &hcnetv1.Indicator{}, nil
	case KindPractice:
		return &hcnetv1.Practice{}, nil
	case KindSuccess:
		return &hcnetv1.Success{}, nil
	case KindEndorsement:
		return &hcnetv1.Endorsement{}, nil
	}
	return nil, fmt.Errorf("unknown record kind %q", k)
}

// KindOf tells the kind of a record message.
func KindOf(m proto.Message) (Kind, error) {
	switch m.(type) {
	case *hcnetv1.City:
		return KindCity, nil
	case *hcnetv1.Partner:
		return KindPartner, nil
	case *hcnetv1.Partnership:
		return KindPartnership, nil
	case *hcnetv1.HealthPlan:
		return KindHealthPlan, nil
	case *hcnetv1.Indicator:
		return KindIndicator, nil
	case *hcnetv1.Practice:
		return KindPractice, nil
	case *hcnetv1.Success:
		return KindSuccess, nil
	case *hcnetv1.Endorsement:
		return KindEndorsement, nil
	}
	return "", fmt.Errorf("%T is not a record", m)
}
