package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/i18n"
)

// TestAdminSetsAnotherAccountsPassword: the form is reached from the
// accounts page; a short or differing password is named next to its
// field and changes nothing; a good one signs the account out
// everywhere and lets it sign in with the new password only.
func TestAdminSetsAnotherAccountsPassword(t *testing.T) {
	s := startAccountSite(t)
	ctx := context.Background()
	old, err := s.accounts.StartSession(ctx, "ed")
	if err != nil {
		t.Fatal(err)
	}
	token := s.signInAs(t, "ada")
	_, page := s.get(t, "/accounts")
	mustContain(t, page, `href="/accounts/ed/password"`)
	code, page := s.get(t, "/accounts/ed/password")
	if code != http.StatusOK {
		t.Fatalf("GET the form: %d", code)
	}
	mustContain(t, page, `id="new"`, `id="again"`, `action="/accounts/ed/password"`)
	for _, tc := range []struct {
		title, next, again, field string
	}{
		{title: "missing", next: "", again: "", field: "new"},
		{title: "differing", next: "a new password", again: "a new passw0rd", field: "again"},
		{title: "short", next: "short", again: "short", field: "new"},
	} {
		code, body, _ := s.post(t, "/accounts/ed/password", url.Values{"csrf": {token}, "new": {tc.next}, "again": {tc.again}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d, want 422", tc.title, code)
		}
		mustContain(t, body, `id="`+tc.field+`-error"`)
		if _, err := s.accounts.Session(ctx, old.Token); err != nil {
			t.Fatalf("%s: the session ended though nothing was set: %v", tc.title, err)
		}
	}
	if code, _, _ := s.post(t, "/accounts/ed/password", url.Values{"new": {"a new password"}, "again": {"a new password"}}); code != http.StatusForbidden {
		t.Fatalf("without CSRF: %d, want 403", code)
	}
	code, body, loc := s.post(t, "/accounts/ed/password", url.Values{"csrf": {token}, "new": {"a new password"}, "again": {"a new password"}})
	if code != http.StatusSeeOther || loc != "/accounts" {
		t.Fatalf("set: %d to %q\n%s", code, loc, body)
	}
	_, page = s.get(t, "/accounts")
	mustContain(t, page, "Account ed has a new password")
	if _, err := s.accounts.Session(ctx, old.Token); !errors.Is(err, accounts.ErrNoSuchSession) {
		t.Fatalf("ed's session after the new password: %v", err)
	}
	if _, err := s.accounts.SignIn(ctx, "ed", "password ed", "127.0.0.9"); !errors.Is(err, accounts.ErrBadPassword) {
		t.Fatalf("the old password: %v", err)
	}
	if _, err := s.accounts.SignIn(ctx, "ed", "a new password", "127.0.0.9"); err != nil {
		t.Fatalf("the new password: %v", err)
	}
	// One's own password needs the current one: its own page.
	if code, _, loc := s.post(t, "/accounts/ada/password", url.Values{"csrf": {token}, "new": {"a new password"}, "again": {"a new password"}}); code != http.StatusSeeOther || loc != "/password" {
		t.Fatalf("own password here: %d to %q, want /password", code, loc)
	}
	if _, err := s.accounts.SignIn(ctx, "ada", "password ada", "127.0.0.9"); err != nil {
		t.Fatalf("ada's password after the refused own set: %v", err)
	}
	if code, _ := s.get(t, "/accounts/nobody/password"); code != http.StatusSeeOther {
		t.Fatalf("no such account: %d, want a redirect", code)
	}
}

// TestSetPasswordRefusedToEditorsAndViewers: only an admin sets another
// account's password, whatever a page shows.
func TestSetPasswordRefusedToEditorsAndViewers(t *testing.T) {
	s := startAccountSite(t)
	for _, name := range []string{"ed", "vi"} {
		other := s.as(t, name)
		_, page := other.get(t, "/")
		if code, _ := other.get(t, "/accounts/ada/password"); code != http.StatusForbidden {
			t.Fatalf("%s GET: %d, want 403", name, code)
		}
		if code, _, _ := other.post(t, "/accounts/ada/password", url.Values{"csrf": {csrf(t, page)}, "new": {"taken over"}, "again": {"taken over"}}); code != http.StatusForbidden {
			t.Fatalf("%s POST: %d, want 403", name, code)
		}
	}
	if _, err := s.accounts.SignIn(context.Background(), "ada", "password ada", "127.0.0.9"); err != nil {
		t.Fatalf("ada's password after refused changes: %v", err)
	}
}

// TestSetPasswordPageSpeaksEveryLanguage: the form, its errors and the
// flash come in each of the eight languages, none missing.
func TestSetPasswordPageSpeaksEveryLanguage(t *testing.T) {
	s := startAccountSite(t)
	token := s.signInAs(t, "ada")
	noMisses(t, func() {
		inEveryLanguage(t, s.site, "/accounts", "/accounts/ed/password")
		for _, l := range i18n.Languages {
			if code, _, _ := s.postIn(t, l.Code, "/accounts/ed/password", url.Values{"csrf": {token}, "new": {"a new password"}, "again": {"different"}}); code != http.StatusUnprocessableEntity {
				t.Fatalf("%s: differing: %d", l.Code, code)
			}
			if code, _, _ := s.postIn(t, l.Code, "/accounts/ed/password", url.Values{"csrf": {token}, "new": {"a new password"}, "again": {"a new password"}}); code != http.StatusSeeOther {
				t.Fatalf("%s: set: %d", l.Code, code)
			}
			if code, page := s.getIn(t, l.Code, "/accounts"); code != http.StatusOK || !strings.Contains(page, `class="notice"`) {
				t.Fatalf("%s: no flash after the set: %d", l.Code, code)
			}
		}
	})
	_, page := s.getIn(t, "sv", "/accounts/ed/password")
	mustContain(t, page, "Nytt lösenord för ed", "Spara det nya lösenordet")
}
