package bintest

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/proctest"
	"github.com/hcnet/hcnet/node"
)

// exampleOrder is the order the examples run in, by the command whose
// help shows them: the daemons first, each on a folder of its own, then
// hcctl against one live hub and node as an officer would go: look,
// join, record, share, read the network, back up, and last what deletes
// or ends something. A command with examples that is not listed fails
// the test, so a new command gets its place.
var exampleOrder = []string{
	"hchub init", "hchub run", "hchub recover", "hcnode init", "hcnode run",

	"hcctl status", "hcctl city get", "hcctl city update",
	"hcctl hub join", "hcctl hub members", "hcctl hub approve", "hcctl hub reject", "hcctl hub delete",
	"hcctl partner add", "hcctl partner list", "hcctl partner get", "hcctl partner update",
	"hcctl partnership add", "hcctl partnership list", "hcctl partnership get", "hcctl partnership update",
	"hcctl plan add", "hcctl plan list", "hcctl plan get", "hcctl plan update",
	"hcctl indicator add", "hcctl indicator list", "hcctl indicator get", "hcctl indicator update", "hcctl indicator record",
	"hcctl practice add", "hcctl practice list", "hcctl practice get", "hcctl practice update",
	"hcctl success add", "hcctl success list", "hcctl success get", "hcctl success update", "hcctl success endorse",
	"hcctl endorsement list", "hcctl endorsement get",
	"hcctl", "hcctl export", "hcctl import",

	"hcctl sync", "hcctl record status", "hcctl record history",
	"hcctl hub search", "hcctl hub get", "hcctl hub stats", "hcctl hub find-partners", "hcctl hub quarantine", "hcctl feed",
	"hcctl hub subscriber add", "hcctl hub subscriber list", "hcctl hub subscriber revoke", "hcctl hub parent",
	"hcctl backup", "hcctl restore",
	"hcctl user add", "hcctl user list", "hcctl user passwd", "hcctl user role",

	"hcctl endorsement delete", "hcctl success delete", "hcctl indicator delete", "hcctl plan delete",
	"hcctl practice delete", "hcctl partnership delete", "hcctl partner delete",
	"hcctl hub revoke", "hcctl user remove",
}

// idVariables are the shell variables the examples name records by, set
// from the newest record of the kind after its add examples ran, as a
// user would set them from what add printed.
var idVariables = map[string]string{
	"hcctl partner add": "PARTNER_ID", "hcctl partnership add": "PARTNERSHIP_ID", "hcctl plan add": "PLAN_ID",
	"hcctl indicator add": "INDICATOR_ID", "hcctl practice add": "PRACTICE_ID", "hcctl success add": "SUCCESS_ID",
	"hcctl success endorse": "ENDORSEMENT_ID",
}

// TestEveryHelpExampleRuns runs every example that the help of hchub,
// hcnode and hcctl shows, as written, through sh with the built programs
// first on PATH, and wants each to exit 0 with nothing on stderr but
// the notices listed in notice. Only this is changed in an example
// before it runs:
//
//   - /var/lib/hcnode and /var/lib/hchub are the test's data folders of
//     the node and the hub; ./malmo (in the working folder) is the node's;
//   - hub.healthycities.se:7500 and 127.0.0.1:7500 are the live hub's
//     address, eu-hub.example.org:7500 a regional hub's, and the other
//     fixed loopback ports free ones;
//   - /backup/ and /secure/ are folders of the test;
//   - "systemctl stop|start hcnode" stops or starts the test's node.
//
// The shell has what a user who followed the README would have:
// HCNET_DIR names the node's folder and HCNET_HUB the hub's address;
// the record-id variables (idVariables) hold the newest record of their
// kind; RESUME holds the token a stopped feed printed; text.md exists. A
// daemon's run example (and a feed's --follow) runs until it serves, then
// gets SIGTERM (SIGINT for hcctl, as Ctrl-C) and must exit 0; a daemon must
// log no error. To keep daemons off the default ports the machine's
// other programs use, HCNET_LISTEN and HCNET_NATS_LISTEN give them free
// ones unless the example names its own.
func TestEveryHelpExampleRuns(t *testing.T) {
	build(t)
	byCommand := map[string][]example{}
	for _, p := range programs {
		for _, e := range helpExamples(t, p) {
			byCommand[e.command] = append(byCommand[e.command], e)
		}
	}
	for cmd := range byCommand {
		if !slices.Contains(exampleOrder, cmd) {
			t.Fatalf("%q shows examples but has no place in exampleOrder", cmd)
		}
	}
	for _, cmd := range []string{"hcnode run", "hchub init", "hcctl partner add", "hcctl hub approve"} {
		if len(byCommand[cmd]) == 0 {
			t.Fatalf("no examples found for %q; does the help walk still work?", cmd)
		}
	}

	d := newDaemonExamples(t)
	f := newLiveExamples(t)
	for _, cmd := range exampleOrder {
		for _, e := range byCommand[cmd] {
			t.Logf("%s", e.line)
			if strings.HasPrefix(cmd, "hcctl") {
				f.run(t, e)
			} else {
				d.run(t, e)
			}
		}
		f.after(t, cmd)
	}
}

