package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// cheap keeps sign-ins quick under the race detector; the costs stored
// with each hash are the package's business and tested there.
var cheap = accounts.Params{Time: 1, Memory: 64, Threads: 1, SaltLen: 16, KeyLen: 32}

// accountSite is a site whose pages sign in named accounts, kept in the
// node's database, with an admin "ada", an editor "ed" and a viewer "vi",
// each with the password "password " and their name.
type accountSite struct {
	*site
	accounts *accounts.Store
}

func startAccountSite(t *testing.T) *accountSite {
	t.Helper()
	n := nodetest.Start(t)
	s := &accountSite{site: &site{node: n, api: n.Client(t)}}
	s.open(t, n)
	ctx := context.Background()
	for name, role := range map[string]accounts.Role{"ada": accounts.Admin, "ed": accounts.Editor, "vi": accounts.Viewer} {
		if _, err := s.accounts.Add(ctx, name, role, "password "+name); err != nil {
			t.Fatal(err)
		}
	}
	jar, _ := cookiejar.New(nil)
	s.http = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return s
}

// open serves the pages of node n on a new server, as hcnode run does
// after a restart.
func (s *accountSite) open(t *testing.T, n *nodetest.Node) {
	t.Helper()
	s.node = n
	s.accounts = accounts.New(n.Node.Store.DB(), accounts.Options{Params: cheap})
	h, err := New(hcnetv1.NewCityServiceClient(n.Conn(t, "")), n.Token, Options{
		Pending:  n.Node.Store.PendingRecords,
		Log:      slog.New(slog.NewTextHandler(io.Discard, nil)),
		Accounts: s.accounts,
		Backup:   n.Node.Store.Backup, BackupDir: n.Dir,
	})
	if err != nil {
		t.Fatal(err)
	}
	s.handler = h
	s.srv = httptest.NewServer(h)
	t.Cleanup(s.srv.Close)
}

// signInAs signs in with a name and password and returns the CSRF token
// of the first page.
func (s *accountSite) signInAs(t *testing.T, name string) string {
	t.Helper()
	_, page := s.get(t, "/signin")
	code, body, loc := s.post(t, "/signin", url.Values{"csrf": {csrf(t, page)}, "name": {name}, "password": {"password " + name}, "next": {"/"}})
	if code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("sign in as %s: %d to %q\n%s", name, code, loc, body)
	}
	_, page = s.get(t, "/")
	return csrf(t, page)
}

// TestAccountSignInSurvivesRestart: an editor signs in with name and
// password, the header names them, and after the node and its pages
// restart the same cookie still signs them in; a changed password then
// ends the session.
func TestAccountSignInSurvivesRestart(t *testing.T) {
	s := startAccountSite(t)
	_, page := s.get(t, "/signin")
	mustContain(t, page, `id="name"`, `id="password"`, `id="token"`)
	s.signInAs(t, "ed")
	code, page := s.get(t, "/")
	if code != http.StatusOK {
		t.Fatalf("dashboard: %d", code)
	}
	mustContain(t, page, "Signed in as", "<strong>ed</strong></a> (editor)", `action="/signout"`)
	if strings.Contains(page, `href="/accounts"`) {
		t.Fatal("an editor's header links to the accounts page")
	}

	s.node.Stop(t)
	s.srv.Close()
	s.open(t, nodetest.Restart(t, s.node.Dir))
	code, page = s.get(t, "/")
	if code != http.StatusOK {
		t.Fatalf("after the restart: %d, want 200 (still signed in)", code)
	}
	mustContain(t, page, "Signed in as", "<strong>ed</strong></a> (editor)")

	if err := s.accounts.SetPassword(context.Background(), "ed", "a new password"); err != nil {
		t.Fatal(err)
	}
	if code, _ := s.get(t, "/"); code != http.StatusSeeOther {
		t.Fatalf("after a password change: %d, want 303 to sign in", code)
	}
}

