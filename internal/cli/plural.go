package cli

import "strconv"

// plural is "1 problem", "2 problems": a count with its noun in the form
// the count needs. many is given rather than derived because English
// plurals are not all a trailing "s" ("entry", "entries").
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
