package node_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestAccountServiceNeedsToken: no account call answers without the
// admin token, and none changes anything.
func TestAccountServiceNeedsToken(t *testing.T) {
	n := nodetest.Start(t)
	for _, token := range []string{"", n.Token + "x"} {
		c := hcnetv1.NewAccountServiceClient(n.Conn(t, token))
		ctx := callCtx(t)
		_, err := c.CreateAccount(ctx, &hcnetv1.CreateAccountRequest{Name: "mallory", Role: hcnetv1.AccountRole_ACCOUNT_ROLE_ADMIN, Password: "long enough"})
		wantCode(t, err, codes.Unauthenticated)
		_, err = c.ListAccounts(ctx, &hcnetv1.ListAccountsRequest{})
		wantCode(t, err, codes.Unauthenticated)
		_, err = c.DeleteAccount(ctx, &hcnetv1.DeleteAccountRequest{Name: "mallory"})
		wantCode(t, err, codes.Unauthenticated)
		_, err = c.SetAccountPassword(ctx, &hcnetv1.SetAccountPasswordRequest{Name: "mallory", Password: "long enough"})
		wantCode(t, err, codes.Unauthenticated)
		_, err = c.SetAccountRole(ctx, &hcnetv1.SetAccountRoleRequest{Name: "mallory", Role: hcnetv1.AccountRole_ACCOUNT_ROLE_ADMIN})
		wantCode(t, err, codes.Unauthenticated)
	}
	c := hcnetv1.NewAccountServiceClient(n.Conn(t, n.Token))
	res, err := c.ListAccounts(callCtx(t), &hcnetv1.ListAccountsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.GetAccounts()) != 0 {
		t.Fatalf("accounts after refused calls: %v", res.GetAccounts())
	}
	// With the token: bad input names its field.
	_, err = c.CreateAccount(callCtx(t), &hcnetv1.CreateAccountRequest{Name: "ok", Password: "long enough"})
	wantCode(t, err, codes.InvalidArgument)
	_, err = c.DeleteAccount(callCtx(t), &hcnetv1.DeleteAccountRequest{Name: "nobody"})
	wantCode(t, err, codes.NotFound)
}

// TestSetAccountRole: the role changes and is listed; the last admin's
// demotion is FAILED_PRECONDITION, a missing role INVALID_ARGUMENT
// naming the field, an unknown name NOT_FOUND, and none changes a role.
func TestSetAccountRole(t *testing.T) {
	n := nodetest.Start(t)
	c := hcnetv1.NewAccountServiceClient(n.Conn(t, n.Token))
	for name, role := range map[string]hcnetv1.AccountRole{"ada": hcnetv1.AccountRole_ACCOUNT_ROLE_ADMIN, "ed": hcnetv1.AccountRole_ACCOUNT_ROLE_EDITOR} {
		if _, err := c.CreateAccount(callCtx(t), &hcnetv1.CreateAccountRequest{Name: name, Role: role, Password: "long enough"}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := c.SetAccountRole(callCtx(t), &hcnetv1.SetAccountRoleRequest{Name: "ed", Role: hcnetv1.AccountRole_ACCOUNT_ROLE_VIEWER})
	if err != nil {
		t.Fatal(err)
	}
	if res.GetAccount().GetName() != "ed" || res.GetAccount().GetRole() != hcnetv1.AccountRole_ACCOUNT_ROLE_VIEWER {
		t.Fatalf("answer: %v", res.GetAccount())
	}
	_, err = c.SetAccountRole(callCtx(t), &hcnetv1.SetAccountRoleRequest{Name: "ada", Role: hcnetv1.AccountRole_ACCOUNT_ROLE_EDITOR})
	wantCode(t, err, codes.FailedPrecondition)
	_, err = c.SetAccountRole(callCtx(t), &hcnetv1.SetAccountRoleRequest{Name: "ed"})
	wantCode(t, err, codes.InvalidArgument)
	if !strings.Contains(fmt.Sprint(status.Convert(err).Details()), "role") {
		t.Fatalf("a missing role names no field: %v", status.Convert(err).Details())
	}
	_, err = c.SetAccountRole(callCtx(t), &hcnetv1.SetAccountRoleRequest{Name: "nobody", Role: hcnetv1.AccountRole_ACCOUNT_ROLE_EDITOR})
	wantCode(t, err, codes.NotFound)
	list, err := c.ListAccounts(callCtx(t), &hcnetv1.ListAccountsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]hcnetv1.AccountRole{}
	for _, a := range list.GetAccounts() {
		got[a.GetName()] = a.GetRole()
	}
	if got["ada"] != hcnetv1.AccountRole_ACCOUNT_ROLE_ADMIN || got["ed"] != hcnetv1.AccountRole_ACCOUNT_ROLE_VIEWER {
		t.Fatalf("roles after the calls: %v", got)
	}
}
