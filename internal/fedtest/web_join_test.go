package fedtest

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
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	nodeweb "github.com/hcnet/hcnet/node/web"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// officer is a browser-like client of a node's pages, signed in with the
// node's token (an admin).
type officer struct {
	srv  *httptest.Server
	http *http.Client
	csrf string
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func signedIn(t *testing.T, n *nodetest.Node) *officer {
	t.Helper()
	h, err := nodeweb.New(hcnetv1.NewCityServiceClient(n.Conn(t, "")), n.Token, nodeweb.Options{
		Pending: n.Node.Store.PendingRecords, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	o := &officer{srv: httptest.NewServer(h)}
	t.Cleanup(o.srv.Close)
	jar, _ := cookiejar.New(nil)
	o.http = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	_, page := o.get(t, "/signin")
	code, _, _ := o.post(t, "/signin", url.Values{"csrf": {o.token(t, page)}, "token": {n.Token}, "next": {"/"}})
	if code != http.StatusSeeOther {
		t.Fatalf("sign in: %d", code)
	}
	_, page = o.get(t, "/hub")
	o.csrf = o.token(t, page)
	return o
}

func (o *officer) token(t *testing.T, page string) string {
	t.Helper()
	m := csrfRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token:\n%s", page)
	}
	return m[1]
}

func (o *officer) get(t *testing.T, path string) (int, string) {
	t.Helper()
	res, err := o.http.Get(o.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func (o *officer) post(t *testing.T, path string, form url.Values) (int, string, string) {
	t.Helper()
	res, err := o.http.PostForm(o.srv.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header.Get("Location")
}

// TestJoinFormThenDelivered: an admin joins a real hub through the form;
// the page shows the membership pending and the practice waiting for
// the coordinator; once the coordinator approves, the practice shows
// delivered and the hub holds it. A second node claiming the same city
// with another key reads the hub's refusal, in the hub's words, next to
// the address.
func TestJoinFormThenDelivered(t *testing.T) {
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	ctx := context.Background()
	pr, err := n.Client(t).CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Walking groups", hcnetv1.Visibility_VISIBILITY_PUBLIC)})
	if err != nil {
		t.Fatal(err)
	}
	id := pr.GetPractice().GetId()
	o := signedIn(t, n)

	code, body, loc := o.post(t, "/hub/join", url.Values{"csrf": {o.csrf}, "hub_addr": {h.Addr}})
	if code != http.StatusSeeOther || loc != "/hub" {
		t.Fatalf("join: %d to %q\n%s", code, loc, body)
	}
	_, page := o.get(t, "/hub")
	for _, want := range []string{"Applied to Healthy Cities Sweden. Membership pending: the hub&#39;s coordinator has not decided yet.", h.Addr, `<span class="status amber">pending</span>`,
		`href="/shared/practice/` + id + `"`, "waiting for the coordinator of Healthy Cities Sweden"} {
		if !strings.Contains(page, want) {
			t.Fatalf("after joining, the hub page lacks %q:\n%s", want, page)
		}
	}

	if _, err := h.Client(t).ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{CityId: n.CityID, Country: "se"}); err != nil {
		t.Fatalf("approve: %v", err)
	}
	row := regexp.MustCompile(`(?s)<tr>\s*<th scope="row"><a href="/shared/practice/` + id + `">.*?</tr>`)
	poll.Within(t, time.Minute, "the hub page shows the practice delivered", func() string {
		_, page := o.get(t, "/hub")
		r := row.FindString(page)
		if strings.Contains(r, `<span class="status green">Delivered</span>`) && strings.Contains(page, `<span class="status green">approved</span>`) {
			return ""
		}
		return "the practice's row: " + r
	})
	// Delivered is the hub's stream acknowledging it; its ingest then
	// stores it.
	poll.Within(t, time.Minute, "the hub holds the practice", func() bool {
		return hubVersion(t, h, id) == 1
	})

	impostor := nodetest.Start(t) // se/malmo again, with a key of its own
	imp := signedIn(t, impostor)
	code, page, _ = imp.post(t, "/hub/join", url.Values{"csrf": {imp.csrf}, "hub_addr": {h.Addr}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("impostor's join: %d, want 422\n%s", code, page)
	}
	if want := "the hub refused the application: "; !strings.Contains(page, want) || !strings.Contains(page, "applied with another key") {
		t.Fatalf("the impostor's page lacks the hub's refusal in its words:\n%s", page)
	}
}

// TestRevokedMembershipShowsRefused: once the hub revokes the city, a
// record written afterwards is refused, and the hub page says the hub
// withdrew the membership.
func TestRevokedMembershipShowsRefused(t *testing.T) {
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	ctx := context.Background()
	member(t, h, n, true)
	if _, err := h.Client(t).RevokeMember(ctx, &hcnetv1.RevokeMemberRequest{CityId: n.CityID, Country: "se"}); err != nil {
		t.Fatal(err)
	}
	pr, err := n.Client(t).CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Written after the revocation", hcnetv1.Visibility_VISIBILITY_NETWORK)})
	if err != nil {
		t.Fatal(err)
	}
	id := pr.GetPractice().GetId()
	o := signedIn(t, n)
	row := regexp.MustCompile(`(?s)<tr>\s*<th scope="row"><a href="/shared/practice/` + id + `">.*?</tr>`)
	poll.Within(t, time.Minute, "the hub page shows the practice refused", func() string {
		_, page := o.get(t, "/hub")
		r := row.FindString(page)
		if strings.Contains(r, `<span class="status red">Refused</span>`) && strings.Contains(r, "withdrew the city&#39;s membership") &&
			strings.Contains(page, `<span class="status red">revoked</span>`) {
			return ""
		}
		return "the practice's row: " + r
	})
	if v := hubVersion(t, h, id); v != 0 {
		t.Fatalf("the hub holds version %d of a record written after the revocation", v)
	}
}
