package web

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func TestSignInSessionAndSignOut(t *testing.T) {
	s := startSite(t)

	code, _ := s.get(t, "/plans")
	if code != http.StatusSeeOther {
		t.Fatalf("signed-out page: %d, want a redirect to sign in", code)
	}
	res, err := s.http.Get(s.srv.URL + "/plans")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); loc != "/signin?next=%2Fplans" {
		t.Fatalf("redirect to %q", loc)
	}

	_, page := s.get(t, "/signin")
	token := csrf(t, page)
	code, body, _ := s.post(t, "/signin", url.Values{"csrf": {token}, "token": {"wrong"}})
	if code != http.StatusUnauthorized {
		t.Fatalf("wrong token: %d", code)
	}
	mustContain(t, body, `id="token-error"`, "is not this node&#39;s admin token", `aria-invalid="true"`)

	res, err = s.http.PostForm(s.srv.URL+"/signin", url.Values{"csrf": {token}, "token": {s.node.Token}, "next": {"/plans"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/plans" {
		t.Fatalf("sign in: %d to %q", res.StatusCode, loc)
	}
	var cookies []string
	for _, c := range res.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "hcnet_session=") && !strings.Contains(c, "Max-Age=0") {
			cookies = append(cookies, c)
		}
	}
	if len(cookies) != 1 {
		t.Fatalf("sign-in sets session cookies %q, want one new session", res.Header.Values("Set-Cookie"))
	}
	for _, want := range []string{"HttpOnly", "SameSite=Strict", "Path=/"} {
		if !strings.Contains(cookies[0], want) {
			t.Fatalf("session cookie %q lacks %s", cookies[0], want)
		}
	}
	if strings.Contains(cookies[0], token) {
		t.Fatal("the session cookie carries the CSRF token")
	}

	code, page = s.get(t, "/")
	if code != http.StatusOK {
		t.Fatalf("dashboard after sign-in: %d", code)
	}
	mustContain(t, page, "Malmö", "Sign out")
	code, _, loc := s.post(t, "/signout", url.Values{"csrf": {csrf(t, page)}})
	if code != http.StatusSeeOther || loc != "/signin" {
		t.Fatalf("sign out: %d to %q", code, loc)
	}
	if code, _ := s.get(t, "/"); code != http.StatusSeeOther {
		t.Fatalf("after sign-out the dashboard answers %d", code)
	}
}

