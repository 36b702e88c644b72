package record

import (
	"fmt"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// Source is what making a record's shared form needs from the node that
// holds it, passed in so that this package knows no database.
type Source struct {
	// Get reads a record of the node by kind and id.
	Get func(k Kind, id string) (proto.Message, error)
	// Names tells whether country/city is the node's own city: a
	// reference that names it is to a record on the node.
	Names func(country, city string) bool
}

// SharedForm is a record as other cities see it: contacts removed,
// partners named by organisation, kind and sector, and of every record it
// refers to only what MayCarry allows, a reference that names the node's
// own city (an adopted practice, an endorsed success) included. m is not
// changed.
func SharedForm(m proto.Message, src Source) (*hcnetv1.SharedRecord, error) {
	in, err := Of(m)
	if err != nil {
		return nil, err
	}
	if !in.Shared {
		return nil, fmt.Errorf("%T has no shared form", m)
	}
	m = proto.Clone(m)
	return in.share(m, carrier{vis: GetMeta(m).Visibility, src: src})
}

// carrier resolves, for the shared form of a record of visibility vis,
// the records it refers to on the node, and answers with only those
// MayCarry lets travel with it. Every reference a shared form keeps goes
// through it.
type carrier struct {
	vis hcnetv1.Visibility
	src Source
}

// names tells whether country/city is the node's own city.
func (c carrier) names(country, city string) bool {
	return c.src.Names != nil && c.src.Names(country, city)
}

// carried is the record of the kind with the id if it may travel with
// the record being shared, nil if it may not.
func (c carrier) carried(kind Kind, id string) (proto.Message, error) {
	m, err := c.src.Get(kind, id)
	if err != nil {
		return nil, err
	}
	if !MayCarry(c.vis, GetMeta(m).Visibility) {
		return nil, nil
	}
	return m, nil
}

// ref is the id, or "" when the record it names may not travel as far.
func (c carrier) ref(kind Kind, id string) (string, error) {
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
func (c carrier) refs(kind Kind, ids []string) ([]string, error) {
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
