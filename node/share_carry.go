package node

import (
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// carrier resolves, for the shared form of a record of visibility vis,
// the records it refers to on this node, and answers with only those
// record.MayCarry lets travel with it. record.SharedForm keeps references
// by the same rule; the carrier checks its result (unnamed).
type carrier struct {
	vis hcnetv1.Visibility
	get func(kind record.Kind, id string) (proto.Message, error)
}

// carried is the record of the kind with the id if it may travel with
// the record being shared, nil if it may not.
func (c carrier) carried(kind record.Kind, id string) (proto.Message, error) {
	m, err := c.get(kind, id)
	if err != nil {
		return nil, err
	}
	if !record.MayCarry(c.vis, record.GetMeta(m).Visibility) {
		return nil, nil
	}
	return m, nil
}
