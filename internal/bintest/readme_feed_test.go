package bintest

import (
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/poll"
)

// TestReadmeFeedBlocksRun follows a hub's feed as the README's
// "Following a hub's feed" says, against a live hub and a member city
// that shared a practice: the coordinator's subscriber commands and the
// hcctl feed commands run as written, through sh with the built programs
// on PATH (/var/lib/hchub is the hub's folder, hub.example.org:7500 its
// address, TOKEN the token the feed before printed). A feed run with
// --follow is stopped with SIGTERM, as a service manager stops it, and
// must end cleanly and print the token to resume with (unless it was
// resumed and nothing came since).
//
// The nats tool's lines are not run, since the tool is no part of this
// repository; each must be, with its record id as ID, one of the
// commands that "hub subscriber add" prints, so that what the README
// shows and what the coordinator hands a peer agree.
func TestReadmeFeedBlocksRun(t *testing.T) {
	f := startFederation(t)
	practice := created(t, f.officer(t, "practice", "add", "-o", "json", "--lang", "sv", "--title", "Mötesplatser för äldre",
		"--summary", "Träffpunkter i varje stadsdel", "--status", "ongoing", "--visibility", "public", "--sdg", "3,10"))
	ok(t, f.officer(t, "hub", "join", "--hub", f.hub.Addr()), "pending")
	ok(t, f.coordinator(t, "hub", "approve", "se/malmo"), "approved")
	poll.Within(t, time.Minute, "the practice at the hub", func() string {
		if r := f.coordinator(t, "hub", "--hub", f.hub.Addr(), "get", practice); r.code != 0 {
			return r.stderr
		}
		return ""
	})

	root := filepath.Dir(f.nodeDir)
	sh := &exampleShell{cwd: root, vars: map[string]string{}, sub: strings.NewReplacer(
		"/var/lib/hchub", f.hubDir,
		"hub.example.org:7500", f.hub.Addr(),
		"--resume TOKEN", `--resume "$RESUME"`,
	)}
	var printed, natsPrefix string
	ran, compared := 0, 0
	for _, line := range readmeBlocks(t, "Following a hub's feed") {
		t.Logf("%s", line)
		switch {
		case strings.HasPrefix(line, "N="):
			m := printedNATS.FindStringSubmatch(printed)
			if m == nil {
				t.Fatalf("hub subscriber add printed no NATS address before %q:\n%s", line, printed)
			}
			natsPrefix = strings.ReplaceAll(strings.Trim(strings.TrimPrefix(line, "N="), `"`), "nats://hub.example.org:4222", m[1])
			continue
		case strings.HasPrefix(line, "$N "):
			cmd := natsPrefix + " " + strings.TrimSpace(stripComment(strings.TrimPrefix(line, "$N ")))
			cmd = recordID.ReplaceAllString(cmd, "ID")
			if !strings.Contains(printed, cmd) {
				t.Errorf("the README's %q is none of the commands hub subscriber add prints:\n%s", cmd, printed)
			}
			compared++
			continue
		case !strings.HasPrefix(line, "hcctl "):
			t.Fatalf("%q is no command this test knows how to run; teach it", line)
		}
		e := example{command: "hcctl", line: line}
		var r result
		if strings.Contains(line, "--follow") {
			r = sh.long(t, e, syscall.SIGTERM, func(stdout, stderr string) bool {
				return strings.Contains(stderr, "caught up") || strings.Contains(stdout, `"caughtUp":true`)
			})
			// A feed resumed that received nothing new keeps the token
			// it was given, and prints none.
			m := resumeNotice.FindStringSubmatch(r.stderr)
			switch {
			case m != nil:
				sh.vars["RESUME"] = m[1]
			case !strings.Contains(line, "--resume"):
				t.Fatalf("%s: stopped with SIGTERM, it printed no token to resume with\nstderr: %s", line, r.stderr)
			}
		} else {
			r = sh.short(t, e)
		}
		if r.code != 0 || errorOutput.MatchString(r.stderr) {
			t.Fatalf("%s: exit %d\nstdout: %s\nstderr: %s", line, r.code, r.stdout, r.stderr)
		}
		switch {
		case strings.Contains(line, "subscriber add"):
			printed = r.stdout
		case strings.Contains(line, "subscriber list"):
			holds(t, r, "research-group-lund", "active")
		case strings.Contains(line, "feed") && strings.Contains(line, "--resume"):
			// It goes on after the token: the practice it printed before
			// is not sent again.
			if strings.Contains(r.stdout, practice) {
				t.Errorf("%s: the practice came again after the token\n%s", line, r.stdout)
			}
		case strings.Contains(line, "feed"):
			holds(t, r, practice, "Mötesplatser för äldre")
		}
		ran++
	}
	if ran != 6 || compared != 4 {
		t.Fatalf("ran %d commands and compared %d nats commands, want the 3 subscriber and 3 feed commands and the 4 nats ones", ran, compared)
	}
	ok(t, f.coordinator(t, "hub", "subscriber", "list"), "research-group-lund", "revoked")
}

// printedNATS is the NATS address hub subscriber add prints.
var printedNATS = regexp.MustCompile(`(?m)^NATS:\s+(\S+)$`)

// recordID is a record's ULID in a command.
var recordID = regexp.MustCompile(`\b[0-9A-HJKMNP-TV-Z]{26}\b`)

// stripComment drops a shell comment at the end of a line.
func stripComment(line string) string {
	if i := strings.Index(line, "  #"); i >= 0 {
		return line[:i]
	}
	return line
}
