//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
)

// TestExportsAreOwnerOnly: every file hcctl writes that holds contacts'
// personal data (the partners sheet, export --all, a backup of the node)
// is readable by its owner alone under the usual umask, also when it
// replaces a file anyone could read.
func TestExportsAreOwnerOnly(t *testing.T) {
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
	n := nodetest.Start(t)
	fixturesOn(t, n)
	dir := t.TempDir()

	for _, tc := range []struct {
		title, file string
		args        []string
		want        string // in the file
	}{
		{title: "partners", file: "partners.csv", args: []string{"export", "--kind", "partners"}, want: "anna.lindqvist@malmo.se"},
		{title: "partnerships", file: "partnerships.csv", args: []string{"export", "--kind", "partnerships"}, want: "Promenader i Rosengård"},
		{title: "all", file: "all.jsonl", args: []string{"export", "--all"}, want: "anna.lindqvist@malmo.se"},
		{title: "backup", file: "hcnode.backup.db", args: []string{"backup"}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			for _, existing := range []bool{false, true} {
				path := filepath.Join(dir, tc.file)
				os.Remove(path)
				if existing {
					if tc.title == "backup" {
						continue // backup never overwrites
					}
					writeFile(t, path, "old, readable by anyone\n")
					if err := os.Chmod(path, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				ok(t, n, append(tc.args, "--out", path)...)
				st, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				if st.Mode().Perm() != 0o600 {
					t.Errorf("%s (existing before: %v): mode %v, want 0600", tc.file, existing, st.Mode().Perm())
				}
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(b), tc.want) || strings.Contains(string(b), "old, readable") {
					t.Errorf("%s (existing before: %v) holds:\n%.300s", tc.file, existing, b)
				}
			}
		})
	}
	// An export that fails leaves the file it would have replaced as it
	// was.
	path := filepath.Join(dir, "partners.csv")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if r := runWith(t, nil, "--node", n.Addr, "--token", "wrong", "export", "--kind", "partners", "--out", path); r.code == 0 {
		t.Fatal("export with a wrong token succeeded")
	}
	if after, err := os.ReadFile(path); err != nil || string(after) != string(before) {
		t.Errorf("a failed export changed %s (%v):\n%.300s", path, err, after)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}
