package csvio

import (
	"fmt"
	"strings"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// SharedNames finds the rows of a partners sheet whose organisation is
// also the name of another partner: an earlier row, or a partner the node
// holds under another id. Two partners may share a name (two branches of
// one association), so these are warnings, not problems; but a
// partnerships sheet cannot tell them apart by name and has to use their
// ids, which officers should hear about before they write one. Names are
// compared ignoring case, as Directory.Resolve matches them.
func SharedNames(file string, rows []*hcnetv1.Partner, lines []int, existing []*hcnetv1.Partner) Problems {
	type owner struct {
		id   string
		line int
	}
	// A node's partner whose id is on a row takes that row's name.
	inFile := make(map[string]bool, len(rows))
	for _, p := range rows {
		if p.GetId() != "" {
			inFile[p.GetId()] = true
		}
	}
	byName := map[string][]owner{}
	for _, p := range existing {
		if inFile[p.GetId()] {
			continue
		}
		key := strings.ToLower(strings.TrimSpace(p.GetOrganisation()))
		byName[key] = append(byName[key], owner{id: p.GetId()})
	}
	var out Problems
	for i, p := range rows {
		name := strings.TrimSpace(p.GetOrganisation())
		key := strings.ToLower(name)
		if key == "" {
			continue
		}
		var others []string
		for _, o := range byName[key] {
			switch {
			case o.line > 0:
				others = append(others, fmt.Sprintf("line %d", o.line))
			case o.id != p.GetId():
				others = append(others, "partner "+o.id+" on the node")
			}
		}
		if len(others) > 0 {
			out = append(out, Problem{File: file, Line: lines[i], Field: "organisation",
				Text: fmt.Sprintf("%q is also the name of %s; partnerships must name these partners by id (export writes the ids)", name, strings.Join(others, ", "))})
		}
		byName[key] = append(byName[key], owner{id: p.GetId(), line: lines[i]})
	}
	return out
}
