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
	p, err := s.check(ctx, name, password, addr, now)
	if err != nil {
		return Session{}, err
	}
	// A hash made under other costs is stored again under today's,
	// computed before the write transaction so no writer waits on it.
	var rehash string
	if p != s.p {
		if rehash, err = s.hash(ctx, password); err != nil {
			return Session{}, err
		}
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET last_sign_in = ? WHERE name = ?`, now.Unix(), name); err != nil {
			return err
		}
		if rehash == "" {
			return nil
		}
		_, err := tx.ExecContext(ctx, `UPDATE accounts SET password = ? WHERE name = ?`, rehash, name)
		return err
	})
	if err != nil {
		return Session{}, err
	}
	return s.StartSession(ctx, name)
}

// ChangePassword is a person changing their own password: the current
// one is checked like a sign-in (and a wrong one counted as a failure),
// every session of the account ends, and a new one starts for the
// browser that asked. It fails with ErrInvalid for a new password too
// short or too long, before anything is checked.
func (s *Store) ChangePassword(ctx context.Context, name, current, next, addr string) (Session, error) {
	if err := s.checkPassword(next); err != nil {
		return Session{}, err
	}
	if _, err := s.check(ctx, name, current, addr, s.now()); err != nil {
		return Session{}, err
	}
	if err := s.SetPassword(ctx, name, next); err != nil {
		return Session{}, err
	}
	return s.StartSession(ctx, name)
}

// check verifies name and password under the limits and returns the
// parameters the stored hash was made with.
func (s *Store) check(ctx context.Context, name, password, addr string, now time.Time) (Params, error) {
	var wait time.Duration
	for _, key := range []string{accountKey(name), addrKey(addr)} {
		w, err := s.wait(ctx, key, now)
		if err != nil {
			return Params{}, err
		}
		wait = max(wait, w)
	}
	if wait > 0 {
		return Params{}, &WaitError{Wait: wait}
	}
	var stored string
	err := s.db.Read.QueryRowContext(ctx, `SELECT password FROM accounts WHERE name = ?`, name).Scan(&stored)
	known := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Params{}, err
	}
	if !known {
		// Checked against all the same, so an unknown name costs as long
		// as a known one and timing does not tell them apart.
		stored = s.dummy()
	}
	if err := s.turn(ctx); err != nil {
		return Params{}, err
	}
	ok, p, err := Verify(password, stored)
	<-s.hashing
	if err != nil {
		return Params{}, fmt.Errorf("account %s: %w", name, err)
	}
	if !ok || !known {
		// An unknown name spends from the address only: a bucket per
		// guessed name would let a script grow the table at will.
		keys := []string{addrKey(addr)}
		if known {
			keys = append(keys, accountKey(name))
		}
		if err := s.failed(ctx, now, keys...); err != nil {
			return Params{}, err
		}
		return Params{}, ErrBadPassword
	}
	return p, nil
}
