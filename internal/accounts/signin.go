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
	if err := s.turn(ctx); err != nil {
		return Session{}, err
	}
	ok, p, err := Verify(password, stored)
	<-s.hashing
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
