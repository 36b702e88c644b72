package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

var generatedRe = regexp.MustCompile(`[Pp]assword of amira: (\S+)`)

// TestUserAddListPasswdRemove manages accounts with hcctl and the admin
// token on a node made without any, and checks each step against the
// node's own accounts: a generated password signs in, a new one replaces
// it, a removed account is gone, the last admin stays.
func TestUserAddListPasswdRemove(t *testing.T) {
	ctx := context.Background()
	n := nodetest.Start(t)
	r := hcctl(t, n, "user", "add", "amira", "--role", "editor")
	if r.code != 0 {
		t.Fatalf("user add: exit %d\n%s", r.code, r.stderr)
	}
	m := generatedRe.FindStringSubmatch(r.stderr)
	if m == nil {
		t.Fatalf("user add printed no password:\n%s", r.stderr)
	}
	first := m[1]
	if _, err := n.Node.Accounts.SignIn(ctx, "amira", first, "127.0.0.1"); err != nil {
		t.Fatalf("the printed password does not sign in: %v", err)
	}

	out := ok(t, n, "user", "list", "-o", "json")
	list := decode(t, out, &hcnetv1.ListAccountsResponse{}).GetAccounts()
	if len(list) != 1 || list[0].GetName() != "amira" || list[0].GetRole() != hcnetv1.AccountRole_ACCOUNT_ROLE_EDITOR || list[0].GetLastSignInTime() == nil {
		t.Fatalf("user list: %v", list)
	}
	table := ok(t, n, "user", "list")
	if !strings.Contains(table, "amira") || !strings.Contains(table, "editor") || !strings.Contains(table, "LAST SIGN-IN") {
		t.Fatalf("user list table:\n%s", table)
	}

	if msg := fails(t, n, "user", "add", "amira", "--role", "viewer"); !strings.Contains(msg, "exists") {
		t.Fatalf("a taken name: %s", msg)
	}
	if msg := fails(t, n, "user", "add", "Amira Berg", "--role", "viewer"); !strings.Contains(msg, "NAME") {
		t.Fatalf("a bad name does not point at NAME: %s", msg)
	}
	if msg := fails(t, n, "user", "add", "lars", "--role", "owner"); !strings.Contains(msg, "admin, editor or viewer") {
		t.Fatalf("an unknown role: %s", msg)
	}
	if r := runWith(t, nil, "--node", n.Addr, "user", "list"); r.code == 0 {
		t.Fatal("user list without the admin token succeeded")
	}

	file := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(file, []byte("a new long password\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ok(t, n, "user", "passwd", "amira", "--password-file", file)
	if _, err := n.Node.Accounts.SignIn(ctx, "amira", first, "127.0.0.2"); !errors.Is(err, accounts.ErrBadPassword) {
		t.Fatalf("the old password after passwd: %v", err)
	}
	if _, err := n.Node.Accounts.SignIn(ctx, "amira", "a new long password", "127.0.0.2"); err != nil {
		t.Fatalf("the new password: %v", err)
	}
	short := filepath.Join(t.TempDir(), "short")
	os.WriteFile(short, []byte("short\n"), 0o600)
	if msg := fails(t, n, "user", "passwd", "amira", "--password-file", short); !strings.Contains(msg, "at least 8") {
		t.Fatalf("a short password: %s", msg)
	}

	ok(t, n, "user", "add", "it", "--role", "admin", "--password-file", file)
	if out := ok(t, n, "user", "role", "amira", "admin", "-o", "json"); decode(t, out, &hcnetv1.SetAccountRoleResponse{}).GetAccount().GetRole() != hcnetv1.AccountRole_ACCOUNT_ROLE_ADMIN {
		t.Fatalf("user role amira admin: %s", out)
	}
	if a, err := n.Node.Accounts.Get(ctx, "amira"); err != nil || a.Role != accounts.Admin {
		t.Fatalf("amira after user role: %+v %v", a, err)
	}
	if msg := fails(t, n, "user", "role", "amira", "owner"); !strings.Contains(msg, "admin, editor or viewer") {
		t.Fatalf("an unknown role: %s", msg)
	}
	if msg := fails(t, n, "user", "role", "amira"); !strings.Contains(msg, "NAME ROLE") {
		t.Fatalf("a missing role: %s", msg)
	}
	if msg := fails(t, n, "user", "role", "nobody", "viewer"); !strings.Contains(msg, "no such account") {
		t.Fatalf("an unknown account: %s", msg)
	}
	ok(t, n, "user", "role", "amira", "editor")
	ok(t, n, "user", "remove", "amira")
	if _, err := n.Node.Accounts.Get(ctx, "amira"); !errors.Is(err, accounts.ErrNotFound) {
		t.Fatalf("removed account: %v", err)
	}
	if msg := fails(t, n, "user", "remove", "it"); !strings.Contains(msg, "last admin") {
		t.Fatalf("removing the last admin: %s", msg)
	}
	if msg := fails(t, n, "user", "remove", "nobody"); !strings.Contains(msg, "no such account") {
		t.Fatalf("removing an unknown account: %s", msg)
	}
}
