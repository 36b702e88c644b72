package bintest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readmeBlocks are the shell lines of the fenced sh blocks of the
// README's section titled title, continuation lines joined, blank lines
// and whole-line comments left out.
func readmeBlocks(t *testing.T, title string) []string {
	t.Helper()
	return readmeHeadingBlocks(t, "## ", title)
}

// readmeHeadingBlocks is readmeBlocks for the part under the heading
// level ("## " or "### ") and title, up to the next heading of that
// level or above.
func readmeHeadingBlocks(t *testing.T, level, title string) []string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, found := strings.Cut(string(b), "\n"+level+title+"\n")
	if !found {
		t.Fatalf("README.md has no heading %q", level+title)
	}
	for l := "## "; len(l) <= len(level); l = "#" + l {
		section, _, _ = strings.Cut(section, "\n"+l)
	}
	var lines []string
	for _, block := range strings.Split(section, "```sh\n")[1:] {
		block, _, _ = strings.Cut(block, "```")
		var cont string
		for _, line := range strings.Split(block, "\n") {
			line = strings.TrimSpace(line)
			if l, ok := strings.CutSuffix(line, `\`); ok {
				cont += strings.TrimSpace(l) + " "
				continue
			}
			if line = cont + line; line != "" && !strings.HasPrefix(line, "#") {
				lines = append(lines, line)
			}
			cont = ""
		}
	}
	return lines
}

// TestReadmeDaemonBlocksRun runs the commands of the README's "Running a
// node" and "Running a hub" (with its recovery of a lost hub.db) as written, the way the help examples run
// (TestEveryHelpExampleRuns: the same folders and ports stand in for
// /var/lib/… and the default ports), with bin/ the folder of the
// programs this test built; their "go build" line is that build.
func TestReadmeDaemonBlocksRun(t *testing.T) {
	build(t)
	d := newDaemonExamples(t)
	d.sub = strings.NewReplacer(append(d.subPairs, "bin/", binDir+string(filepath.Separator))...)
	ran := 0
	for _, title := range []string{"Running a node", "Running a hub"} {
		for _, line := range readmeBlocks(t, title) {
			if strings.HasPrefix(line, "go build -o bin/ ./cmd/...") {
				continue
			}
			switch line {
			case "systemctl stop hchub":
				// Its "run" above has already stopped the hub, and the
				// recover that follows removes hub.db first, as the
				// recovery block presumes it lost.
				t.Logf("%s", line)
				continue
			case "systemctl start hchub":
				t.Logf("%s", line)
				d.run(t, example{command: "hchub run", line: "bin/hchub run --dir /var/lib/hchub"})
				ran++
				continue
			}
			fields := strings.Fields(line)
			if len(fields) < 2 || !strings.HasPrefix(fields[0], "bin/") {
				t.Fatalf("%s: %q is no command of a built program; teach the test to run it", title, line)
			}
			t.Logf("%s", line)
			d.run(t, example{command: strings.TrimPrefix(fields[0], "bin/") + " " + fields[1], line: line})
			ran++
		}
	}
	if ran != 6 {
		t.Fatalf("ran %d commands of the README, want the 6 of hcnode and hchub init and run, and of a lost hub.db's recovery", ran)
	}
}
