package node

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/errs"
)

// TestAccountsMigrationIsTheSchema: the node's migration creates exactly
// the tables the accounts package expects.
func TestAccountsMigrationIsTheSchema(t *testing.T) {
	b, err := fs.ReadFile(Migrations(), "0005_accounts.sql")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(b), accounts.Schema) {
		t.Fatal("0005_accounts.sql does not end with accounts.Schema")
	}
}

// TestInitCreatesTheFirstAdmin: init with an admin name and password makes
// an admin account the opened node signs in; a bad name or a short
// password is refused before the folder is made.
func TestInitCreatesTheFirstAdmin(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "malmo")
	bad := InitOptions{CityID: "malmo", Name: "Malmö", Country: "se", Admin: "IT Team", AdminPassword: "short"}
	err := Init(ctx, dir, bad)
	if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "admin") || !strings.Contains(err.Error(), "admin-password-file") {
		t.Fatalf("bad admin: %v", err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) > 0 {
		t.Fatalf("a refused init left files: %v", m)
	}
	if err := Init(ctx, dir, InitOptions{CityID: "malmo", Name: "Malmö", Country: "se", Admin: "it-team", AdminPassword: "first password"}); err != nil {
		t.Fatal(err)
	}
	n, err := Open(ctx, dir, quietLog)
	if err != nil {
		t.Fatal(err)
	}
	defer n.Shutdown(ctx)
	sess, err := n.Accounts.SignIn(ctx, "it-team", "first password", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if sess.Account.Role != accounts.Admin {
		t.Fatalf("first account's role %q", sess.Account.Role)
	}
}
