package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// WaitError says a sign-in was refused unchecked because too many failed
// recently; it matches ErrTooMany.
type WaitError struct{ Wait time.Duration }

func (e *WaitError) Error() string {
	return fmt.Sprintf("%v: wait %v", ErrTooMany, e.Wait.Round(time.Second))
}

// Is makes errors.Is(err, ErrTooMany) true.
func (e *WaitError) Is(target error) bool { return target == ErrTooMany }

// SignIn checks name and password from the client at addr (an IP address)
// and starts a session. It fails with a *WaitError (ErrTooMany) while the
// account or the address has failed too often, without checking anything,
// and with ErrBadPassword when the name or the password is wrong, saying
// not which.
func (s *Store) SignIn(ctx context.Context, name, password, addr string) (Session, error) {
	now := s.now()
	var wait time.Duration
	for _, key := range []string{accountKey(name), addrKey(addr)} {
		w, err := s.wait(ctx, key, now)
		if err != nil {
			return Session{}, err
		}
		wait = max(wait, w)
	}
	if wait > 0 {
		return Session{}, &WaitError{Wait: wait}
	}
	var stored string
	err := s.db.Read.QueryRowContext(ctx, `SELECT password FROM accounts WHERE name = ?`, name).Scan(&stored)
	known := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Session{}, err
	}
	if !known {
		// Checked against all the same, so an unknown name costs as long
		// as a known one and timing does not tell them apart.
		stored = s.dummy()
	}
	ok, p, err := Verify(password, stored)
	if err != nil {
		return Session{}, fmt.Errorf("account %s: %w", name, err)
	}
	if !ok || !known {
		// An unknown name spends from the address only: a bucket per
		// guessed name would let a script grow the table at will.
		keys := []string{addrKey(addr)}
		if known {
			keys = append(keys, accountKey(name))
		}
		if err := s.failed(ctx, now, keys...); err != nil {
			return Session{}, err
		}
		return Session{}, ErrBadPassword
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET last_sign_in = ? WHERE name = ?`, now.Unix(), name); err != nil {
			return err
		}
		if p == s.p {
			return nil
		}
		// Made under other costs: store it again under today's.
		h, err := Hash(password, s.p)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE accounts SET password = ? WHERE name = ?`, h, name)
		return err
	})
	if err != nil {
		return Session{}, err
	}
	return s.StartSession(ctx, name)
}
