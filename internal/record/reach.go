package record

import hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"

// Reach orders visibilities by how far a record travels: a private record
// stays on the node (1), a network record reaches the city's own hub (2),
// a public one goes up the chain and into the public feeds (3). A record
// without a visibility travels nowhere (0).
func Reach(v hcnetv1.Visibility) int {
	switch v {
	case hcnetv1.Visibility_VISIBILITY_PRIVATE:
		return 1
	case hcnetv1.Visibility_VISIBILITY_NETWORK:
		return 2
	case hcnetv1.Visibility_VISIBILITY_PUBLIC:
		return 3
	}
	return 0
}

// MayCarry is the one rule for what a shared form says about the records
// it refers to: a record of visibility carrier may carry content of a
// record of visibility carried (its name, its id, anything) only if the
// carried record travels at least as far. Otherwise the content would
// reach a hub or a feed its city never sent it to.
func MayCarry(carrier, carried hcnetv1.Visibility) bool {
	return Reach(carried) > 0 && Reach(carried) >= Reach(carrier)
}
