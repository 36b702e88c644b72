package syncbuf

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// Writers at once lose nothing and never interleave within one write
// (run with -race).
func TestConcurrentWritesKeepEveryLine(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				fmt.Fprintf(&b, "writer %d line %d\n", w, i)
				_ = b.String()
			}
		}()
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 800 {
		t.Fatalf("%d lines, want 800", len(lines))
	}
	seen := map[string]bool{}
	for _, l := range lines {
		var w, i int
		if n, _ := fmt.Sscanf(l, "writer %d line %d", &w, &i); n != 2 || seen[l] {
			t.Fatalf("line %q mangled or repeated", l)
		}
		seen[l] = true
	}
}
