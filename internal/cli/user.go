package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

type account = hcnetv1.Account

var accountColumns = []column[*account]{
	{name: "name", value: (*account).GetName},
	{name: "role", value: func(a *account) string { return record.ShortName(a.GetRole()) }},
	{name: "created", value: func(a *account) string { return timeCell(a.GetCreateTime()) }},
	{name: "last sign-in", value: func(a *account) string {
		if a.GetLastSignInTime() == nil {
			return "never"
		}
		return timeCell(a.GetLastSignInTime())
	}},
}

// accounts is the node's AccountService, on hcctl's one connection.
func (a *app) accounts() (hcnetv1.AccountServiceClient, error) {
	if _, err := a.client(); err != nil {
		return nil, err
	}
	return hcnetv1.NewAccountServiceClient(a.conn), nil
}

// password is the password for an account: the first line of file, else
// typed twice at a terminal, else generated (generated reports which).
func (a *app) password(file string) (pw string, generated bool, err error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", false, usagef("--password-file: %v", err)
		}
		pw, _, _ = strings.Cut(strings.TrimRight(string(b), "\r\n"), "\n")
		return strings.TrimSuffix(pw, "\r"), false, nil
	}
	f, ok := a.env.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return accounts.GeneratePassword(), true, nil
	}
	read := func(prompt string) (string, error) {
		fmt.Fprint(a.env.Stderr, prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(a.env.Stderr)
		return string(b), err
	}
	first, err := read("Password (empty: generate one): ")
	if err != nil {
		return "", false, err
	}
	if first == "" {
		return accounts.GeneratePassword(), true, nil
	}
	again, err := read("Again: ")
	if err != nil {
		return "", false, err
	}
	if again != first {
		return "", false, errors.New("the two passwords differ; nothing was changed")
	}
	return first, false, nil
}

// roleValue reads --role.
func roleValue(s string) (hcnetv1.AccountRole, error) {
	for _, r := range accounts.NodeRoles {
		if string(r) == strings.ToLower(strings.TrimSpace(s)) {
			return hcnetv1.AccountRole(hcnetv1.AccountRole_value["ACCOUNT_ROLE_"+strings.ToUpper(string(r))]), nil
		}
	}
	return 0, usagef("--role %q: want admin, editor or viewer", s)
}

const userLong = `Accounts are how officers sign in to the node's web pages (hcnode run
--http): each person has their own name and password, and a role:

  admin   manages accounts, hub membership and backups, and edits records
  editor  adds, changes and deletes records
  viewer  reads only

hcctl manages them with the node's admin token, so it also gives a node made
before accounts existed its first one. A password is read from
--password-file (its first line), typed at a terminal, or else generated and
printed once: hand it to the person. Changing a password or removing an
account signs that account out everywhere; changing a role does not, and
the new role applies from the account's next page on.`

