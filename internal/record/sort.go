package record

import (
	"maps"
	"slices"
)

// sortedKeys gives map keys in a stable order, so violations and indexed
// text come out the same way every time.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
