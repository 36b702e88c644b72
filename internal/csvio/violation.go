package csvio

import (
	"regexp"
	"strconv"
)

// Violation is a bad field as the node reports it on an import stream:
// "partnerships[12].sdg.targets[0]", ROW counting from 0 across the stream.
type Violation struct {
	Field       string
	Description string
	// Message is Description as a message the pages translate, when the
	// node sent one.
	Message *Message
}

var rowField = regexp.MustCompile(`^(partners|partnerships)\[(\d+)\]\.?(.*)$`)

// PartnerViolations turns the node's violations of a partners import into
// problems at the file's lines; lines is what ReadPartners returned.
func PartnerViolations(file string, lines []int, vs []Violation) Problems {
	return mapViolations(file, lines, vs, partnerSheet.columnOf)
}

// PartnershipViolations is PartnerViolations for a partnerships import.
func PartnershipViolations(file string, lines []int, vs []Violation) Problems {
	return mapViolations(file, lines, vs, partnershipSheet(nil).columnOf)
}

func mapViolations(file string, lines []int, vs []Violation, columnOf func(string) string) Problems {
	out := make(Problems, 0, len(vs))
	for _, v := range vs {
		p := Problem{File: file, Field: v.Field, Text: v.Description, Message: v.Message}
		if m := rowField.FindStringSubmatch(v.Field); m != nil {
			row, err := strconv.Atoi(m[2])
			if err == nil && row < len(lines) {
				p.Line = lines[row]
				p.Field = ""
				if m[3] != "" {
					p.Field = columnOf(m[3])
				}
			}
		}
		out = append(out, p)
	}
	return out
}