func (a *app) userCommand() *cobra.Command {
	cmd := group("user", "Manage the accounts that sign in to the node's web pages", userLong)

	var role, file string
	add := &cobra.Command{
		Use:     "add NAME --role ROLE",
		Short:   "Add an account",
		Example: "  hcctl user add amira --role editor\n  hcctl user add lars --role viewer -o json",
		Args:    nameArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := roleValue(role)
			if err != nil {
				return err
			}
			c, err := a.accounts()
			if err != nil {
				return err
			}
			pw, generated, err := a.password(file)
			if err != nil {
				return err
			}
			ctx, cancel := a.call(cmd.Context())
			defer cancel()
			resp, err := c.CreateAccount(ctx, &hcnetv1.CreateAccountRequest{Name: args[0], Role: r, Password: pw})
			if err != nil {
				return wrapOp(err, "add user", userFlag)
			}
			if err := printOne(a, resp, resp.GetAccount(), accountColumns); err != nil {
				return err
			}
			if generated {
				fmt.Fprintf(a.env.Stderr, "Password of %s: %s\n(shown once: hand it over now)\n", args[0], pw)
			}
			return nil
		},
	}
	add.Flags().StringVar(&role, "role", "", "admin, editor or viewer (required)")
	add.Flags().StringVar(&file, "password-file", "", "file whose first line is the password (default: type it, or one is generated)")
	add.MarkFlagRequired("role")
	_ = add.RegisterFlagCompletionFunc("role", cobra.FixedCompletions([]string{"admin", "editor", "viewer"}, cobra.ShellCompDirectiveNoFileComp))

	list := &cobra.Command{
		Use:     "list",
		Short:   "List the accounts: name, role, created, last sign-in",
		Example: "  hcctl user list\n  hcctl user list -o csv",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.accounts()
			if err != nil {
				return err
			}
			ctx, cancel := a.call(cmd.Context())
			defer cancel()
			resp, err := c.ListAccounts(ctx, &hcnetv1.ListAccountsRequest{})
			if err != nil {
				return wrapOp(err, "list users", nil)
			}
			return printList(a, resp, resp.GetAccounts(), accountColumns)
		},
	}

	remove := &cobra.Command{
		Use:     "remove NAME",
		Short:   "Remove an account and sign it out",
		Long:    "Remove an account and end its sessions. The last admin cannot be removed.",
		Example: "  hcctl user remove amira",
		Args:    nameArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.accounts()
			if err != nil {
				return err
			}
			ctx, cancel := a.call(cmd.Context())
			defer cancel()
			if _, err := c.DeleteAccount(ctx, &hcnetv1.DeleteAccountRequest{Name: args[0]}); err != nil {
				return wrapOp(err, "remove user "+args[0], nil)
			}
			fmt.Fprintf(a.env.Stdout, "Removed account %s\n", args[0])
			return nil
		},
	}

	var passwdFile string
	passwd := &cobra.Command{
		Use:     "passwd NAME",
		Short:   "Set an account's password and sign it out",
		Example: "  hcctl user passwd amira",
		Args:    nameArg,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.accounts()
			if err != nil {
				return err
			}
			pw, generated, err := a.password(passwdFile)
			if err != nil {
				return err
			}
			ctx, cancel := a.call(cmd.Context())
			defer cancel()
			if _, err := c.SetAccountPassword(ctx, &hcnetv1.SetAccountPasswordRequest{Name: args[0], Password: pw}); err != nil {
				return wrapOp(err, "set password of "+args[0], userFlag)
			}
			fmt.Fprintf(a.env.Stdout, "Password of %s changed; its sessions are ended\n", args[0])
			if generated {
				fmt.Fprintf(a.env.Stderr, "New password of %s: %s\n(shown once: hand it over now)\n", args[0], pw)
			}
			return nil
		},
	}
	passwd.Flags().StringVar(&passwdFile, "password-file", "", "file whose first line is the password (default: type it, or one is generated)")

	setRole := &cobra.Command{
		Use:   "role NAME ROLE",
		Short: "Give an account another role",
		Long: `Give an account another role: admin, editor or viewer. The account stays
signed in, and the new role applies from its next page on, in every
browser. The last admin keeps the role admin: make another account admin
first.`,
		Example: "  hcctl user role lars editor",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usagef("want an account name and a role (%s), got %d arguments\nRun '%s --help' for usage.", cmd.UseLine(), len(args), cmd.CommandPath())
			}
			return nil
		},
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if len(args) == 1 {
				return []cobra.Completion{"admin", "editor", "viewer"}, cobra.ShellCompDirectiveNoFileComp
			}
			return nil, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := roleValue(args[1])
			if err != nil {
				return usagef("ROLE %q: want admin, editor or viewer", args[1])
			}
			c, err := a.accounts()
			if err != nil {
				return err
			}
			ctx, cancel := a.call(cmd.Context())
			defer cancel()
			resp, err := c.SetAccountRole(ctx, &hcnetv1.SetAccountRoleRequest{Name: args[0], Role: r})
			if err != nil {
				return wrapOp(err, "set role of "+args[0], roleFlag)
			}
			return printOne(a, resp, resp.GetAccount(), accountColumns)
		},
	}

	cmd.AddCommand(add, list, remove, passwd, setRole)
	return cmd
}

// userFlag names the flag or argument behind a field of an account.
func userFlag(field string) string {
	switch field {
	case "name":
		return "NAME"
	case "role":
		return "--role"
	case "password":
		return "--password-file"
	}
	return ""
}

// roleFlag names the argument behind a field of a role change.
func roleFlag(field string) string {
	switch field {
	case "name":
		return "NAME"
	case "role":
		return "ROLE"
	}
	return ""
}

// nameArg takes exactly one account name.
func nameArg(cmd *cobra.Command, args []string) error {
	if len(args) != 1 {
		return usagef("want one account name (%s), got %d arguments\nRun '%s --help' for usage.", cmd.UseLine(), len(args), cmd.CommandPath())
	}
	return nil
}
