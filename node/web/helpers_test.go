package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// site is a real node with its web pages on an httptest server, and a
// browser-like client that keeps cookies and does not follow redirects.
type site struct {
	node    *nodetest.Node
	api     hcnetv1.CityServiceClient
	handler *Handler
	srv     *httptest.Server
	http    *http.Client
}

func startSite(t *testing.T) *site {
	t.Helper()
	n := nodetest.Start(t)
	h, err := New(hcnetv1.NewCityServiceClient(n.Conn(t, "")), n.Token, Options{
		Pending: n.Node.Store.PendingRecords,
		Log:     slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &site{node: n, api: n.Client(t), handler: h, srv: srv, http: c}
}

// get fetches a page and returns its status and body.
func (s *site) get(t *testing.T, path string) (int, string) {
	t.Helper()
	res, err := s.http.Get(s.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// post submits a form and returns the status, body and redirect target.
func (s *site) post(t *testing.T, path string, form url.Values) (int, string, string) {
	t.Helper()
	res, err := s.http.PostForm(s.srv.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header.Get("Location")
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf reads the CSRF token from a page's form.
func csrf(t *testing.T, page string) string {
	t.Helper()
	m := csrfRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token in page:\n%s", page)
	}
	return m[1]
}

// signIn signs in with the node's token and returns a CSRF token for forms.
func (s *site) signIn(t *testing.T) string {
	t.Helper()
	_, page := s.get(t, "/signin")
	code, body, loc := s.post(t, "/signin", url.Values{"csrf": {csrf(t, page)}, "token": {s.node.Token}, "next": {"/"}})
	if code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("sign in: %d to %q\n%s", code, loc, body)
	}
	_, page = s.get(t, "/")
	return csrf(t, page)
}

// partner stores a partner through the API and returns its id.
func (s *site) partner(t *testing.T, org string) string {
	t.Helper()
	res, err := s.api.CreatePartner(context.Background(), &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner(org)})
	if err != nil {
		t.Fatal(err)
	}
	return res.GetPartner().GetId()
}

func mustContain(t *testing.T, page string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Fatalf("page lacks %q:\n%s", w, page)
		}
	}
}