// exampleShell is where and how examples run.
type exampleShell struct {
	cwd  string
	sub  *strings.Replacer
	env  []string
	vars map[string]string
}

func (s *exampleShell) command(ctx context.Context, line string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "sh", "-uc", s.sub.Replace(line))
	cmd.Dir = s.cwd
	cmd.Env = append(cleanEnv(), "PATH="+binDir+string(os.PathListSeparator)+os.Getenv("PATH"))
	cmd.Env = append(cmd.Env, s.env...)
	for k, v := range s.vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	return cmd
}

// short runs an example that ends by itself.
func (s *exampleShell) short(t *testing.T, e example) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runLimit)
	defer cancel()
	cmd := s.command(ctx, e.line)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok || ctx.Err() != nil {
			t.Fatalf("%s: %v\n%s", e.line, err, r.stderr)
		}
		r.code = ee.ExitCode()
	}
	return r
}

// long runs an example that serves until stopped: it waits until ready
// holds of its output, then sends sig and returns what it wrote.
func (s *exampleShell) long(t *testing.T, e example, sig syscall.Signal, ready func(stdout, stderr string) bool) result {
	t.Helper()
	dir := t.TempDir()
	outPath, errPath := filepath.Join(dir, "stdout"), filepath.Join(dir, "stderr")
	outF, err := os.Create(outPath)
	if err != nil {
		t.Fatal(err)
	}
	errF, err := os.Create(errPath)
	if err != nil {
		t.Fatal(err)
	}
	defer outF.Close()
	defer errF.Close()
	// exec env: the signal reaches the program, not the shell around it.
	cmd := s.command(context.Background(), "exec env "+e.line)
	cmd.Stdout, cmd.Stderr = outF, errF
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	read := func() (string, string) {
		o, _ := os.ReadFile(outPath)
		e, _ := os.ReadFile(errPath)
		return string(o), string(e)
	}
	deadline := time.Now().Add(proctest.StartLimit)
	for {
		o, er := read()
		if ready(o, er) {
			break
		}
		select {
		case err := <-done:
			o, er := read()
			t.Fatalf("%s: ended before it was ready (%v)\nstdout: %s\nstderr: %s", e.line, err, o, er)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			<-done
			t.Fatalf("%s: not ready within %s\nstdout: %s\nstderr: %s", e.line, proctest.StartLimit, o, er)
		}
	}
	cmd.Process.Signal(sig)
	var r result
	select {
	case err := <-done:
		if ee, ok := err.(*exec.ExitError); ok {
			r.code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		<-done
		t.Fatalf("%s: still running a minute after %v", e.line, sig)
	}
	r.stdout, r.stderr = read()
	return r
}

// daemonExamples runs the examples of hchub and hcnode, in a working
// folder of their own.
type daemonExamples struct {
	exampleShell
	nodeDir, hubDir string
	// subPairs are the replacements of sub, old and new in turn.
	subPairs []string
}

func newDaemonExamples(t *testing.T) *daemonExamples {
	cwd := t.TempDir()
	d := &daemonExamples{nodeDir: filepath.Join(cwd, "malmo"), hubDir: filepath.Join(cwd, "se-net")}
	d.cwd = cwd
	// The password file hcnode init's example reads.
	if err := os.WriteFile(filepath.Join(cwd, "admin-password"), []byte("a long first password\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The regional hub a national hub's example names as its parent.
	build(t)
	parentDir := filepath.Join(t.TempDir(), "eu-net")
	initDaemon(t, "hchub", "init", "--dir", parentDir, "--id", "eu-net", "--name", "WHO European Healthy Cities Network", "--level", "regional")
	parent := newDaemon(t, "hchub", filepath.Join(parentDir, hub.AddrFile),
		"run", "--dir", parentDir, "--listen", "127.0.0.1:0", "--nats-listen", proctest.FreePort(t))
	parent.Start()
	d.subPairs = []string{
		"/var/lib/hcnode", d.nodeDir,
		"/var/lib/hchub", d.hubDir,
		"./se-net", d.hubDir,
		"eu-hub.example.org:7500", parent.Addr(),
		"127.0.0.1:7500", proctest.FreePort(t),
		"127.0.0.1:4222", proctest.FreePort(t),
		"127.0.0.1:9400", proctest.FreePort(t),
		"127.0.0.1:9500", proctest.FreePort(t),
	}
	d.sub = strings.NewReplacer(d.subPairs...)
	d.env = []string{"HCNET_LISTEN=127.0.0.1:0", "HCNET_NATS_LISTEN=" + proctest.FreePort(t)}
	return d
}

func (d *daemonExamples) run(t *testing.T, e example) {
	t.Helper()
	dir, addrFile := d.nodeDir, node.AddrFile
	if strings.HasPrefix(e.command, "hchub") {
		dir, addrFile = d.hubDir, hub.AddrFile
	}
	switch e.command {
	case "hchub recover":
		// Each recover example presumes a hub whose hub.db is lost; the
		// hub is down, as its run example ended with SIGTERM.
		for _, f := range []string{"hub.db", "hub.db-wal", "hub.db-shm"} {
			if err := os.Remove(filepath.Join(d.hubDir, f)); err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
		}
		r := d.short(t, e)
		if r.code != 0 || !strings.Contains(r.stdout, "Recovered") {
			t.Fatalf("%s: exit %d\nstdout: %s\nstderr: %s", e.line, r.code, r.stdout, r.stderr)
		}
	case "hcnode init", "hchub init":
		// Each init example makes a data folder of its own.
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		r := d.short(t, e)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("%s: exit %d\nstdout: %s\nstderr: %s", e.line, r.code, r.stdout, r.stderr)
		}
	default:
		os.Remove(filepath.Join(dir, addrFile))
		r := d.long(t, e, syscall.SIGTERM, func(_, _ string) bool {
			b, err := os.ReadFile(filepath.Join(dir, addrFile))
			return err == nil && strings.HasSuffix(string(b), "\n")
		})
		if r.code != 0 || loggedError.MatchString(r.stderr) {
			t.Fatalf("%s: exit %d after SIGTERM\nstdout: %s\nstderr: %s", e.line, r.code, r.stdout, r.stderr)
		}
	}
}

// loggedError finds an error in a daemon's log, text or JSON.
var loggedError = regexp.MustCompile(`level=ERROR|"level":"ERROR"`)

// liveExamples runs hcctl's examples against a live hub and node.
type liveExamples struct {
	exampleShell
	*federation
	lund *proctest.Daemon
}

func newLiveExamples(t *testing.T) *liveExamples {
	f := &liveExamples{federation: startFederation(t)}
	root := filepath.Dir(f.nodeDir)
	f.cwd = root
	for _, dir := range []string{"backup", "secure"} {
		if err := os.Mkdir(filepath.Join(root, dir), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "text.md"), []byte("Every district has a meeting place, open three afternoons a week.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f.sub = strings.NewReplacer(
		"/var/lib/hcnode", f.nodeDir,
		"/var/lib/hchub", f.hubDir,
		"hub.healthycities.se:7500", f.hub.Addr(),
		"127.0.0.1:7500", f.hub.Addr(),
		"/backup/", filepath.Join(root, "backup")+"/",
		"/secure/", filepath.Join(root, "secure")+"/",
	)
	f.env = []string{"HCNET_DIR=" + f.nodeDir, "HCNET_HUB=" + f.hub.Addr()}
	f.vars = map[string]string{}

	// A second city applies, so that the coordinator has an application
	// to turn down.
	lundDir := filepath.Join(root, "lund")
	initDaemon(t, "hcnode", "init", "--dir", lundDir, "--city", "lund", "--name", "Lund", "--country", "se")
	f.lund = newDaemon(t, "hcnode", filepath.Join(lundDir, node.AddrFile), "run", "--dir", lundDir, "--listen", "127.0.0.1:0")
	f.lund.Start()
	ok(t, hcctl(t, "", "--dir", lundDir, "hub", "join", "--hub", f.hub.Addr()), "pending")
	f.lund.Stop()
	return f
}

func (f *liveExamples) run(t *testing.T, e example) {
	t.Helper()
	var r result
	switch {
	case e.line == "systemctl stop hcnode":
		f.node.Stop()
		return
	case e.line == "systemctl start hcnode":
		f.node.Start()
		return
	case strings.Contains(e.line, "--follow"):
		r = f.long(t, e, syscall.SIGINT, func(_, stderr string) bool { return strings.Contains(stderr, "caught up") })
	default:
		r = f.short(t, e)
	}
	if r.code != 0 {
		t.Fatalf("%s: exit %d\nstdout: %s\nstderr: %s", e.line, r.code, r.stdout, r.stderr)
	}
	if errorOutput.MatchString(r.stderr) {
		t.Fatalf("%s: error output\nstderr: %s\nstdout: %s", e.line, r.stderr, r.stdout)
	}
	if m := resumeNotice.FindStringSubmatch(r.stderr); m != nil {
		f.vars["RESUME"] = m[1]
	}
}

// errorOutput finds an error or a warning on hcctl's stderr; hcctl
// writes its errors as "hcctl: ...". Other lines there are notices for
// the person at the terminal (what an approval means, the feed's
// progress, the token to go on from), which stdout leaves out so that
// it can be piped.
var errorOutput = regexp.MustCompile(`(?im)^hcctl: |error|warning`)

var resumeNotice = regexp.MustCompile(`(?m)^resume with: --resume (\S+)$`)

// after does what the examples of cmd make possible or need next.
func (f *liveExamples) after(t *testing.T, cmd string) {
	t.Helper()
	if v, ok := idVariables[cmd]; ok {
		kind := strings.Fields(cmd)[1]
		if cmd == "hcctl success endorse" {
			kind = "endorsement"
		}
		f.vars[v] = f.newest(t, kind)
	}
	if cmd == "hcctl import" {
		// What the city shared has reached the hub before the network's
		// examples read it.
		poll.Within(t, time.Minute, "the practice at the hub", func() string {
			if r := f.federation.run(t, "hub", "--hub", f.hub.Addr(), "get", f.vars["PRACTICE_ID"]); r.code != 0 {
				return r.stderr
			}
			return ""
		})
	}
}

// newest is the id of the newest record of kind at the node.
func (f *liveExamples) newest(t *testing.T, kind string) string {
	t.Helper()
	out := ok(t, f.officer(t, kind, "list", "-o", "json"))
	var resp map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatalf("%s list -o json: %v\n%s", kind, err, out)
	}
	for _, v := range resp {
		var rows []struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(v, &rows) == nil && len(rows) > 0 && rows[0].ID != "" {
			return rows[0].ID
		}
	}
	t.Fatalf("%s list -o json shows no record:\n%s", kind, out)
	return ""
}
