package node

import (
	"context"
	"errors"
	"strings"

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// AccountService is the gRPC AccountService over the node's accounts.
type AccountService struct {
	hcnetv1.UnimplementedAccountServiceServer
	accounts *accounts.Store
}

// NewAccountService serves the accounts in a.
func NewAccountService(a *accounts.Store) *AccountService {
	return &AccountService{accounts: a}
}

var roleOf = map[hcnetv1.AccountRole]accounts.Role{
	hcnetv1.AccountRole_ACCOUNT_ROLE_ADMIN:  accounts.Admin,
	hcnetv1.AccountRole_ACCOUNT_ROLE_EDITOR: accounts.Editor,
	hcnetv1.AccountRole_ACCOUNT_ROLE_VIEWER: accounts.Viewer,
}

func accountProto(a accounts.Account) *hcnetv1.Account {
	out := &hcnetv1.Account{Name: a.Name, CreateTime: timestamppb.New(a.Created)}
	for pr, r := range roleOf {
		if r == a.Role {
			out.Role = pr
		}
	}
	if !a.LastSignIn.IsZero() {
		out.LastSignInTime = timestamppb.New(a.LastSignIn)
	}
	return out
}

// accountErr gives the store's errors their kinds; a bad field becomes a
// violation of that field.
func accountErr(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, accounts.ErrInvalid):
		field := "password"
		msg := strings.TrimPrefix(err.Error(), accounts.ErrInvalid.Error()+": ")
		switch {
		case strings.HasPrefix(msg, "name"):
			field = "name"
		case strings.HasPrefix(msg, "role"):
			field = "role"
		}
		return errs.InvalidFields(op, record.Violations{{Field: field, Description: msg}})
	case errors.Is(err, accounts.ErrNotFound):
		return errs.Wrap(op, errs.NotFound, err)
	case errors.Is(err, accounts.ErrExists):
		return errs.Wrap(op, errs.Exists, err)
	case errors.Is(err, accounts.ErrLastAdmin):
		return errs.Wrap(op, errs.InUse, err)
	}
	return errs.Op(op, err)
}

// CreateAccount implements AccountService.
func (s *AccountService) CreateAccount(ctx context.Context, req *hcnetv1.CreateAccountRequest) (*hcnetv1.CreateAccountResponse, error) {
	const op = "node.CreateAccount"
	role, ok := roleOf[req.GetRole()]
	if !ok {
		return nil, errs.InvalidFields(op, record.Violations{{Field: "role", Description: "is required: admin, editor or viewer"}})
	}
	a, err := s.accounts.Add(ctx, req.GetName(), role, req.GetPassword())
	if err != nil {
		return nil, accountErr(op, err)
	}
	return &hcnetv1.CreateAccountResponse{Account: accountProto(a)}, nil
}

// ListAccounts implements AccountService.
func (s *AccountService) ListAccounts(ctx context.Context, _ *hcnetv1.ListAccountsRequest) (*hcnetv1.ListAccountsResponse, error) {
	list, err := s.accounts.List(ctx)
	if err != nil {
		return nil, accountErr("node.ListAccounts", err)
	}
	out := &hcnetv1.ListAccountsResponse{}
	for _, a := range list {
		out.Accounts = append(out.Accounts, accountProto(a))
	}
	return out, nil
}

// DeleteAccount implements AccountService.
func (s *AccountService) DeleteAccount(ctx context.Context, req *hcnetv1.DeleteAccountRequest) (*hcnetv1.DeleteAccountResponse, error) {
	if err := s.accounts.Remove(ctx, req.GetName()); err != nil {
		return nil, accountErr("node.DeleteAccount", err)
	}
	return &hcnetv1.DeleteAccountResponse{}, nil
}

// SetAccountPassword implements AccountService.
func (s *AccountService) SetAccountPassword(ctx context.Context, req *hcnetv1.SetAccountPasswordRequest) (*hcnetv1.SetAccountPasswordResponse, error) {
	if err := s.accounts.SetPassword(ctx, req.GetName(), req.GetPassword()); err != nil {
		return nil, accountErr("node.SetAccountPassword", err)
	}
	return &hcnetv1.SetAccountPasswordResponse{}, nil
}

// SetAccountRole implements AccountService.
func (s *AccountService) SetAccountRole(ctx context.Context, req *hcnetv1.SetAccountRoleRequest) (*hcnetv1.SetAccountRoleResponse, error) {
	const op = "node.SetAccountRole"
	role, ok := roleOf[req.GetRole()]
	if !ok {
		return nil, errs.InvalidFields(op, record.Violations{{Field: "role", Description: "is required: admin, editor or viewer"}})
	}
	a, err := s.accounts.SetRole(ctx, req.GetName(), role)
	if err != nil {
		return nil, accountErr(op, err)
	}
	return &hcnetv1.SetAccountRoleResponse{Account: accountProto(a)}, nil
}
