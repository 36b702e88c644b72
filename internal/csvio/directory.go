package csvio

import (
	"strconv"
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
	words  directoryWords
}

// directoryWords are a directory's problems, as messages: unknown takes
// {{.Name}}, shared {{.Name}}, {{.Count}} and {{.IDs}}.
type directoryWords struct {
	unknown, shared string
}

// NewDirectory indexes the node's partners.
func NewDirectory(partners []*hcnetv1.Partner) *Directory {
	d := newDirectory(directoryWords{
		unknown: "unknown organisation {{.Name}}: the node has no partner of that name (import or add the partners first)",
		shared:  "organisation {{.Name}} is the name of {{.Count}} partners ({{.IDs}}); give them distinct names or write the id",
	})
	for _, p := range partners {
		d.add(p.GetId(), p.GetOrganisation())
	}
	return d
}

// NewIndicatorDirectory indexes the node's indicators by name, so that a
// measurements sheet can name indicators as officers know them.
func NewIndicatorDirectory(indicators []*hcnetv1.Indicator) *Directory {
	d := newDirectory(directoryWords{
		unknown: "unknown indicator {{.Name}}: the node has no indicator of that name (add the indicator to the health plan first)",
		shared:  "indicator {{.Name}} is the name of {{.Count}} indicators ({{.IDs}}); give them distinct names or write the id",
	})
	for _, ind := range indicators {
		d.add(ind.GetId(), ind.GetName())
	}
	return d
}

func newDirectory(w directoryWords) *Directory {
	return &Directory{names: map[string]string{}, exact: map[string][]string{}, folded: map[string][]string{}, words: w}
}

func (d *Directory) add(id, name string) {
	name = strings.TrimSpace(name)
	d.names[id] = name
	d.exact[name] = append(d.exact[name], id)
	key := strings.ToLower(name)
	d.folded[key] = append(d.folded[key], id)
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
			return "", problemf(d.words.shared, "Name", strconv.Quote(name), "Count", len(ids), "IDs", strings.Join(ids, ", "))
		}
	}
	return "", problemf(d.words.unknown, "Name", strconv.Quote(name))
}
