package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// SetRole gives an account another role. It fails with ErrInvalid for a
// role this store does not know, ErrNotFound for an unknown name and
// ErrLastAdmin when the account is the last of the strongest role (a
// node's admin, a hub's coordinator) and the role is another, so a node
// or hub always keeps someone who can manage accounts.
//
// The account's sessions go on: every request reads the session with its
// account's role as it is now (Session), so the new role applies from the
// next page on, in every browser. Ending them, as a password change
// does, would add nothing: a role changes because of what the person
// should do, not because someone else may be signed in as them.
func (s *Store) SetRole(ctx context.Context, name string, role Role) (Account, error) {
	if !validRole(s.roles, role) {
		return Account{}, fmt.Errorf("%w: role %q: want one of %v", ErrInvalid, role, s.roles)
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var was string
		err := tx.QueryRowContext(ctx, `SELECT role FROM accounts WHERE name = ?`, name).Scan(&was)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: %s", ErrNotFound, name)
		}
		if err != nil {
			return err
		}
		if top := s.roles[0]; Role(was) == top && role != top {
			var admins int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM accounts WHERE role = ?`, string(top)).Scan(&admins); err != nil {
				return err
			}
			if admins == 1 {
				return ErrLastAdmin
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE accounts SET role = ? WHERE name = ?`, string(role), name)
		return err
	})
	if err != nil {
		return Account{}, err
	}
	return s.Get(ctx, name)
}
