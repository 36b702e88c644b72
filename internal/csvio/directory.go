package csvio

import (
	"fmt"
	"strings"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Directory maps between partner ids and organisation names, so that a
// partnerships sheet can name partners the way officers know them and
// still reach the node as ids.
type Directory struct {
	names  map[string]string   // id → organisation
	exact  map[string][]string // organisation → ids
	folded map[string][]string // lower-case organisation → ids
}

// NewDirectory indexes the node's partners.
func NewDirectory(partners []*hcnetv1.Partner) *Directory {
	d := &Directory{names: map[string]string{}, exact: map[string][]string{}, folded: map[string][]string{}}
	for _, p := range partners {
		name := strings.TrimSpace(p.GetOrganisation())
		d.names[p.GetId()] = name
		d.exact[name] = append(d.exact[name], p.GetId())
		key := strings.ToLower(name)
		d.folded[key] = append(d.folded[key], p.GetId())
	}
	return d
}

// Name is the organisation of the partner with the id, or "" when the
// directory does not hold it (or is nil).
func (d *Directory) Name(id string) string {
	if d == nil {
		return ""
	}
	return d.names[id]
}

// Resolve finds the partner id of an organisation name: the name taken
// as a partner id first (an export writes the id where a name would not
// lead back to one partner), then an exact match, then one ignoring case.
// Two partners with the same name are an error, not a guess.
func (d *Directory) Resolve(name string) (string, error) {
	name = strings.TrimSpace(name)
	if _, ok := d.names[name]; ok {
		return name, nil
	}
	for _, ids := range [][]string{d.exact[name], d.folded[strings.ToLower(name)]} {
		switch len(ids) {
		case 0:
			continue
		case 1:
			return ids[0], nil
		default:
			return "", fmt.Errorf("organisation %q is the name of %d partners (%s); give them distinct names or write the id", name, len(ids), strings.Join(ids, ", "))
		}
	}
	return "", fmt.Errorf("unknown organisation %q: the node has no partner of that name (import or add the partners first)", name)
}
