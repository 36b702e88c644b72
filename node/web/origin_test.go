package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/webui"
	"github.com/hcnet/hcnet/node/nodetest"
)

// startPages serves a real node's pages with Start, as hcnode run does.
func startPages(t *testing.T, n *nodetest.Node, publicURL string, proxies ...string) *webui.Server {
	t.Helper()
	var ps []netip.Prefix
	if len(proxies) > 0 {
		var err error
		if ps, err = webui.ParseTrustedProxies(strings.Join(proxies, ",")); err != nil {
			t.Fatal(err)
		}
	}
	ui, err := Start("127.0.0.1:0", publicURL, ps, "", n.Node, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ui.Shutdown(context.Background()) })
	return ui
}

// send makes one request to addr naming host, with the headers given in
// pairs, and returns the response with its body read.
func send(t *testing.T, method, addr, host, path string, form url.Values, header ...string) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, "http://"+addr+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// sessionCookie is the session cookie a response sets, or nil.
func sessionCookie(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == webui.SessionCookie {
			return c
		}
	}
	return nil
}

// TestPagesAnswerOnlyToTheirHosts: a page a browser reaches through a
// name that resolves to the node's loopback address (DNS rebinding) is
// refused with 421, so a script on that name cannot read or drive the
// officers' pages; the node's own names are served, and with
// --public-url its host too.
func TestPagesAnswerOnlyToTheirHosts(t *testing.T) {
	n := nodetest.Start(t)
	ui := startPages(t, n, "")
	for _, host := range []string{"evil.example", "evil.example:" + strings.Split(ui.Addr(), ":")[1], "malmo.example.org", "10.1.2.3"} {
		for _, path := range []string{"/signin", "/", "/practices"} {
			if res, body := send(t, http.MethodGet, ui.Addr(), host, path, nil); res.StatusCode != http.StatusMisdirectedRequest {
				t.Errorf("Host %q, %s: %d, want 421\n%.300s", host, path, res.StatusCode, body)
			}
		}
	}
	for _, host := range []string{ui.Addr(), "localhost:8400", "127.0.0.1"} {
		if res, body := send(t, http.MethodGet, ui.Addr(), host, "/signin", nil); res.StatusCode != http.StatusOK {
			t.Errorf("Host %q: %d, want 200\n%.300s", host, res.StatusCode, body)
		}
	}
	pub := startPages(t, n, "https://malmo.example.org")
	for _, host := range []string{"malmo.example.org", "MALMO.example.org:443", pub.Addr()} {
		if res, body := send(t, http.MethodGet, pub.Addr(), host, "/signin", nil); res.StatusCode != http.StatusOK {
			t.Errorf("public URL, Host %q: %d, want 200\n%.300s", host, res.StatusCode, body)
		}
	}
	if res, _ := send(t, http.MethodGet, pub.Addr(), "evil.example", "/signin", nil); res.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("public URL, Host evil.example: %d, want 421", res.StatusCode)
	}
}

// TestSessionCookieSecureBehindHTTPS: behind a proxy that ends TLS the
// node sees plain HTTP, yet the browser is on https: with an https
// --public-url the session cookie is Secure (so a browser never sends it
// over plain HTTP), and still HttpOnly and SameSite=Strict. Without it,
// on plain HTTP, it cannot be Secure or the browser would drop it; a
// trusted proxy's X-Forwarded-Proto: https makes it Secure too, anyone
// else's does not.
func TestSessionCookieSecureBehindHTTPS(t *testing.T) {
	n := nodetest.Start(t)
	for _, c := range []struct {
		title     string
		publicURL string
		proxies   []string
		header    []string
		secure    bool
	}{
		{title: "https public URL", publicURL: "https://malmo.example.org", secure: true},
		{title: "http public URL", publicURL: "http://malmo.example.org"},
		{title: "no public URL"},
		{title: "https from an untrusted address", proxies: []string{"192.0.2.0/24"}, header: []string{"X-Forwarded-Proto", "https"}},
		{title: "https from a trusted proxy", proxies: []string{"127.0.0.1"}, header: []string{"X-Forwarded-Proto", "https"}, secure: true},
	} {
		ui := startPages(t, n, c.publicURL, c.proxies...)
		res, _ := send(t, http.MethodGet, ui.Addr(), "localhost", "/signin", nil, c.header...)
		ck := sessionCookie(res)
		if ck == nil {
			t.Fatalf("%s: no session cookie on the sign-in page", c.title)
		}
		if ck.Secure != c.secure || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode {
			t.Errorf("%s: cookie Secure %v, HttpOnly %v, SameSite %v; want Secure %v, HttpOnly, SameSite=Strict", c.title, ck.Secure, ck.HttpOnly, ck.SameSite, c.secure)
		}
	}
}

// TestSignInLimitByForwardedClient: behind a trusted proxy every sign-in
// comes from the proxy's address, so the limit counts the client that
// X-Forwarded-For names: one guesser is stopped without locking out the
// next officer. From an address that is not a trusted proxy the header is
// ignored, so a guesser cannot dodge the limit by sending another one
// each time.
func TestSignInLimitByForwardedClient(t *testing.T) {
	n := nodetest.Start(t)
	attempt := func(addr, forwardedFor string) int {
		t.Helper()
		res, page := send(t, http.MethodGet, addr, "localhost", "/signin", nil)
		ck := sessionCookie(res)
		if ck == nil {
			t.Fatal("no session cookie on the sign-in page")
		}
		res, _ = send(t, http.MethodPost, addr, "localhost", "/signin", url.Values{"csrf": {csrf(t, page)}, "token": {"guess"}},
			"Cookie", ck.Name+"="+ck.Value, "X-Forwarded-For", forwardedFor)
		return res.StatusCode
	}

	trusted := startPages(t, n, "", "127.0.0.0/8")
	for i := range signInBurst {
		if code := attempt(trusted.Addr(), "203.0.113.7"); code != http.StatusUnauthorized {
			t.Fatalf("trusted proxy, guess %d: %d, want 401", i+1, code)
		}
	}
	if code := attempt(trusted.Addr(), "203.0.113.7"); code != http.StatusTooManyRequests {
		t.Fatalf("trusted proxy, the same client again: %d, want 429", code)
	}
	if code := attempt(trusted.Addr(), "203.0.113.8, 127.0.0.1"); code != http.StatusUnauthorized {
		t.Fatalf("trusted proxy, another client: %d, want 401 (its own limit)", code)
	}

	direct := startPages(t, n, "", "192.0.2.0/24")
	for i := range signInBurst {
		if code := attempt(direct.Addr(), "198.51.100."+string(rune('1'+i))); code != http.StatusUnauthorized {
			t.Fatalf("untrusted, guess %d: %d, want 401", i+1, code)
		}
	}
	if code := attempt(direct.Addr(), "198.51.100.99"); code != http.StatusTooManyRequests {
		t.Fatalf("untrusted address with a new X-Forwarded-For: %d, want 429 (the header is ignored)", code)
	}
}
