package cli

import (
	"testing"

	"github.com/hcnet/hcnet/internal/version"
)

// TestVersionFlag: hcctl --version prints the line every hcnet command
// prints, and needs no node.
func TestVersionFlag(t *testing.T) {
	r := runWith(t, nil, "--version")
	if r.code != exitOK || r.stdout != version.Line("hcctl")+"\n" || r.stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
