package csvio

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with an import file, at the line its record
// starts on. Line 0 means the problem is about the file as a whole.
type Problem struct {
	File  string
	Line  int
	Field string
	Text  string
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
