package node

import (
	"slices"

	"github.com/hcnet/hcnet/internal/record"
	"google.golang.org/protobuf/proto"
)

// indexOf is the index of m on this node: its references are those to
// records on this node, the ones that name this node's city included, so
// that they are checked, kept from deletion and followed when the record
// they name changes visibility like any other.
func (s *Store) indexOf(m proto.Message) record.Index {
	ix := record.IndexOf(m)
	var country, city string
	if s.identity != nil {
		country, city = s.identity.Country, s.identity.City
	}
	ix.Refs = slices.DeleteFunc(ix.Refs, func(r record.Ref) bool { return !r.OnNode(country, city) })
	return ix
}
