package datadir_test

import (
	"testing"

	"github.com/hcnet/hcnet/internal/datadir"
)

// hcctl tells a node's folder from a hub's by the database it holds and
// finds a running daemon by its address file, so no two names may be
// the same.
func TestNamesAreDistinct(t *testing.T) {
	names := []string{datadir.Identity, datadir.Token, datadir.NodeDB, datadir.NodeAddr, datadir.HubDB, datadir.HubAddr, datadir.NATSDir}
	seen := map[string]bool{}
	for _, n := range names {
		if n == "" || seen[n] {
			t.Errorf("name %q is empty or given twice", n)
		}
		seen[n] = true
	}
}
