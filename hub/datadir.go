package hub

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/hcnet/hcnet/internal/datadir"
	"github.com/hcnet/hcnet/internal/secret"
	"os"
	"path/filepath"

	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// The files of a hub's data folder.
const (
	DBFile       = datadir.HubDB    // SQLite read model
	IdentityFile = datadir.Identity // the hub's nkey seed (0600)
	TokenFile    = datadir.Token    // the coordinator's admin token (0600)
	AddrFile     = datadir.HubAddr  // gRPC address while running
	NATSDir      = datadir.NATSDir  // embedded JetStream store
)

// InitOptions are what `hchub init` asks for.
type InitOptions struct {
	ID    string
	Name  string
	Level hcnetv1.HubLevel
	// Country is the country whose cities a national hub holds; required
	// with Parent, since a parent accepts a hub's word only for its country.
	Country string
	// Parent is the gRPC address of the hub this one joins and forwards
	// its members' public records to.
	Parent string
	// Coordinator names the first coordinator account of the web pages,
	// with password CoordinatorPassword; empty makes none (the admin
	// token still signs in and manages accounts).
	Coordinator, CoordinatorPassword string
}

// check validates the options, naming each bad one.
func (o InitOptions) check(op string) error {
	var vs record.Violations
	c := record.NewChecker("", &vs)
	c.CityID("id", o.ID, true)
	c.Text("name", o.Name, record.MaxShort, true)
	c.Enum("level", o.Level, true)
	c.Country("country", o.Country, o.Parent != "")
	if o.Coordinator != "" {
		if err := accounts.CheckName(o.Coordinator); err != nil {
			vs = append(vs, record.Violation{Field: "coordinator", Description: "use 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit"})
		}
		if len([]rune(o.CoordinatorPassword)) < accounts.MinPassword {
			vs = append(vs, record.Violation{Field: "coordinator-password-file", Description: fmt.Sprintf("must have at least %d characters", accounts.MinPassword)})
		}
	}
	return errs.InvalidFields(op, vs)
}

// Init creates a hub's data folder, refusing one that holds a hub.
func Init(ctx context.Context, dir string, o InitOptions) error {
	const op = "hub.Init"
	if err := o.check(op); err != nil {
		return err
	}
	if exists, err := secret.Refuse(dir, "a hub", DBFile, IdentityFile, TokenFile); exists {
		return errs.Wrap(op, errs.Exists, err)
	} else if err != nil {
		return errs.Op(op, err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return errs.Op(op, err)
	}
	if err := createDB(ctx, dir, o, nil); err != nil {
		return err
	}
	return secret.WriteIdentity(dir, IdentityFile, TokenFile)
}

// createDB creates hub.db with the hub's settings from o, and whatever
// more fill writes (nil: nothing), in one transaction.
func createDB(ctx context.Context, dir string, o InitOptions, fill func(*sql.Tx) error) error {
	if err := secret.Write(filepath.Join(dir, DBFile), nil); err != nil {
		return err
	}
	st, err := store.Open(ctx, filepath.Join(dir, DBFile))
	if err != nil {
		return err
	}
	err = st.DB().Tx(ctx, func(tx *sql.Tx) error {
		kv := map[string]string{"hub_id": o.ID, "hub_name": o.Name, "hub_level": record.ShortName(o.Level), "hub_country": o.Country}
		if o.Parent != "" {
			// The relay finds the parent here and applies by itself.
			kv["upstream_addr"] = o.Parent
		}
		for k, v := range kv {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, k, v); err != nil {
				return err
			}
		}
		if fill != nil {
			return fill(tx)
		}
		return nil
	})
	if err == nil && o.Coordinator != "" {
		_, err = accounts.New(st.DB(), accounts.Options{Roles: accounts.HubRoles}).Add(ctx, o.Coordinator, accounts.Coordinator, o.CoordinatorPassword)
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	return err
}