// TestViewerCannotChangeAnything: a viewer reads pages, but each POST
// with a valid CSRF token is refused with 403 on the server and saves
// nothing; the accounts page is for admins only.
func TestViewerCannotChangeAnything(t *testing.T) {
	s := startAccountSite(t)
	token := s.signInAs(t, "vi")
	if code, _ := s.get(t, "/practices"); code != http.StatusOK {
		t.Fatalf("viewer reads practices: %d", code)
	}
	posts := map[string]url.Values{
		"/practices/new":    {"title": {"Walking school bus"}, "status": {"active"}, "visibility": {"public"}, "language": {"en"}},
		"/partnerships/new": {"title": {"Green schoolyards"}},
		"/accounts":         {"name": {"mallory"}, "role": {"admin"}, "password": {"long enough"}},
	}
	for path, form := range posts {
		form.Set("csrf", token)
		code, body, _ := s.post(t, path, form)
		if code != http.StatusForbidden {
			t.Fatalf("viewer POST %s: %d, want 403", path, code)
		}
		mustContain(t, body, "role viewer", "Nothing was changed")
	}
	res, err := s.api.ListPractices(context.Background(), &hcnetv1.ListPracticesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.GetPractices()) != 0 {
		t.Fatalf("a viewer's POST saved %d practices", len(res.GetPractices()))
	}
	if _, err := s.accounts.Get(context.Background(), "mallory"); err == nil {
		t.Fatal("a viewer's POST added an account")
	}
	if code, _ := s.get(t, "/accounts"); code != http.StatusForbidden {
		t.Fatalf("viewer GET /accounts: %d, want 403", code)
	}
	for _, path := range []string{"/practices/new", "/partnerships/new", "/partners/new"} {
		if code, body := s.get(t, path); code != http.StatusForbidden || !strings.Contains(body, "role viewer") {
			t.Fatalf("viewer GET %s: %d, want 403 saying the role cannot", path, code)
		}
	}
}

// TestAccountsPageIsForAdmins: an editor is refused the accounts page; an
// admin sees it, adds an account that can sign in, and removes it.
func TestAccountsPageIsForAdmins(t *testing.T) {
	s := startAccountSite(t)
	s.signInAs(t, "ed")
	if code, body := s.get(t, "/accounts"); code != http.StatusForbidden || !strings.Contains(body, "does not manage accounts") {
		t.Fatalf("editor GET /accounts: %d\n%s", code, body)
	}
	s.http.Jar, _ = cookiejar.New(nil)
	token := s.signInAs(t, "ada")
	code, page := s.get(t, "/accounts")
	if code != http.StatusOK {
		t.Fatalf("admin GET /accounts: %d", code)
	}
	mustContain(t, page, `href="/accounts"`, "<th scope=\"row\">vi</th>")
	if code, body, _ := s.post(t, "/accounts", url.Values{"csrf": {token}, "name": {"Olle Berg"}, "role": {"editor"}, "password": {"short"}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("bad account: %d\n%s", code, body)
	} else {
		mustContain(t, body, `id="name-error"`)
	}
	if code, body, loc := s.post(t, "/accounts", url.Values{"csrf": {token}, "name": {"olle"}, "role": {"editor"}, "password": {"password olle"}}); code != http.StatusSeeOther || loc != "/accounts" {
		t.Fatalf("add account: %d to %q\n%s", code, loc, body)
	}
	if a, err := s.accounts.Get(context.Background(), "olle"); err != nil || a.Role != accounts.Editor {
		t.Fatalf("added account: %+v %v", a, err)
	}
	if code, _, _ := s.post(t, "/accounts/olle/remove", url.Values{"csrf": {token}}); code != http.StatusSeeOther {
		t.Fatalf("remove: %d", code)
	}
	if _, err := s.accounts.Get(context.Background(), "olle"); err == nil {
		t.Fatal("the removed account is still there")
	}
}

// TestAccountSignInLimitOutlivesRestart: after five wrong passwords for
// an account the right one is refused with 429 and Retry-After, and still
// is when the pages restart over the same database.
func TestAccountSignInLimitOutlivesRestart(t *testing.T) {
	s := startAccountSite(t)
	_, page := s.get(t, "/signin")
	token := csrf(t, page)
	for i := range accounts.DefaultLimit.Burst {
		code, body, _ := s.post(t, "/signin", url.Values{"csrf": {token}, "name": {"ed"}, "password": {"guess"}})
		if code != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d, want 401", i+1, code)
		}
		mustContain(t, body, `id="password-error"`, "does not match the name")
	}
	check := func(when string) {
		t.Helper()
		_, page := s.get(t, "/signin")
		res, err := s.http.PostForm(s.srv.URL+"/signin", url.Values{"csrf": {csrf(t, page)}, "name": {"ed"}, "password": {"password ed"}})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
			t.Fatalf("%s: right password after five failures: %d (Retry-After %q), want 429", when, res.StatusCode, res.Header.Get("Retry-After"))
		}
		mustContain(t, string(body), "refused too often")
	}
	check("before the restart")
	s.node.Stop(t)
	s.srv.Close()
	s.open(t, nodetest.Restart(t, s.node.Dir))
	check("after the restart")
}

