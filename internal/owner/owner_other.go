//go:build !unix

package owner

// Match does nothing where files have no Unix owner.
func Match(dir string) error { return nil }

// Hint is "" where files have no Unix owner.
func Hint(path string) string { return "" }
