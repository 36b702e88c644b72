package accounts

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/hcnet/hcnet/internal/sqlitedb"
)

// cheap keeps the tests quick; DefaultParams is tested on its own.
var cheap = Params{Time: 1, Memory: 64, Threads: 1, SaltLen: 16, KeyLen: 32}

var migrations = fstest.MapFS{"0001_accounts.sql": {Data: []byte(Schema)}}

func openDB(t *testing.T, path string) *sqlitedb.DB {
	t.Helper()
	db, err := sqlitedb.Open(context.Background(), path, sqlitedb.SyncFull, migrations)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// clock is a settable time for a store.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newStore(t *testing.T, path string, c *clock) *Store {
	t.Helper()
	return New(openDB(t, path), Options{Params: cheap, Now: c.now})
}

func start() *clock { return &clock{t: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)} }

func TestHashVerifies(t *testing.T) {
	h, err := Hash("correct horse", DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=4$") {
		t.Fatalf("hash does not carry its parameters: %s", h)
	}
	ok, p, err := Verify("correct horse", h)
	if err != nil || !ok {
		t.Fatalf("right password: %v %v", ok, err)
	}
	if p != DefaultParams {
		t.Fatalf("parameters read back %+v, want %+v", p, DefaultParams)
	}
	if ok, _, _ := Verify("correct horsf", h); ok {
		t.Fatal("a wrong password verified")
	}
	h2, _ := Hash("correct horse", DefaultParams)
	if h2 == h {
		t.Fatal("two hashes of one password are equal: no fresh salt")
	}
	for _, bad := range []string{"", "$2a$10$abc", "$argon2id$v=19$m=x$a$b", "$argon2id$v=18$m=64,t=1,p=1$YWJj$YWJj"} {
		if _, _, err := Verify("x", bad); err == nil {
			t.Errorf("Verify accepted hash %q", bad)
		}
	}
}

func TestAccountsAddListRemove(t *testing.T) {
	ctx := context.Background()
	c := start()
	s := newStore(t, filepath.Join(t.TempDir(), "a.db"), c)
	if _, err := s.Add(ctx, "ada", Admin, "long enough"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(ctx, "vic", Viewer, "long enough"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		title, name string
		role        Role
		pw          string
		want        error
	}{
		{title: "taken name", name: "ada", role: Editor, pw: "long enough", want: ErrExists},
		{title: "short password", name: "eve", role: Editor, pw: "short", want: ErrInvalid},
		{title: "unknown role", name: "eve", role: "coordinator", pw: "long enough", want: ErrInvalid},
		{title: "bad name", name: "Eve Smith", role: Editor, pw: "long enough", want: ErrInvalid},
	} {
		if _, err := s.Add(ctx, tc.name, tc.role, tc.pw); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.title, err, tc.want)
		}
	}
	list, err := s.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Name != "ada" || list[0].Role != Admin || list[1].Role != Viewer || !list[0].Created.Equal(c.t) {
		t.Fatalf("list: %+v", list)
	}
	if err := s.Remove(ctx, "ada"); !errors.Is(err, ErrLastAdmin) {
		t.Fatalf("removing the last admin: %v", err)
	}
	if err := s.Remove(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("removing an unknown account: %v", err)
	}
	if err := s.Remove(ctx, "vic"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "vic"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("removed account: %v", err)
	}
}

