package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
)

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 problems", 1: "1 problem", 2: "2 problems"} {
		if got := plural(n, "problem", "problems"); got != want {
			t.Errorf("plural(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestOneProblemIsSingular: a refusal with one problem says so in the
// singular, from the node and from an import.
func TestOneProblemIsSingular(t *testing.T) {
	n := nodetest.Start(t)
	stderr := fails(t, n, "partner", "add", "--organisation", "Malmö stad", "--kind", "city", "--sector", "health",
		"--visibility", "public", "--website", "ftp://x")
	if !strings.Contains(stderr, "(1 problem):") {
		t.Fatalf("one refused field: %q", stderr)
	}
	file := filepath.Join(t.TempDir(), "p.csv")
	writeFile(t, file, "organisation,kind,sector,visibility\nMalmö stad,robot,health,public\n")
	stderr = fails(t, n, "import", "--kind", "partners", file)
	if !strings.HasSuffix(strings.TrimSpace(stderr), ": 1 problem; nothing was imported") {
		t.Fatalf("one bad cell: %q", stderr)
	}
}
