package csvio

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is one thing wrong with an import file, at the line its record
// starts on. Line 0 means the problem is about the file as a whole.
type Problem struct {
	File  string
	Line  int
	Field string
	Text  string
	// Message is Text as a message the pages translate: written here, or
	// by the node when it sent the message with its English.
	Message *Message
}

// String is "FILE:LINE: field: problem", the form editors and terminals
// recognise as a jump target.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Text)
	return b.String()
}

// Problems is every problem found in a file. A file with any problem is
// rejected whole, so it is reported whole: officers fix the spreadsheet
// once instead of once per run.
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Err is nil when there are no problems, so callers can return it directly.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// AboutColumns reports whether any problem is about the file as a whole
// or its header row: then every row is read wrongly, and checking the
// rows further would report each of them for the same cause.
func (ps Problems) AboutColumns() bool {
	for _, p := range ps {
		if p.Line <= 1 {
			return true
		}
	}
	return false
}

// With adds the problems the node found in the rows of the same file,
// except those about a cell already reported (a cell that could not be
// read reaches the node empty, and the node's complaint about the empty
// field would only repeat it), and orders all by line.
func (ps Problems) With(node Problems) Problems {
	type cell struct {
		line  int
		field string
	}
	seen := make(map[cell]bool, len(ps))
	wholeRow := make(map[int]bool)
	for _, p := range ps {
		seen[cell{p.Line, p.Field}] = true
		if p.Field == "" {
			wholeRow[p.Line] = true
		}
	}
	out := slices.Clone(ps)
	for _, p := range node {
		if !seen[cell{p.Line, p.Field}] && !wholeRow[p.Line] {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b Problem) int { return cmp.Compare(a.Line, b.Line) })
	return out
}
