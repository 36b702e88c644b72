package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nats-io/nkeys"
)

func TestSubscriberCommands(t *testing.T) {
	h := startHub(t)
	seedFile := filepath.Join(t.TempDir(), "lund.nk")

	add := coordinatorOK(t, h, "hub", "subscriber", "add", "research-lund", "--seed-file", seedFile).stdout
	contains(t, "add", add, "subscriber:    research-lund", "written to "+seedFile, h.Hub.Info.GetNatsUrl(), "HCNET_PUBLIC",
		"hcnet.pub.>", "_INBOX_research-lund",
		"nats --server "+h.Hub.Info.GetNatsUrl()+" --nkey "+seedFile+" --inbox-prefix _INBOX_research-lund consumer add HCNET_PUBLIC research-lund --pull",
		"consumer next HCNET_PUBLIC research-lund")
	st, err := os.Stat(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("seed file mode %v, want 0600", st.Mode().Perm())
	}
	b, _ := os.ReadFile(seedFile)
	kp, err := nkeys.FromSeed([]byte(strings.TrimSpace(string(b))))
	if err != nil {
		t.Fatalf("seed file: %v", err)
	}
	pub, _ := kp.PublicKey()
	contains(t, "add", add, pub)
	if strings.Contains(add, strings.TrimSpace(string(b))) {
		t.Error("add printed the seed it wrote to a file")
	}

	tests := []struct {
		title  string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{title: "list", args: []string{"hub", "subscriber", "list"}, stdout: []string{"NAME", "STATUS", "research-lund", "active", pub}},
		{title: "same name again", args: []string{"hub", "subscriber", "add", "research-lund", "--print-seed"}, code: exitError,
			stderr: []string{"exists"}},
		{title: "seed file exists", args: []string{"hub", "subscriber", "add", "other", "--seed-file", seedFile}, code: exitError,
			stderr: []string{"refusing to overwrite"}},
		{title: "bad name", args: []string{"hub", "subscriber", "add", "Bad Name", "--print-seed"}, code: exitError,
			stderr: []string{"not a subscriber name"}},
		{title: "printed seed", args: []string{"hub", "subscriber", "add", "uni-turku", "--print-seed"},
			stdout: []string{"seed:         SU"}, stderr: []string{"warning: the seed below is a secret"}},
		{title: "revoke", args: []string{"hub", "subscriber", "revoke", "research-lund"}, stdout: []string{"revoked research-lund"}},
		{title: "revoked in the list", args: []string{"hub", "subscriber", "list"}, stdout: []string{"research-lund", "revoked"}},
		{title: "revoke unknown", args: []string{"hub", "subscriber", "revoke", "nobody"}, code: exitError, stderr: []string{"no subscriber"}},
		{title: "no name", args: []string{"hub", "subscriber", "revoke"}, code: exitUsage, stderr: []string{"want the subscriber's name"}},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			r := coordinator(t, h, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
			contains(t, "stdout", r.stdout, tt.stdout...)
			contains(t, "stderr", r.stderr, tt.stderr...)
		})
	}
	// Without the token the hub refuses.
	r := runWith(t, nil, "--hub", h.Addr, "hub", "subscriber", "list")
	if r.code == 0 || !strings.Contains(r.stderr, "admin token") {
		t.Fatalf("list without token: exit %d, %s", r.code, r.stderr)
	}
}
