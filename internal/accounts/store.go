package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"sync"
	"time"

	"github.com/hcnet/hcnet/internal/sqlitedb"
)

// Errors a Store returns; callers match them with errors.Is.
var (
	ErrNotFound      = errors.New("no such account")
	ErrExists        = errors.New("an account of that name exists")
	ErrInvalid       = errors.New("invalid account")
	ErrLastAdmin     = errors.New("the last admin account cannot be removed or lose its role")
	ErrBadPassword   = errors.New("wrong name or password")
	ErrTooMany       = errors.New("too many failed sign-ins")
	ErrNoSuchSession = errors.New("no such session")
)

// Account is a person's account, without its password hash.
type Account struct {
	Name       string
	Role       Role
	Created    time.Time
	LastSignIn time.Time // zero when never signed in
}

// Options are a Store's settings; zero values take the defaults.
type Options struct {
	Roles      []Role        // the roles accounts may have (NodeRoles)
	Params     Params        // hashing costs for new hashes (DefaultParams)
	SessionTTL time.Duration // how long a session lasts (12 hours)
	Limit      Limit         // failed sign-ins allowed (DefaultLimit)
	Now        func() time.Time
}

// Store keeps accounts, sessions and sign-in limits in db, whose
// migrations include Schema.
type Store struct {
	db    *sqlitedb.DB
	roles []Role
	p     Params
	ttl   time.Duration
	limit Limit
	now   func() time.Time
	dummy func() string
	// hashing bounds the argon2id runs at once: each takes Params.Memory,
	// so a crowd of sign-ins queues here instead of exhausting memory.
	hashing chan struct{}
}

// New returns the accounts kept in db.
func New(db *sqlitedb.DB, o Options) *Store {
	s := &Store{db: db, roles: o.Roles, p: o.Params, ttl: o.SessionTTL, limit: o.Limit, now: o.Now}
	if s.roles == nil {
		s.roles = NodeRoles
	}
	if s.p == (Params{}) {
		s.p = DefaultParams
	}
	if s.ttl == 0 {
		s.ttl = 12 * time.Hour
	}
	if s.limit == (Limit{}) {
		s.limit = DefaultLimit
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.hashing = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	s.dummy = sync.OnceValue(func() string {
		h, _ := Hash("no account has this password", s.p)
		return h
	})
	return s
}

// Roles are the roles this store accepts.
func (s *Store) Roles() []Role { return s.roles }

// nameRe is what an account name may be: short, lower-case, safe in a
// terminal, a log line and a URL.
var nameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// CheckName reports why name cannot name an account, or nil.
func CheckName(name string) error {
	if !nameRe.MatchString(name) {
		return fmt.Errorf("%w: name %q: use 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit", ErrInvalid, name)
	}
	return nil
}

func (s *Store) checkPassword(pw string) error {
	if len([]rune(pw)) < MinPassword {
		return fmt.Errorf("%w: the password must have at least %d characters", ErrInvalid, MinPassword)
	}
	if len(pw) > 1024 {
		return fmt.Errorf("%w: the password is longer than 1024 bytes", ErrInvalid)
	}
	return nil
}

// Add creates an account. It fails with ErrInvalid for a bad name, role or
// password and ErrExists when the name is taken.
func (s *Store) Add(ctx context.Context, name string, role Role, password string) (Account, error) {
	if err := CheckName(name); err != nil {
		return Account{}, err
	}
	if !validRole(s.roles, role) {
		return Account{}, fmt.Errorf("%w: role %q: want one of %v", ErrInvalid, role, s.roles)
	}
	if err := s.checkPassword(password); err != nil {
		return Account{}, err
	}
	h, err := s.hash(ctx, password)
	if err != nil {
		return Account{}, err
	}
	a := Account{Name: name, Role: role, Created: s.now().UTC().Truncate(time.Second)}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM accounts WHERE name = ?`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%w: %s", ErrExists, name)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO accounts (name, role, password, created) VALUES (?, ?, ?, ?)`, name, string(role), h, a.Created.Unix())
		return err
	})
	if err != nil {
		return Account{}, err
	}
	return a, nil
}

// Get returns one account, or ErrNotFound.
func (s *Store) Get(ctx context.Context, name string) (Account, error) {
	row := s.db.Read.QueryRowContext(ctx, `SELECT name, role, created, last_sign_in FROM accounts WHERE name = ?`, name)
	a, err := scanAccount(row.Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, fmt.Errorf("%w: %s", ErrNotFound, name)
	}
	return a, err
}

// List returns every account by name.
func (s *Store) List(ctx context.Context) ([]Account, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT name, role, created, last_sign_in FROM accounts ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		a, err := scanAccount(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func scanAccount(scan func(...any) error) (Account, error) {
	var a Account
	var role string
	var created int64
	var last sql.NullInt64
	if err := scan(&a.Name, &role, &created, &last); err != nil {
		return Account{}, err
	}
	a.Role, a.Created = Role(role), time.Unix(created, 0).UTC()
	if last.Valid {
		a.LastSignIn = time.Unix(last.Int64, 0).UTC()
	}
	return a, nil
}

// Remove deletes an account and ends its sessions. The last account of
// the strongest role stays (ErrLastAdmin), so a node always has an admin
// and a hub a coordinator who can manage accounts in the browser.
func (s *Store) Remove(ctx context.Context, name string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var role string
		err := tx.QueryRowContext(ctx, `SELECT role FROM accounts WHERE name = ?`, name).Scan(&role)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: %s", ErrNotFound, name)
		}
		if err != nil {
			return err
		}
		// The strongest role (a node's admin, a hub's coordinator) is
		// the one that manages accounts: one always stays.
		if top := s.roles[0]; Role(role) == top {
			var admins int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM accounts WHERE role = ?`, string(top)).Scan(&admins); err != nil {
				return err
			}
			if admins == 1 {
				return ErrLastAdmin
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM account_sessions WHERE account = ?`, name); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM accounts WHERE name = ?`, name)
		return err
	})
}

// SetPassword changes an account's password and ends all its sessions:
// a password is changed because someone else may know it.
func (s *Store) SetPassword(ctx context.Context, name, password string) error {
	if err := s.checkPassword(password); err != nil {
		return err
	}
	h, err := s.hash(ctx, password)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE accounts SET password = ? WHERE name = ?`, h, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%w: %s", ErrNotFound, name)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM account_sessions WHERE account = ?`, name)
		return err
	})
}

// hash is Hash under the store's parameters, in turn with other hashing.
func (s *Store) hash(ctx context.Context, password string) (string, error) {
	if err := s.turn(ctx); err != nil {
		return "", err
	}
	defer func() { <-s.hashing }()
	return Hash(password, s.p)
}

// turn waits for a place among the hashing runs.
func (s *Store) turn(ctx context.Context) error {
	select {
	case s.hashing <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