// TestFormsRefuseMissingOrWrongCSRF posts every form without its token, or
// with another's, and checks nothing is written.
func TestFormsRefuseMissingOrWrongCSRF(t *testing.T) {
	s := startSite(t)
	good := s.signIn(t)
	pid := s.partner(t, "Malmö stad, miljöförvaltningen")
	valid := url.Values{"title": {"Gröna gårdar"}, "visibility": {"public"}, "level": {"across_sectors"}, "status": {"active"}, "partners": {pid}}
	for _, tc := range []struct {
		title, csrf string
	}{
		{title: "no token", csrf: ""},
		{title: "wrong token", csrf: otherToken(good)},
	} {
		t.Run(tc.title, func(t *testing.T) {
			form := url.Values{}
			for k, v := range valid {
				form[k] = v
			}
			if tc.csrf != "" {
				form.Set("csrf", tc.csrf)
			}
			code, body, _ := s.post(t, "/partnerships/new", form)
			if code != http.StatusForbidden {
				t.Fatalf("POST without a valid CSRF token: %d\n%s", code, body)
			}
			mustContain(t, body, "Nothing was saved")
		})
	}
	for _, path := range []string{"/signout", "/signin"} {
		if code, _, _ := s.post(t, path, url.Values{"token": {s.node.Token}}); code != http.StatusForbidden {
			t.Fatalf("%s without CSRF token: %d", path, code)
		}
	}
	res, err := s.api.ListPartnerships(context.Background(), &hcnetv1.ListPartnershipsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if res.GetTotalSize() != 0 {
		t.Fatalf("a refused form wrote %d partnerships", res.GetTotalSize())
	}
	// A POST from a signed-out browser is refused, not redirected.
	anon := &http.Client{CheckRedirect: s.http.CheckRedirect}
	r, err := anon.PostForm(s.srv.URL+"/partnerships/new", valid)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusForbidden {
		t.Fatalf("signed-out POST: %d", r.StatusCode)
	}
}

// TestSignInAttemptsAreLimited: after five wrong tokens from one address
// the sixth attempt is refused with 429 and Retry-After, even with the
// right token, and nothing is compared; once the wait has passed the
// right token signs in.
func TestSignInAttemptsAreLimited(t *testing.T) {
	s := startSite(t)
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	s.handler.signins.now = func() time.Time { return now }
	_, page := s.get(t, "/signin")
	token := csrf(t, page)
	for i := range signInBurst {
		if code, _, _ := s.post(t, "/signin", url.Values{"csrf": {token}, "token": {"guess"}}); code != http.StatusUnauthorized {
			t.Fatalf("wrong token %d: %d, want 401", i+1, code)
		}
	}
	res, err := s.http.PostForm(s.srv.URL+"/signin", url.Values{"csrf": {token}, "token": {s.node.Token}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("sixth attempt: %d, want 429", res.StatusCode)
	}
	if ra := res.Header.Get("Retry-After"); ra != "12" {
		t.Fatalf("Retry-After %q, want 12", ra)
	}
	mustContain(t, string(body), "wait 12 seconds", `id="token-error"`)

	now = now.Add(signInEvery)
	if code, _, loc := s.post(t, "/signin", url.Values{"csrf": {token}, "token": {s.node.Token}}); code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("after the wait the right token gets %d to %q", code, loc)
	}
}

// TestSignInRedirectStaysOnSite signs in through the real handler with
// next values that browsers would follow to another host, raw and
// percent-encoded once more, and checks each lands on "/": after the
// sign-in POST and on the sign-in page of a signed-in session.
func TestSignInRedirectStaysOnSite(t *testing.T) {
	s := startSite(t)
	evil := []string{
		"/\t/evil.example", "/%09/evil.example", "/\n/evil.example", "/%0d%0a/evil.example",
		"//evil.example", "/\\evil.example", "/%5C/evil.example", "https://evil.example",
		"/%2F%2Fevil.example", "/%2f/evil.example", "\t/evil.example", " //evil.example",
		"/\x00/evil.example", "/\x7f/evil.example", "http:/evil.example", "javascript:alert(1)",
		"///evil.example", "/\\/evil.example",
	}
	for _, next := range evil {
		s.http.Jar, _ = cookiejar.New(nil) // a new browser, signed out
		_, page := s.get(t, "/signin")
		form := url.Values{"csrf": {csrf(t, page)}, "token": {s.node.Token}, "next": {next}}
		if code, loc := s.rawRedirect(t, http.MethodPost, "/signin", form); code != http.StatusSeeOther || loc != "/" {
			t.Errorf("sign in with next=%q: %d to %q, want 303 to \"/\"", next, code, loc)
		}
		// Signed in now: the sign-in page sends the browser on at once.
		if code, loc := s.rawRedirect(t, http.MethodGet, "/signin?next="+url.QueryEscape(next), nil); code != http.StatusSeeOther || loc != "/" {
			t.Errorf("signed-in /signin?next=%q: %d to %q, want 303 to \"/\"", next, code, loc)
		}
	}
	// A path of this site, with its query, is kept.
	s.http.Jar, _ = cookiejar.New(nil)
	_, page := s.get(t, "/signin")
	form := url.Values{"csrf": {csrf(t, page)}, "token": {s.node.Token}, "next": {"/plans?x=a%2Fb"}}
	if _, loc := s.rawRedirect(t, http.MethodPost, "/signin", form); loc != "/plans?x=a%2Fb" {
		t.Errorf("next=/plans?x=a%%2Fb redirects to %q", loc)
	}
}

// rawRedirect sends one request with the site's cookies and returns the
// status and the Location header exactly as sent: an http.Client would
// refuse to parse a Location with a control character in it, which is
// the very thing to see.
func (s *site) rawRedirect(t *testing.T, method, path string, form url.Values) (int, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, s.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, c := range s.http.Jar.Cookies(req.URL) {
		req.AddCookie(c)
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	s.http.Jar.SetCookies(req.URL, res.Cookies())
	return res.StatusCode, res.Header.Get("Location")
}

// otherToken is a token one character away from good, never good itself:
// "x" + good[1:] was good whenever good began with x.
func otherToken(good string) string {
	if good[0] == 'x' {
		return "y" + good[1:]
	}
	return "x" + good[1:]
}
