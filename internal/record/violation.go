package record

import (
	"fmt"
	"strings"
)

// Violation is one bad field: the path names it as the API user wrote it
// ("partnership.partners[2].partner_id").
type Violation struct {
	Field       string
	Description string
	// Message is what Description was written from, for a reader in
	// another language; its ID is empty when Description is English only.
	Message Message
}

// Violations collects every bad field of a request, so a client learns all
// of them at once rather than one per round trip.
type Violations []Violation

// Error lists the violations, one per line.
func (vs Violations) Error() string {
	lines := make([]string, len(vs))
	for i, v := range vs {
		lines[i] = v.Field + ": " + v.Description
	}
	return strings.Join(lines, "\n")
}

// Err is nil when there are no violations.
func (vs Violations) Err() error {
	if len(vs) == 0 {
		return nil
	}
	return vs
}

// Checker adds violations under a field path prefix.
type Checker struct {
	prefix string
	out    *Violations
}

// NewChecker starts a checker whose paths begin with prefix ("partner").
func NewChecker(prefix string, out *Violations) Checker {
	return Checker{prefix: prefix, out: out}
}

// At is a checker for a nested message or list element.
func (c Checker) At(name string) Checker {
	return Checker{prefix: c.path(name), out: c.out}
}

// Index is a checker for element i of the list field name.
func (c Checker) Index(name string, i int) Checker {
	return c.At(fmt.Sprintf("%s[%d]", name, i))
}

func (c Checker) path(name string) string {
	if name == "" {
		return c.prefix
	}
	if c.prefix == "" {
		return name
	}
	if strings.HasPrefix(name, "[") {
		return c.prefix + name
	}
	return c.prefix + "." + name
}

// Add records a violation of the field name written as English only,
// from a printf format; record's own checks Report declared messages
// instead, so that the pages can translate them.
func (c Checker) Add(name, format string, args ...any) {
	*c.out = append(*c.out, Violation{Field: c.path(name), Description: fmt.Sprintf(format, args...)})
}
