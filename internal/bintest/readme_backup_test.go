package bintest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node"
)

// TestReadmeBackupAndUpgradeBlocksRun runs, against a live node, the
// commands of the README's "Backups, restore and export" and those of its
// Upgrading part, as an IT team would in turn: through sh, with the built
// programs as bin/ and on PATH. /var/lib/hcnode is the node's folder,
// /backup/ and /usr/local/bin/ folders of the test, "systemctl stop|start
// hcnode" stop and start the node, and the restore takes the backup made
// just before (the README's dated name is an example).
func TestReadmeBackupAndUpgradeBlocksRun(t *testing.T) {
	build(t)
	root := t.TempDir()
	nodeDir := filepath.Join(root, "malmo")
	for _, dir := range []string{"backup", "usr-local-bin"} {
		if err := os.Mkdir(filepath.Join(root, dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	initDaemon(t, "hcnode", "init", "--dir", nodeDir, "--city", "malmo", "--name", "Malmö", "--country", "se")
	n := newDaemon(t, "hcnode", filepath.Join(nodeDir, node.AddrFile), "run", "--dir", nodeDir, "--listen", "127.0.0.1:0")
	n.Start()
	practice := created(t, hcctl(t, "", "--dir", nodeDir, "practice", "add", "-o", "json", "--lang", "sv",
		"--title", "Mötesplatser för äldre", "--summary", "Träffpunkter", "--status", "ongoing", "--visibility", "private"))

	sh := &exampleShell{cwd: root, vars: map[string]string{}, sub: strings.NewReplacer(
		"/var/lib/hcnode", nodeDir,
		"/backup/hcnode-2026-11-20.db", filepath.Join(root, "backup")+"/hcnode-$(date +%F).db",
		"/backup/", filepath.Join(root, "backup")+"/",
		"/usr/local/bin/", filepath.Join(root, "usr-local-bin")+"/",
		"bin/", binDir+string(filepath.Separator),
	)}
	lines := readmeBlocks(t, "Backups, restore and export")
	lines = append(lines, readmeHeadingBlocks(t, "### ", "Upgrading")...)
	ran := 0
	for _, line := range lines {
		t.Logf("%s", line)
		switch line {
		case "systemctl stop hcnode":
			n.Stop()
			continue
		case "systemctl start hcnode":
			n.Start()
			ok(t, hcctl(t, "", "--dir", nodeDir, "practice", "get", practice), "Mötesplatser för äldre")
			continue
		}
		if !strings.HasPrefix(line, "hcctl ") && !strings.HasPrefix(line, "install ") {
			t.Fatalf("%q is no command this test knows how to run; teach it", line)
		}
		r := sh.short(t, example{command: strings.Fields(line)[0], line: line})
		if r.code != 0 || errorOutput.MatchString(r.stderr) {
			t.Fatalf("%s: exit %d\nstdout: %s\nstderr: %s", line, r.code, r.stdout, r.stderr)
		}
		ran++
	}
	if ran != 5 {
		t.Fatalf("ran %d commands, want backup, restore and export, and the upgrade's backup and install", ran)
	}
	for _, f := range []string{"malmo.jsonl", "backup/hcnode-before-upgrade.db", "usr-local-bin/hcnode", "usr-local-bin/hcctl"} {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			t.Errorf("the README's commands made no %s: %v", f, err)
		}
	}
}
