package node_test

import (
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
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
