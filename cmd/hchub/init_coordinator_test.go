package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/internal/accounts"
)

// TestInitMakesTheFirstCoordinator: init creates a coordinator account
// whose password is the one printed once, or the one from the file; a
// short password or a bad name is refused before anything is written.
func TestInitMakesTheFirstCoordinator(t *testing.T) {
	ctx := context.Background()
	signIn := func(dir, name, password string) accounts.Session {
		t.Helper()
		st, err := store.Open(ctx, filepath.Join(dir, hub.DBFile))
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		sess, err := accounts.New(st.DB(), accounts.Options{Roles: accounts.HubRoles}).SignIn(ctx, name, password, "127.0.0.1")
		if err != nil {
			t.Fatalf("sign in as %s: %v", name, err)
		}
		return sess
	}

	var out bytes.Buffer
	dir := filepath.Join(t.TempDir(), "hub")
	if err := NewMain(&out, &out).Run(ctx, []string{"init", "--dir", dir, "--id", "se-net", "--name", "Healthy Cities Sweden"}); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`account "coordinator" \(coordinator\), password (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no generated password printed:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "if it is lost, sign in with the admin token, "+filepath.Join(dir, hub.TokenFile)) {
		t.Errorf("init does not say how to replace a lost password:\n%s", out.String())
	}
	if s := signIn(dir, "coordinator", m[1]); s.Account.Role != accounts.Coordinator {
		t.Fatalf("role %s", s.Account.Role)
	}

	pwFile := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pwFile, []byte("a long first password\nignored\n"), 0o600)
	out.Reset()
	dir = filepath.Join(t.TempDir(), "hub2")
	if err := NewMain(&out, &out).Run(ctx, []string{"init", "--dir", dir, "--id", "se-net", "--name", "Healthy Cities Sweden", "--coordinator", "anna", "--coordinator-password-file", pwFile}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "a long first password") {
		t.Fatal("a password from a file is printed")
	}
	signIn(dir, "anna", "a long first password")

	os.WriteFile(pwFile, []byte("short\n"), 0o600)
	for _, args := range [][]string{
		{"--coordinator", "anna", "--coordinator-password-file", pwFile},
		{"--coordinator", "Anna Svensson"},
	} {
		dir := filepath.Join(t.TempDir(), "hub3")
		err := NewMain(&out, &out).Run(ctx, append([]string{"init", "--dir", dir, "--id", "se-net", "--name", "X"}, args...))
		if err == nil || !strings.Contains(err.Error(), "coordinator") {
			t.Fatalf("%v: %v", args, err)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Fatalf("%v: a folder was made: %v", args, err)
		}
	}
}
