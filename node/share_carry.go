package node

import (
	"fmt"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// carrier resolves, for the shared form of a record of visibility vis,
// the records it refers to on this node, and answers with only those
// record.MayCarry lets travel with it. Every reference a shared form
// keeps goes through it.
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

// ref is the id, or "" when the record it names may not travel as far.
func (c carrier) ref(kind record.Kind, id string) (string, error) {
	if id == "" {
		return "", nil
	}
	m, err := c.carried(kind, id)
	if err != nil {
		return "", fmt.Errorf("%s %s: %w", kind, id, err)
	}
	if m == nil {
		return "", nil
	}
	return id, nil
}

// refs keeps the ids whose records may travel as far, in order.
func (c carrier) refs(kind record.Kind, ids []string) ([]string, error) {
	var out []string
	for _, id := range ids {
		kept, err := c.ref(kind, id)
		if err != nil {
			return nil, err
		}
		if kept != "" {
			out = append(out, kept)
		}
	}
	return out, nil
}
