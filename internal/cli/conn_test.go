package cli

import (
	"os"
	"path/filepath"
	"testing"
)

func TestNodeAndToken(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, addrFile), "127.0.0.1:40001\n")
	writeFile(t, filepath.Join(dir, tokenFile), "file-token\n")
	empty := t.TempDir()
	tests := []struct {
		title     string
		g         globals
		env       map[string]string
		wantAddr  string
		wantToken string
	}{
		{title: "nothing given", wantAddr: defaultNode},
		{title: "data folder", g: globals{dir: dir}, wantAddr: "127.0.0.1:40001", wantToken: "file-token"},
		{title: "data folder from the environment", env: map[string]string{"HCNET_DIR": dir}, wantAddr: "127.0.0.1:40001", wantToken: "file-token"},
		{title: "environment beats the folder", g: globals{dir: dir}, env: map[string]string{"HCNET_NODE": "10.0.0.1:7400", "HCNET_TOKEN": "env-token"},
			wantAddr: "10.0.0.1:7400", wantToken: "env-token"},
		{title: "flags beat everything", g: globals{dir: dir, node: "127.0.0.1:9", token: "flag-token"},
			env: map[string]string{"HCNET_NODE": "10.0.0.1:7400", "HCNET_TOKEN": "env-token"}, wantAddr: "127.0.0.1:9", wantToken: "flag-token"},
		{title: "folder of a stopped node", g: globals{dir: empty, token: "t"}, wantAddr: defaultNode, wantToken: "t"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			a := newApp(Env{Getenv: func(k string) string { return tt.env[k] }})
			a.g = tt.g
			if got := a.nodeAddr(); got != tt.wantAddr {
				t.Errorf("node = %q, want %q", got, tt.wantAddr)
			}
			got, err := a.authToken()
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.wantToken {
				t.Errorf("token = %q, want %q", got, tt.wantToken)
			}
		})
	}
}

func TestMissingTokenFile(t *testing.T) {
	a := newApp(Env{})
	a.g.dir = t.TempDir()
	if _, err := a.authToken(); err == nil {
		t.Fatal("no error for a data folder without admin.token")
	}
}

func writeFile(tb testing.TB, name, content string) {
	tb.Helper()
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		tb.Fatal(err)
	}
}
