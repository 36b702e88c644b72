package node

import (
	"github.com/hcnet/hcnet/internal/record"
	"google.golang.org/protobuf/proto"
)

// indexOf is the index of m on this node: its references are those to
// records on this node, the ones that name this node's city included, so
// that they are checked, kept from deletion and followed when the record
// they name changes visibility like any other.
func (s *Store) indexOf(m proto.Message) record.Index {
	ix := record.IndexOf(m)
	ix.Refs = refsOnNode(s.identity, ix.Refs)
	return ix
}

// refsOnNode are the references to records on the node of self.
func refsOnNode(self *Identity, refs []record.Ref) []record.Ref {
	var country, city string
	if self != nil {
		country, city = self.Country, self.City
	}
	var out []record.Ref
	for _, r := range refs {
		if r.OnNode(country, city) {
			out = append(out, r)
		}
	}
	return out
}
