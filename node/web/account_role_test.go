package web

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/accounts"
)

// roleOf is an account's stored role.
func roleOf(t *testing.T, s *accountSite, name string) accounts.Role {
	t.Helper()
	a, err := s.accounts.Get(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return a.Role
}

// TestAccountRoleChange: the admin's accounts page has a role select per
// account; a change is stored and applies at once to a browser the
// account is already signed in with; the last admin's own demotion is
// refused next to its select and changes nothing; a made-up role is
// refused; and once another admin exists, the admin may step down and
// is sent to the dashboard.
func TestAccountRoleChange(t *testing.T) {
	s := startAccountSite(t)
	s.signInAs(t, "ed")
	edJar := s.http.Jar

	s.http.Jar, _ = cookiejar.New(nil)
	token := s.signInAs(t, "ada")
	code, page := s.get(t, "/accounts")
	if code != http.StatusOK {
		t.Fatalf("GET /accounts: %d", code)
	}
	mustContain(t, page, `action="/accounts/ed/role"`, `<label class="visually-hidden" for="role-ed">Role of ed</label>`,
		`<select id="role-ed" name="role">`, `<option value="editor" selected>editor</option>`)

	code, body, loc := s.post(t, "/accounts/ed/role", url.Values{"csrf": {token}, "role": {"viewer"}})
	if code != http.StatusSeeOther || loc != "/accounts" {
		t.Fatalf("ed to viewer: %d to %q\n%s", code, loc, body)
	}
	if got := roleOf(t, s, "ed"); got != accounts.Viewer {
		t.Fatalf("ed is %s, want viewer", got)
	}
	_, page = s.get(t, "/accounts")
	mustContain(t, page, "Account ed is now viewer", `<option value="viewer" selected>viewer</option>`)

	// ed's browser, signed in before the change, has the new role now.
	adaJar := s.http.Jar
	s.http.Jar = edJar
	code, page = s.get(t, "/practices/new")
	if code != http.StatusForbidden || !strings.Contains(page, "role viewer") {
		t.Fatalf("ed's open session after the change: GET /practices/new %d, want 403 as a viewer", code)
	}
	s.http.Jar = adaJar

	code, body, _ = s.post(t, "/accounts/ada/role", url.Values{"csrf": {token}, "role": {"editor"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("the last admin demotes herself: %d, want 422", code)
	}
	mustContain(t, body, `id="error-summary"`, `href="#role-ada"`, `id="role-ada-error"`, "you are the last admin",
		`<select id="role-ada" name="role" aria-invalid="true" aria-describedby="role-ada-error">`,
		`<option value="admin" selected>admin</option>`)
	if got := roleOf(t, s, "ada"); got != accounts.Admin {
		t.Fatalf("the refused demotion made ada %s", got)
	}

	code, body, _ = s.post(t, "/accounts/vi/role", url.Values{"csrf": {token}, "role": {"owner"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="role-vi-error"`) {
		t.Fatalf("a made-up role: %d\n%s", code, body)
	}
	if code, _, _ := s.post(t, "/accounts/vi/role", url.Values{"role": {"admin"}}); code != http.StatusForbidden {
		t.Fatalf("without the CSRF token: %d, want 403", code)
	}
	if got := roleOf(t, s, "vi"); got != accounts.Viewer {
		t.Fatalf("refused changes made vi %s", got)
	}

	if code, _, _ := s.post(t, "/accounts/ed/role", url.Values{"csrf": {token}, "role": {"admin"}}); code != http.StatusSeeOther {
		t.Fatalf("ed to admin: %d", code)
	}
	code, _, loc = s.post(t, "/accounts/ada/role", url.Values{"csrf": {token}, "role": {"editor"}})
	if code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("ada steps down with another admin there: %d to %q, want 303 to /", code, loc)
	}
	_, page = s.get(t, "/")
	mustContain(t, page, "Your role is now editor.")
	if code, _ := s.get(t, "/accounts"); code != http.StatusForbidden {
		t.Fatalf("ada as an editor: GET /accounts %d, want 403", code)
	}
}

// TestAccountRoleChangeRefusedToEditorsAndViewers: an editor's or a
// viewer's POST of a role change, with a valid CSRF token, is refused
// with 403 and changes nothing, their own role included.
func TestAccountRoleChangeRefusedToEditorsAndViewers(t *testing.T) {
	s := startAccountSite(t)
	for _, name := range []string{"ed", "vi"} {
		s.http.Jar, _ = cookiejar.New(nil)
		token := s.signInAs(t, name)
		for _, target := range []string{name, "ada"} {
			code, body, _ := s.post(t, "/accounts/"+target+"/role", url.Values{"csrf": {token}, "role": {"admin"}})
			if code != http.StatusForbidden {
				t.Fatalf("%s sets the role of %s: %d, want 403", name, target, code)
			}
			mustContain(t, body, "Nothing was changed")
		}
	}
	for name, want := range map[string]accounts.Role{"ada": accounts.Admin, "ed": accounts.Editor, "vi": accounts.Viewer} {
		if got := roleOf(t, s, name); got != want {
			t.Fatalf("%s is %s after refused changes, want %s", name, got, want)
		}
	}
}