func TestSignInSessions(t *testing.T) {
	ctx := context.Background()
	c := start()
	path := filepath.Join(t.TempDir(), "a.db")
	s := New(openDB(t, path), Options{Params: cheap, Now: c.now, SessionTTL: time.Hour})
	s.Add(ctx, "ada", Admin, "long enough")
	s.Add(ctx, "ed", Editor, "long enough")

	if _, err := s.SignIn(ctx, "ada", "wrong password", "10.0.0.1"); !errors.Is(err, ErrBadPassword) {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := s.SignIn(ctx, "nobody", "long enough", "10.0.0.1"); !errors.Is(err, ErrBadPassword) {
		t.Fatalf("unknown name: %v", err)
	}
	sess, err := s.SignIn(ctx, "ada", "long enough", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if sess.Account.Role != Admin || sess.Token == "" || sess.CSRF == "" || sess.Token == sess.CSRF {
		t.Fatalf("session %+v", sess)
	}
	if a, _ := s.Get(ctx, "ada"); !a.LastSignIn.Equal(c.t) {
		t.Fatalf("last sign-in %v, want %v", a.LastSignIn, c.t)
	}
	got, err := s.Session(ctx, sess.Token)
	if err != nil || got.Account.Name != "ada" || got.CSRF != sess.CSRF {
		t.Fatalf("lookup: %+v %v", got, err)
	}
	var stored int
	s.db.Read.QueryRow(`SELECT count(*) FROM account_sessions WHERE id_hash = ?`, sess.Token).Scan(&stored)
	if stored != 0 {
		t.Fatal("the session token is stored as it is, not hashed")
	}

	// It survives a reopen of the database.
	s.db.Close()
	s = New(openDB(t, path), Options{Params: cheap, Now: c.now, SessionTTL: time.Hour})
	if _, err := s.Session(ctx, sess.Token); err != nil {
		t.Fatalf("after reopening: %v", err)
	}

	// It expires.
	c.t = c.t.Add(time.Hour)
	if _, err := s.Session(ctx, sess.Token); !errors.Is(err, ErrNoSuchSession) {
		t.Fatalf("expired session: %v", err)
	}
	c.t = start().t

	// A changed password and a removed account end their sessions; an
	// ended session is gone; others stay.
	ada, _ := s.StartSession(ctx, "ada")
	ed, _ := s.StartSession(ctx, "ed")
	ed2, _ := s.StartSession(ctx, "ed")
	if err := s.SetPassword(ctx, "ada", "another long one"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, ada.Token); !errors.Is(err, ErrNoSuchSession) {
		t.Fatalf("session after a password change: %v", err)
	}
	if _, err := s.SignIn(ctx, "ada", "long enough", "10.0.0.2"); !errors.Is(err, ErrBadPassword) {
		t.Fatalf("old password after the change: %v", err)
	}
	if _, err := s.SignIn(ctx, "ada", "another long one", "10.0.0.2"); err != nil {
		t.Fatalf("new password: %v", err)
	}
	if err := s.EndSession(ctx, ed2.Token); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, ed2.Token); !errors.Is(err, ErrNoSuchSession) {
		t.Fatalf("ended session: %v", err)
	}
	if _, err := s.Session(ctx, ed.Token); err != nil {
		t.Fatalf("other session of the account: %v", err)
	}
	if err := s.Remove(ctx, "ed"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, ed.Token); !errors.Is(err, ErrNoSuchSession) {
		t.Fatalf("session of a removed account: %v", err)
	}
}

// TestSignInLimitsSurviveReopen: five failures on one account lock it
// from every address, five from one address lock that address for every
// account, and both are still counted after the database is reopened.
func TestSignInLimitsSurviveReopen(t *testing.T) {
	ctx := context.Background()
	c := start()
	path := filepath.Join(t.TempDir(), "a.db")
	s := newStore(t, path, c)
	s.Add(ctx, "ada", Admin, "long enough")
	s.Add(ctx, "ed", Editor, "long enough")
	for i := range DefaultLimit.Burst {
		// Each guess from its own address: only the account's bucket fills.
		addr := "10.0.1." + string(rune('1'+i))
		if _, err := s.SignIn(ctx, "ada", "guess", addr); !errors.Is(err, ErrBadPassword) {
			t.Fatalf("guess %d: %v", i+1, err)
		}
	}
	// Five wrong names from one address: only that address's bucket fills.
	for i := range DefaultLimit.Burst {
		if _, err := s.SignIn(ctx, "nobody", "guess", "10.0.2.1"); !errors.Is(err, ErrBadPassword) {
			t.Fatalf("wrong name %d: %v", i+1, err)
		}
	}
	s.db.Close()
	s = newStore(t, path, c)

	var we *WaitError
	if _, err := s.SignIn(ctx, "ada", "long enough", "10.0.3.1"); !errors.As(err, &we) || !errors.Is(err, ErrTooMany) {
		t.Fatalf("locked account, right password: %v", err)
	}
	if we.Wait != DefaultLimit.Every {
		t.Fatalf("wait %v, want %v", we.Wait, DefaultLimit.Every)
	}
	if _, err := s.SignIn(ctx, "ed", "long enough", "10.0.2.1"); !errors.Is(err, ErrTooMany) {
		t.Fatalf("locked address, other account: %v", err)
	}
	if _, err := s.SignIn(ctx, "ed", "long enough", "10.0.3.1"); err != nil {
		t.Fatalf("other account from another address: %v", err)
	}
	if w, _ := s.AddrWait(ctx, "10.0.2.1", c.t); w != DefaultLimit.Every {
		t.Fatalf("address wait %v", w)
	}
	c.t = c.t.Add(DefaultLimit.Every)
	if _, err := s.SignIn(ctx, "ada", "long enough", "10.0.3.1"); err != nil {
		t.Fatalf("after the wait: %v", err)
	}
}

// TestSignInRaisesOldParams: a hash made under other costs is rehashed
// under the store's at the next sign-in, and still verifies.
func TestSignInRaisesOldParams(t *testing.T) {
	ctx := context.Background()
	c := start()
	path := filepath.Join(t.TempDir(), "a.db")
	s := newStore(t, path, c)
	s.Add(ctx, "ada", Admin, "long enough")
	raised := cheap
	raised.Time = 2
	s = New(s.db, Options{Params: raised, Now: c.now})
	if _, err := s.SignIn(ctx, "ada", "long enough", "10.0.0.1"); err != nil {
		t.Fatal(err)
	}
	var h string
	s.db.Read.QueryRow(`SELECT password FROM accounts WHERE name = 'ada'`).Scan(&h)
	if _, p, err := Verify("long enough", h); err != nil || p != raised {
		t.Fatalf("stored params %+v (%v), want %+v", p, err, raised)
	}
}

// BenchmarkHash is the cost of one password check under DefaultParams:
// what each sign-in spends, and what each guess costs an attacker.
func BenchmarkHash(b *testing.B) {
	for b.Loop() {
		if _, err := Hash("correct horse", DefaultParams); err != nil {
			b.Fatal(err)
		}
	}
}

// TestChangePassword: the current password is checked and a wrong one
// counted; the change ends the account's other sessions and starts one.
func TestChangePassword(t *testing.T) {
	ctx := context.Background()
	c := start()
	s := newStore(t, filepath.Join(t.TempDir(), "a.db"), c)
	s.Add(ctx, "ed", Editor, "long enough")
	other, _ := s.StartSession(ctx, "ed")
	if _, err := s.ChangePassword(ctx, "ed", "long enough", "short", "10.0.0.1"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("short new password: %v", err)
	}
	if _, err := s.ChangePassword(ctx, "ed", "wrong one", "a new password", "10.0.0.1"); !errors.Is(err, ErrBadPassword) {
		t.Fatalf("wrong current password: %v", err)
	}
	var tokens float64
	s.db.Read.QueryRow(`SELECT tokens FROM signin_limits WHERE key = 'account:ed'`).Scan(&tokens)
	if tokens != float64(DefaultLimit.Burst-1) {
		t.Fatalf("a wrong current password left the account's bucket at %v, want %d", tokens, DefaultLimit.Burst-1)
	}
	sess, err := s.ChangePassword(ctx, "ed", "long enough", "a new password", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, other.Token); !errors.Is(err, ErrNoSuchSession) {
		t.Fatalf("the other session after the change: %v", err)
	}
	if _, err := s.Session(ctx, sess.Token); err != nil {
		t.Fatalf("the new session: %v", err)
	}
	if _, err := s.SignIn(ctx, "ed", "a new password", "10.0.0.2"); err != nil {
		t.Fatalf("the new password: %v", err)
	}
}

// TestSetRole: an account's role changes and its live session carries
// the new role at once; the last admin cannot be demoted, but can once a
// second admin exists; unknown names and roles are refused and change
// nothing.
func TestSetRole(t *testing.T) {
	ctx := context.Background()
	s := newStore(t, filepath.Join(t.TempDir(), "a.db"), start())
	for name, role := range map[string]Role{"ada": Admin, "ed": Editor} {
		if _, err := s.Add(ctx, name, role, "long enough"); err != nil {
			t.Fatal(err)
		}
	}
	sess, err := s.StartSession(ctx, "ed")
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.SetRole(ctx, "ed", Viewer)
	if err != nil || a.Role != Viewer || a.Name != "ed" {
		t.Fatalf("ed to viewer: %+v %v", a, err)
	}
	got, err := s.Session(ctx, sess.Token)
	if err != nil || got.Account.Role != Viewer {
		t.Fatalf("ed's session after the change: %+v %v, want it live with the role viewer", got.Account, err)
	}

	if _, err := s.SetRole(ctx, "ada", Editor); !errors.Is(err, ErrLastAdmin) {
		t.Fatalf("demoting the last admin: %v, want ErrLastAdmin", err)
	}
	if a, _ := s.Get(ctx, "ada"); a.Role != Admin {
		t.Fatalf("the refused demotion changed ada to %s", a.Role)
	}
	if _, err := s.SetRole(ctx, "ada", Admin); err != nil {
		t.Fatalf("the last admin stays admin: %v", err)
	}
	for _, tc := range []struct {
		title, name string
		role        Role
		want        error
	}{
		{title: "unknown role", name: "ed", role: "coordinator", want: ErrInvalid},
		{title: "empty role", name: "ed", role: "", want: ErrInvalid},
		{title: "unknown name", name: "nobody", role: Editor, want: ErrNotFound},
	} {
		if _, err := s.SetRole(ctx, tc.name, tc.role); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.title, err, tc.want)
		}
	}
	if a, _ := s.Get(ctx, "ed"); a.Role != Viewer {
		t.Fatalf("refused changes left ed as %s", a.Role)
	}

	if _, err := s.SetRole(ctx, "ed", Admin); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetRole(ctx, "ada", Viewer); err != nil {
		t.Fatalf("demoting one of two admins: %v", err)
	}
	if _, err := s.SetRole(ctx, "ed", Editor); !errors.Is(err, ErrLastAdmin) {
		t.Fatalf("demoting the new last admin: %v", err)
	}
}

// TestHubRoles: a store built with a hub's roles takes coordinators and
// readers, refuses a node's roles, and keeps its last coordinator.
func TestHubRoles(t *testing.T) {
	ctx := context.Background()
	c := start()
	s := New(openDB(t, filepath.Join(t.TempDir(), "a.db")), Options{Roles: HubRoles, Params: cheap, Now: c.now})
	if _, err := s.Add(ctx, "cora", Coordinator, "long enough"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(ctx, "rita", Reader, "long enough"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(ctx, "ada", Admin, "long enough"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("a node's role on a hub: %v", err)
	}
	if err := s.Remove(ctx, "cora"); !errors.Is(err, ErrLastAdmin) {
		t.Fatalf("removing the last coordinator: %v", err)
	}
	if _, err := s.SetRole(ctx, "cora", Reader); !errors.Is(err, ErrLastAdmin) {
		t.Fatalf("demoting the last coordinator: %v", err)
	}
	if err := s.Remove(ctx, "rita"); err != nil {
		t.Fatal(err)
	}
	if !Coordinator.CanCoordinate() || Reader.CanCoordinate() || Admin.CanCoordinate() {
		t.Fatal("only a coordinator coordinates")
	}
}
