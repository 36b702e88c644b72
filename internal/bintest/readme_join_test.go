package bintest

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/proctest"
	"github.com/hcnet/hcnet/node"
)

// TestReadmeJoinWalkthroughRuns follows the README's "Joining a hub" as
// written: its sh block starts a hub and two city nodes (each "… &" a
// daemon of the test), then every "$ " command of its examples runs
// through sh with the built programs on PATH, and what the README shows
// it printing must be there: each line without a figure, id or time as
// shown (spaces aside), and of the others their first word. A command is
// run again for up to a minute until it matches, as a reader would look
// again a moment later (delivery takes a second). /tmp/hcwalk is a
// folder of the test and the fixed ports free ones. The success whose
// record the README reads is made and endorsed as its text says (success
// add with --partner-city at Malmö, success endorse at Lund), and the
// README's id stands for it.
func TestReadmeJoinWalkthroughRuns(t *testing.T) {
	build(t)
	root := t.TempDir()
	pairs := []string{
		"/tmp/hcwalk", root,
		"127.0.0.1:17500", proctest.FreePort(t),
		"127.0.0.1:14222", proctest.FreePort(t),
		"127.0.0.1:17401", proctest.FreePort(t),
		"127.0.0.1:17402", proctest.FreePort(t),
	}
	sub := strings.NewReplacer(pairs...)
	sh := &exampleShell{cwd: root, vars: map[string]string{}, sub: sub}
	started := 0
	for _, line := range readmeBlocks(t, "Joining a hub") {
		t.Logf("%s", line)
		if strings.HasPrefix(line, "go build -o bin/ ./cmd/...") {
			continue // this test's build, whose bin/ is on PATH
		}
		if cmd, ok := strings.CutSuffix(line, " &"); ok {
			fields := strings.Fields(sub.Replace(cmd))
			dir := fields[slices.Index(fields, "--dir")+1]
			addrFile := filepath.Join(dir, node.AddrFile)
			if fields[0] == "hchub" {
				addrFile = filepath.Join(dir, hub.AddrFile)
			}
			newDaemon(t, fields[0], addrFile, fields[1:]...).Start()
			started++
			continue
		}
		r := sh.short(t, example{command: line, line: line})
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("%s: exit %d\nstdout: %s\nstderr: %s", line, r.code, r.stdout, r.stderr)
		}
	}
	if started != 3 {
		t.Fatalf("started %d daemons, want the hub and two nodes", started)
	}

	examples := readmeTranscripts(t, "Joining a hub")
	if len(examples) != 9 {
		t.Fatalf("found %d commands in the README's examples, want the 9 of the walkthrough", len(examples))
	}
	for _, ex := range examples {
		if strings.Contains(ex.command, "hub --hub 127.0.0.1:17500 get ") {
			sh.sub = strings.NewReplacer(append(pairs, readmeSuccessID, madeSuccess(t, root))...)
		}
		t.Logf("$ %s", ex.command)
		var last result
		poll.Within(t, time.Minute, ex.command+" prints what the README shows", func() string {
			last = sh.short(t, example{command: ex.command, line: ex.command})
			if last.code != 0 || errorOutput.MatchString(last.stderr) {
				return "exit " + last.stderr
			}
			return missing(ex.shown, last.stdout+last.stderr)
		})
	}
}

// readmeSuccessID is the id of the success the README's walkthrough reads
// at the hub.
const readmeSuccessID = "01M85VPVEX9Y5QTB0VCVSHQGPF"

// madeSuccess makes at Malmö a public success naming Lund as a partner
// city, has Lund endorse it, and returns its id.
func madeSuccess(t *testing.T, root string) string {
	t.Helper()
	malmo, lund := filepath.Join(root, "malmo"), filepath.Join(root, "lund")
	id := created(t, hcctl(t, "", "--dir", malmo, "success", "add", "-o", "json", "--title", "Färre ensamma äldre",
		"--outcome", "En tredjedel färre", "--partner-city", "se/lund/Lund", "--visibility", "public"))
	ok(t, hcctl(t, "", "--dir", lund, "success", "endorse", "--city", "malmo", "--country", "se", "--success", id,
		"--statement", "Lund took part", "--visibility", "public"))
	return id
}

// transcript is one "$ command" of the README and the lines it shows the
// command printing.
type transcript struct {
	command string
	shown   []string
}

// readmeTranscripts reads the "$ " commands of the plain fenced blocks of
// the README's section title, continuation lines joined.
func readmeTranscripts(t *testing.T, title string) []transcript {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, found := strings.Cut(string(b), "\n## "+title+"\n")
	if !found {
		t.Fatalf("README.md has no section %q", title)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var out []transcript
	for _, block := range strings.Split(section, "\n```\n")[1:] {
		if !strings.HasPrefix(block, "$ ") {
			continue
		}
		block, _, _ = strings.Cut(block, "```")
		lines := strings.Split(strings.TrimRight(block, "\n"), "\n")
		for i := 0; i < len(lines); i++ {
			cmd, ok := strings.CutPrefix(lines[i], "$ ")
			if !ok {
				if len(out) > 0 && strings.TrimSpace(lines[i]) != "..." {
					out[len(out)-1].shown = append(out[len(out)-1].shown, lines[i])
				}
				continue
			}
			for strings.HasSuffix(cmd, `\`) && i+1 < len(lines) {
				i++
				cmd = strings.TrimSuffix(cmd, `\`) + " " + strings.TrimSpace(lines[i])
			}
			out = append(out, transcript{command: cmd})
		}
	}
	return out
}

// variable finds what differs from run to run in a shown line: figures
// (times, counts, ports), which also mark record ids and keys.
var variable = regexp.MustCompile(`[0-9]`)

// missing says which shown line output lacks, "" when none: a line
// without figures as shown, spaces aside; another by its first word.
func missing(shown []string, output string) string {
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	out := norm(output)
	for _, line := range shown {
		want := norm(line)
		if variable.MatchString(line) {
			want = strings.Fields(line)[0]
		}
		if want != "" && !strings.Contains(out, want) {
			return "lacks " + want + " in:\n" + output
		}
	}
	return ""
}