// TestTokenSignInLimitOutlivesRestart: with accounts, wrong admin tokens
// spend from the same per-address bucket in the database, so five of them
// still hold the right token back after the pages restart.
func TestTokenSignInLimitOutlivesRestart(t *testing.T) {
	s := startAccountSite(t)
	_, page := s.get(t, "/signin")
	token := csrf(t, page)
	for i := range signInBurst {
		if code, _, _ := s.post(t, "/signin", url.Values{"csrf": {token}, "token": {"guess"}}); code != http.StatusUnauthorized {
			t.Fatalf("wrong token %d: %d, want 401", i+1, code)
		}
	}
	s.node.Stop(t)
	s.srv.Close()
	s.open(t, nodetest.Restart(t, s.node.Dir))
	_, page = s.get(t, "/signin")
	code, body, _ := s.post(t, "/signin", url.Values{"csrf": {csrf(t, page)}, "token": {s.node.Token}})
	if code != http.StatusTooManyRequests {
		t.Fatalf("right token after five wrong ones and a restart: %d, want 429", code)
	}
	mustContain(t, body, `id="token-error"`)
	// A password from the same address waits too: one bucket per address.
	code, _, _ = s.post(t, "/signin", url.Values{"csrf": {csrf(t, page)}, "name": {"ed"}, "password": {"password ed"}})
	if code != http.StatusTooManyRequests {
		t.Fatalf("right password from the address: %d, want 429", code)
	}
}

// TestChangeOwnPassword: a viewer changes their own password (the current
// one checked, the two new ones equal); the browser stays signed in, an
// older session of theirs ends, and the new password signs in.
func TestChangeOwnPassword(t *testing.T) {
	s := startAccountSite(t)
	old, err := s.accounts.StartSession(context.Background(), "vi")
	if err != nil {
		t.Fatal(err)
	}
	token := s.signInAs(t, "vi")
	code, page := s.get(t, "/password")
	if code != http.StatusOK {
		t.Fatalf("GET /password: %d", code)
	}
	mustContain(t, page, `id="current"`, `id="new"`, `id="again"`)
	for _, tc := range []struct {
		title, current, next, again, field string
	}{
		{title: "wrong current", current: "guess", next: "a new password", again: "a new password", field: "current"},
		{title: "differing", current: "password vi", next: "a new password", again: "a new passw0rd", field: "again"},
		{title: "short", current: "password vi", next: "short", again: "short", field: "new"},
	} {
		code, body, _ := s.post(t, "/password", url.Values{"csrf": {token}, "current": {tc.current}, "new": {tc.next}, "again": {tc.again}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d, want 422", tc.title, code)
		}
		mustContain(t, body, `id="`+tc.field+`-error"`)
	}
	code, body, loc := s.post(t, "/password", url.Values{"csrf": {token}, "current": {"password vi"}, "new": {"a new password"}, "again": {"a new password"}})
	if code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("change: %d to %q\n%s", code, loc, body)
	}
	code, page = s.get(t, "/")
	if code != http.StatusOK {
		t.Fatalf("after the change this browser: %d, want 200", code)
	}
	mustContain(t, page, "Your password is changed.")
	if _, err := s.accounts.Session(context.Background(), old.Token); !errors.Is(err, accounts.ErrNoSuchSession) {
		t.Fatalf("an older session after the change: %v", err)
	}
	if _, err := s.accounts.SignIn(context.Background(), "vi", "a new password", "127.0.0.9"); err != nil {
		t.Fatalf("the new password: %v", err)
	}
}
