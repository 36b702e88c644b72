package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"
)

// Session is a signed-in browser. Token is the cookie's value, known only
// to the browser and to StartSession's caller: the database keeps its
// SHA-256, so a copy of the database signs nobody in.
type Session struct {
	Token   string
	CSRF    string
	Account Account
	Expires time.Time
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func tokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// StartSession begins a session for the account name.
func (s *Store) StartSession(ctx context.Context, name string) (Session, error) {
	a, err := s.Get(ctx, name)
	if err != nil {
		return Session{}, err
	}
	now := s.now()
	sess := Session{Token: randomToken(), CSRF: randomToken(), Account: a, Expires: now.Add(s.ttl).Truncate(time.Second)}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM account_sessions WHERE expires < ?`, now.Unix()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO account_sessions (id_hash, account, csrf, created, expires) VALUES (?, ?, ?, ?, ?)`,
			tokenHash(sess.Token), name, sess.CSRF, now.Unix(), sess.Expires.Unix())
		return err
	})
	if err != nil {
		return Session{}, err
	}
	return sess, nil
}

// Session returns the live session whose cookie value is token, with its
// account as it is now (a changed role shows at once), or
// ErrNoSuchSession when it is unknown, expired, ended or its account gone.
func (s *Store) Session(ctx context.Context, token string) (Session, error) {
	row := s.db.Read.QueryRowContext(ctx, `SELECT s.csrf, s.expires, a.name, a.role, a.created, a.last_sign_in
		FROM account_sessions s JOIN accounts a ON a.name = s.account WHERE s.id_hash = ?`, tokenHash(token))
	var sess Session
	var expires int64
	a, err := scanAccount(func(dest ...any) error {
		return row.Scan(append([]any{&sess.CSRF, &expires}, dest...)...)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, ErrNoSuchSession
	}
	if err != nil {
		return Session{}, fmt.Errorf("session: %w", err)
	}
	sess.Token, sess.Account, sess.Expires = token, a, time.Unix(expires, 0)
	if !s.now().Before(sess.Expires) {
		return Session{}, ErrNoSuchSession
	}
	return sess, nil
}

// EndSession signs a browser out; ending an unknown session is no error.
func (s *Store) EndSession(ctx context.Context, token string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM account_sessions WHERE id_hash = ?`, tokenHash(token))
		return err
	})
}
