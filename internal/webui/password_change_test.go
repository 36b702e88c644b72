package webui

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/sqlitedb"
)

// passwordStore is an accounts store holding vi, whose password is
// "password vi", that refuses a second wrong password within the hour.
func passwordStore(t *testing.T) *accounts.Store {
	t.Helper()
	db, err := sqlitedb.Open(context.Background(), filepath.Join(t.TempDir(), "accounts.db"), sqlitedb.SyncFull,
		fstest.MapFS{"0001_accounts.sql": {Data: []byte(accounts.Schema)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := accounts.New(db, accounts.Options{
		Params: accounts.Params{Time: 1, Memory: 64, Threads: 1, SaltLen: 16, KeyLen: 32},
		Limit:  accounts.Limit{Burst: 1, Every: time.Hour},
	})
	if _, err := s.Add(context.Background(), "vi", accounts.Viewer, "password vi"); err != nil {
		t.Fatal(err)
	}
	return s
}

func postPassword(current, next, again string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/password", strings.NewReader(url.Values{"current": {current}, "new": {next}, "again": {again}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// TestChangePassword: each problem of the password form is named next
// to its field in the reader's language and changes nothing; a second
// wrong password is answered with the wait; the right one changes the
// password, ends the old session and starts a new one in this browser.
func TestChangePassword(t *testing.T) {
	ctx := context.Background()
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	store := passwordStore(t)
	sessions := NewKeptSessions(AccountKeeper{Store: store})
	old, err := store.StartSession(ctx, "vi")
	if err != nil {
		t.Fatal(err)
	}
	sess := AccountSession(old)
	sv := words.In("sv")

	for _, c := range []struct {
		title                string
		current, next, again string
		code                 int
		fields               []string
		retryAfter           bool
	}{
		{title: "empty and differing", next: "a new password", again: "another", code: http.StatusUnprocessableEntity, fields: []string{"current", "again"}},
		{title: "too short", current: "password vi", next: "short", again: "short", code: http.StatusUnprocessableEntity, fields: []string{"new"}},
		{title: "wrong current", current: "guess", next: "a new password", again: "a new password", code: http.StatusUnprocessableEntity, fields: []string{"current"}},
		{title: "wrong again, too soon", current: "guess again", next: "a new password", again: "a new password", code: http.StatusTooManyRequests, fields: []string{"current"}, retryAfter: true},
	} {
		w := httptest.NewRecorder()
		f, code, err := ChangePassword(ctx, w, postPassword(c.current, c.next, c.again), sv, store, sessions, sess, "192.0.2.1")
		if err != nil || f == nil || code != c.code {
			t.Fatalf("%s: form %v, %d, %v; want problems and %d", c.title, f, code, err, c.code)
		}
		for _, field := range c.fields {
			if !f.Invalid(field) {
				t.Errorf("%s: no problem next to %s: %v", c.title, field, f.Problems)
			}
		}
		if len(f.Problems) != len(c.fields) {
			t.Errorf("%s: problems %v, want one for each of %v", c.title, f.Problems, c.fields)
		}
		if got := w.Header().Get("Retry-After"); (got != "") != c.retryAfter {
			t.Errorf("%s: Retry-After %q", c.title, got)
		}
		if w.Code != http.StatusOK || w.Header().Get("Location") != "" {
			t.Errorf("%s: answered %d to %q itself; the page shows the form", c.title, w.Code, w.Header().Get("Location"))
		}
	}
	// Said in Swedish, not English.
	w := httptest.NewRecorder()
	f, _, _ := ChangePassword(ctx, w, postPassword("", "a", "b"), sv, store, sessions, sess, "192.0.2.2")
	if got := f.ErrorsOf("again"); len(got) != 1 || got[0] == "differs from the new password: type the same twice" {
		t.Errorf("the differing password in Swedish: %q", got)
	}

	// The right password, on a store that has refused none yet (this
	// one now makes vi wait an hour), changes it.
	store = passwordStore(t)
	sessions = NewKeptSessions(AccountKeeper{Store: store})
	if old, err = store.StartSession(ctx, "vi"); err != nil {
		t.Fatal(err)
	}
	sess = AccountSession(old)
	w = httptest.NewRecorder()
	f, code, err := ChangePassword(ctx, w, postPassword("password vi", "a new password", "a new password"), sv, store, sessions, sess, "192.0.2.1")
	if err != nil || f != nil || code != http.StatusSeeOther || w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/" {
		t.Fatalf("the change: form %v, %d, %v; answered %d to %q", f, code, err, w.Code, w.Header().Get("Location"))
	}
	if _, err := store.Session(ctx, old.Token); !errors.Is(err, accounts.ErrNoSuchSession) {
		t.Errorf("the old session after the change: %v", err)
	}
	var cookie *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Value != "" && c.Value != old.Token {
			cookie = c
		}
	}
	if cookie == nil {
		t.Fatal("no new session cookie for this browser")
	}
	fresh, err := store.Session(ctx, cookie.Value)
	if err != nil || fresh.Account.Name != "vi" {
		t.Fatalf("the new session: %v, %v", fresh, err)
	}
	if _, err := store.SignIn(ctx, "vi", "a new password", "192.0.2.3"); err != nil {
		t.Errorf("the new password: %v", err)
	}
}
