package node

import (
	"context"
	"fmt"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/datadir"
	"github.com/hcnet/hcnet/internal/secret"
	"os"
	"path/filepath"
	"strings"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
)

// The files of a node's data folder.
const (
	DBFile       = datadir.NodeDB   // SQLite, WAL: the city's records
	IdentityFile = datadir.Identity // ed25519 identity key as a NATS nkey seed (0600)
	TokenFile    = datadir.Token    // the admin token every CityService call needs (0600)
	AddrFile     = datadir.NodeAddr // the address hcnode run listens on, while it runs
)

// InitOptions are what `hcnode init` asks for.
type InitOptions struct {
	CityID  string
	Name    string
	Country string
	// Admin names the first admin account, with password AdminPassword;
	// empty makes none (the admin token still manages accounts).
	Admin, AdminPassword string
}

// Init creates a node's data folder: database with the city profile,
// identity key and admin token. It refuses a folder that already holds a
// node, so an existing city's identity is never overwritten.
func Init(ctx context.Context, dir string, o InitOptions) error {
	const op = "node.Init"
	city := &hcnetv1.City{Id: o.CityID, Name: o.Name, Country: strings.ToLower(o.Country), Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK}
	// Check everything before touching the disk, so a bad flag leaves no
	// half-made folder behind.
	vs := record.Validate("", city)
	c := record.NewChecker("", &vs)
	c.CityID("id", city.GetId(), true)
	c.Country("country", city.GetCountry(), true)
	if o.Admin != "" {
		if err := accounts.CheckName(o.Admin); err != nil {
			vs = append(vs, record.Violation{Field: "admin", Description: "use 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"})
		}
		if len([]rune(o.AdminPassword)) < accounts.MinPassword {
			vs = append(vs, record.Violation{Field: "admin-password-file", Description: fmt.Sprintf("must have at least %d characters", accounts.MinPassword)})
		}
	}
	if err := errs.InvalidFields(op, vs); err != nil {
		return err
	}
	if exists, err := secret.Refuse(dir, "a node", DBFile, IdentityFile, TokenFile); exists {
		return errs.Wrap(op, errs.Exists, err)
	} else if err != nil {
		return errs.Op(op, err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return errs.Op(op, err)
	}
	// Create the database file first so that it, and the WAL SQLite
	// derives from it, are readable by the node's user only.
	if err := secret.Write(filepath.Join(dir, DBFile), nil); err != nil {
		return errs.Op(op, err)
	}
	store, err := OpenStore(ctx, filepath.Join(dir, DBFile), StoreOptions{})
	if err != nil {
		return errs.Op(op, err)
	}
	if err := store.CreateCity(ctx, city); err != nil {
		store.Close()
		return err
	}
	if o.Admin != "" {
		if _, err := accounts.New(store.DB(), accounts.Options{}).Add(ctx, o.Admin, accounts.Admin, o.AdminPassword); err != nil {
			store.Close()
			return errs.Op(op, err)
		}
	}
	if err := store.Close(); err != nil {
		return errs.Op(op, err)
	}
	if err := secret.WriteIdentity(dir, IdentityFile, TokenFile); err != nil {
		return errs.Op(op, err)
	}
	return nil
}

// ReadToken reads the admin token of a data folder.
func ReadToken(dir string) (string, error) {
	return secret.Read(dir, TokenFile)
}

// ReadIdentity reads the node's identity key.
func ReadIdentity(dir string) (nkeys.KeyPair, error) {
	b, err := os.ReadFile(filepath.Join(dir, IdentityFile))
	if err != nil {
		return nil, fmt.Errorf("read identity key: %w", err)
	}
	return nkeys.FromSeed([]byte(strings.TrimSpace(string(b))))
}
