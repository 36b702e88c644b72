package sharetest

import (
	"bytes"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// InSharedForm lists the records of the graph other than self of which
// anything (marker or id) shows in data, the payload of a shared form of
// visibility v, though they travel less far than v now.
func (g *Graph) InSharedForm(data []byte, v hcnetv1.Visibility, self string) []string {
	var out []string
	for _, r := range g.recs {
		if r.ID == self || record.MayCarry(v, r.Visibility) {
			continue
		}
		if w := shows(data, r, true); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// AtDestination lists the records of which something shows in data, all
// that a hub or a feed holds where only records of visibility v or wider
// may go: a record's content while it travels less far than v, or its id
// if it never travelled that far (a withdrawal names the record it
// withdraws).
func (g *Graph) AtDestination(data []byte, v hcnetv1.Visibility) []string {
	var out []string
	for _, r := range g.recs {
		if record.MayCarry(v, r.Visibility) {
			continue
		}
		if w := shows(data, r, !record.MayCarry(v, r.Widest)); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// Unnamed lists the records r names that may travel with it but that the
// payload of its shared form, data, does not name: a partner by its
// organisation, any other record by its id. A shared form that dropped
// every reference would keep every secret, and be wrong.
func (g *Graph) Unnamed(data []byte, r *Rec) []string {
	var out []string
	for _, x := range r.Refs {
		if !record.MayCarry(r.Visibility, x.Visibility) {
			continue
		}
		name := x.ID
		if x.Kind == record.KindPartner {
			name = x.Marker
		}
		if !bytes.Contains(data, []byte(name)) {
			out = append(out, x.String())
		}
	}
	return out
}

// shows tells what of r is in data: its marker, or (when withID) its id.
func shows(data []byte, r *Rec, withID bool) string {
	switch {
	case bytes.Contains(data, []byte(r.Marker)):
		return r.String() + ": its content"
	case withID && bytes.Contains(data, []byte(r.ID)):
		return r.String() + ": its id"
	}
	return ""
}
