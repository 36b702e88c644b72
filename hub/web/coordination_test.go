package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
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

	"github.com/hcnet/hcnet/hub/feed"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// cheapHashes keep the tests quick; the hashing itself is tested in
// internal/accounts.
var cheapHashes = accounts.Params{Time: 1, Memory: 64, Threads: 1, SaltLen: 16, KeyLen: 32}

// coordination is a hub whose pages let people sign in: a coordinator
// cora and a reader rita.
type coordination struct {
	hub      *hubtest.Hub
	accounts *accounts.Store
	srv      *httptest.Server
}

func startCoordination(t *testing.T, h *hubtest.Hub) *coordination {
	t.Helper()
	ctx := context.Background()
	acc := accounts.New(h.Hub.Store.DB(), accounts.Options{Roles: accounts.HubRoles, Params: cheapHashes})
	for name, role := range map[string]accounts.Role{"cora": accounts.Coordinator, "rita": accounts.Reader} {
		if _, err := acc.Add(ctx, name, role, "a long password"); err != nil {
			t.Fatal(err)
		}
	}
	c := &coordination{hub: h, accounts: acc}
	c.srv = c.serve(t)
	return c
}

// serve starts the pages anew, as a restart of the hub's web server
// would: sessions in memory are gone, those in the database stay.
func (c *coordination) serve(t *testing.T) *httptest.Server {
	t.Helper()
	conn, err := grpc.NewClient(c.hub.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	web, err := New(hcnetv1.NewHubServiceClient(conn), Options{
		Adoptions: c.hub.Hub.Store.AdoptionsOf,
		Feed:      feed.Atom(c.hub.Hub.Store, c.hub.Hub.Info, loopback(t).Base),
		Log:       slog.New(slog.NewTextHandler(testWriter{t}, nil)),
		Accounts:  c.accounts, Token: c.hub.Token,
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web)
	t.Cleanup(srv.Close)
	return srv
}

// browser is one person's browser: cookies kept, redirects not followed,
// so each answer's status is seen.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
	csrf string
	// lang is the language the browser asks for; none when empty.
	lang string
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (b *browser) do(req *http.Request) (int, string, string) {
	b.t.Helper()
	if b.lang != "" {
		req.Header.Set("Accept-Language", b.lang)
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if m := csrfField.FindStringSubmatch(string(body)); m != nil {
		b.csrf = m[1]
	}
	return res.StatusCode, res.Header.Get("Location"), string(body)
}

func (b *browser) get(path string) (int, string, string) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.base+path, nil)
	return b.do(req)
}

// post sends a form with the browser's CSRF token (from the last page
// that had one) unless the form gives its own.
func (b *browser) post(path string, form url.Values) (int, string, string) {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", b.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// signIn signs in as name and fails the test if that does not work.
func (b *browser) signIn(name string) {
	b.t.Helper()
	b.get("/signin")
	code, loc, page := b.post("/signin", url.Values{"name": {name}, "password": {"a long password"}, "next": {"/members"}})
	if code != http.StatusSeeOther || loc != "/members" {
		b.t.Fatalf("sign-in of %s: %d to %q\n%s", name, code, loc, page)
	}
	b.get("/members")
}

// applyAs sends a signed membership application for a made-up city (or
// member hub) to h.
func applyAs(t *testing.T, h *hubtest.Hub, id, name string, asHub bool) {
	t.Helper()
	kp, _ := nkeys.CreateUser()
	nonce := make([]byte, 12)
	rand.Read(nonce)
	req, err := envelope.SignJoin(kp, &hcnetv1.JoinApplication{CityId: id, Country: "se", Name: name, HubId: h.Hub.Info.GetId(), Hub: asHub}, hex.EncodeToString(nonce), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Client(t).Join(context.Background(), req); err != nil {
		t.Fatalf("join %s: %v", id, err)
	}
}

// TestCoordinatorApprovesInTheBrowser: a city applies; signed out, its
// application is nowhere; the coordinator sees it, approves it with the
// members page's form, and the city's records then arrive at the hub and
// show on its page.
func TestCoordinatorApprovesInTheBrowser(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	pr, err := n.Client(t).CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: nodetest.Practice("Walking groups for older residents")})
	if err != nil {
		t.Fatal(err)
	}
	practice := "/records/se/malmo/" + pr.GetPractice().GetId()
	if _, err := n.Client(t).JoinHub(ctx, &hcnetv1.JoinHubRequest{HubAddr: h.Addr}); err != nil {
		t.Fatalf("join: %v", err)
	}
	c := startCoordination(t, h)

	visitor := newBrowser(t, c.srv.URL)
	code, _, page := visitor.get("/members")
	if code != http.StatusOK || strings.Contains(page, "Malmö") || strings.Contains(page, "/approve") {
		t.Fatalf("signed out, the members page shows the application or a decision (%d):\n%s", code, page)
	}
	mustContain(t, page, `href="/signin"`)

	cora := newBrowser(t, c.srv.URL)
	cora.signIn("cora")
	_, _, page = cora.get("/members")
	mustContain(t, page, "Malmö", "Awaiting approval", `action="/members/se/malmo/approve"`, `action="/members/se/malmo/reject"`, "Signed in as", "cora")

	code, loc, _ := cora.post("/members/se/malmo/approve", nil)
	if code != http.StatusSeeOther || loc != "/members" {
		t.Fatalf("approve: %d to %q", code, loc)
	}
	_, _, page = cora.get("/members")
	mustContain(t, page, "Malmö is approved", `href="/members/se/malmo/revoke"`)

	poll.Until(t, "the city's practice shows on its page at the hub", func() bool {
		code, _, page := visitor.get("/cities/se/malmo")
		return code == http.StatusOK && strings.Contains(page, practice)
	})

	// Revoking asks first, then takes the decision.
	code, _, page = cora.get("/members/se/malmo/revoke")
	if code != http.StatusOK {
		t.Fatalf("revoke confirmation: %d", code)
	}
	mustContain(t, page, "Revoke the membership", `action="/members/se/malmo/revoke"`)
	if code, _, _ := cora.post("/members/se/malmo/revoke", nil); code != http.StatusSeeOther {
		t.Fatalf("revoke: %d", code)
	}
	ms, err := h.Client(t).ListMembers(ctx, &hcnetv1.ListMembersRequest{Status: hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED})
	if err != nil || len(ms.GetMembers()) != 1 || ms.GetMembers()[0].GetCityId() != "malmo" {
		t.Fatalf("revoked members: %v %v", ms.GetMembers(), err)
	}
}

// TestMemberHubApprovalAndRefusals: a member hub's application is
// approved as one with its own button; approving it as a city is refused
// in the hub's words and changes nothing; a reader sees the applications
// but no decisions.
func TestMemberHubApprovalAndRefusals(t *testing.T) {
	h := hubtest.Start(t)
	applyAs(t, h, "north-net", "Northern Hub Network", true)
	applyAs(t, h, "lund", "Lund", false)
	c := startCoordination(t, h)

	rita := newBrowser(t, c.srv.URL)
	rita.signIn("rita")
	_, _, page := rita.get("/members")
	mustContain(t, page, "Northern Hub Network", "Lund", "Awaiting approval")
	if strings.Contains(page, "/approve") {
		t.Fatal("a reader is offered decisions")
	}

	cora := newBrowser(t, c.srv.URL)
	cora.signIn("cora")
	_, _, page = cora.get("/members")
	mustContain(t, page, "Approve as member hub", `name="member_hub" value="true"`)

	// Without the member-hub choice the hub refuses.
	cora.post("/members/se/north-net/approve", nil)
	_, _, page = cora.get("/members")
	mustContain(t, page, "Nothing was changed for se/north-net", "applied as a member hub")
	cora.post("/members/se/north-net/approve", url.Values{"member_hub": {"true"}})
	_, _, page = cora.get("/members")
	mustContain(t, page, "Northern Hub Network is approved")

	cora.post("/members/se/lund/reject", nil)
	_, _, page = cora.get("/members")
	mustContain(t, page, "Lund is rejected")
	// A rejected application cannot be revoked; the hub says why.
	cora.post("/members/se/lund/revoke", nil)
	_, _, page = cora.get("/members")
	mustContain(t, page, "Nothing was changed for se/lund")
	ms, err := h.Client(t).ListMembers(context.Background(), &hcnetv1.ListMembersRequest{Status: hcnetv1.MemberStatus_MEMBER_STATUS_REJECTED})
	if err != nil || len(ms.GetMembers()) != 1 {
		t.Fatalf("rejected: %v %v", ms.GetMembers(), err)
	}

	// A rejected application may be deleted; an approved member not.
	mustContain(t, page, `action="/members/se/lund/delete"`)
	cora.post("/members/se/north-net/delete", nil)
	_, _, page = cora.get("/members")
	mustContain(t, page, "Nothing was changed for se/north-net")
	cora.post("/members/se/lund/delete", nil)
	_, _, page = cora.get("/members")
	mustContain(t, page, "The application of Lund is deleted")
	ms, err = h.Client(t).ListMembers(context.Background(), &hcnetv1.ListMembersRequest{})
	if err != nil || len(ms.GetMembers()) != 1 || ms.GetMembers()[0].GetCityId() != "north-net" {
		t.Fatalf("after deleting lund's application: %v %v", ms.GetMembers(), err)
	}
}

// TestCoordinatorPostsNeedTheRole: every coordinator POST is refused with
// 403 to a visitor who is not signed in, to a reader, and to a
// coordinator whose form lacks the session's CSRF token; nothing changes.
func TestCoordinatorPostsNeedTheRole(t *testing.T) {
	h := hubtest.Start(t)
	applyAs(t, h, "lund", "Lund", false)
	c := startCoordination(t, h)
	posts := []struct {
		path string
		form url.Values
	}{
		{"/members/se/lund/approve", nil},
		{"/members/se/lund/reject", nil},
		{"/members/se/lund/revoke", nil},
		{"/members/se/lund/delete", nil},
		{"/subscribers", url.Values{"name": {"lund-uni"}}},
		{"/subscribers/lund-uni/revoke", nil},
		{"/accounts", url.Values{"name": {"mallory"}, "role": {"coordinator"}, "password": {"a long password"}}},
		{"/accounts/cora/remove", nil},
	}
	visitor := newBrowser(t, c.srv.URL)
	visitor.get("/signin") // an anonymous session with a token of its own
	rita := newBrowser(t, c.srv.URL)
	rita.signIn("rita")
	cora := newBrowser(t, c.srv.URL)
	cora.signIn("cora")
	for _, p := range posts {
		for _, who := range []struct {
			title string
			b     *browser
			form  url.Values
		}{
			{"signed out", visitor, p.form},
			{"reader", rita, p.form},
			{"coordinator without the CSRF token", cora, with(p.form, "csrf", "")},
			{"coordinator with another session's CSRF token", cora, with(p.form, "csrf", rita.csrf)},
		} {
			if code, _, page := who.b.post(p.path, who.form); code != http.StatusForbidden {
				t.Errorf("%s: POST %s: %d, want 403\n%s", who.title, p.path, code, page)
			}
		}
	}
	for _, path := range []string{"/subscribers", "/accounts"} {
		if code, _, _ := rita.get(path); code != http.StatusForbidden {
			t.Errorf("reader: GET %s: %d, want 403", path, code)
		}
		if code, loc, _ := visitor.get(path); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
			t.Errorf("signed out: GET %s: %d to %q, want the sign-in page", path, code, loc)
		}
	}
	ctx := context.Background()
	if ms, _ := h.Client(t).ListMembers(ctx, &hcnetv1.ListMembersRequest{Status: hcnetv1.MemberStatus_MEMBER_STATUS_PENDING}); len(ms.GetMembers()) != 1 {
		t.Fatalf("the application changed: %v", ms.GetMembers())
	}
	if subs, _ := h.Client(t).ListSubscribers(ctx, &hcnetv1.ListSubscribersRequest{}); len(subs.GetSubscribers()) != 0 {
		t.Fatalf("a subscriber was issued: %v", subs.GetSubscribers())
	}
	if list, _ := c.accounts.List(ctx); len(list) != 2 {
		t.Fatalf("accounts changed: %v", list)
	}
	// The public pages stay open.
	for _, path := range []string{"/", "/members", "/search", "/stats", "/report"} {
		if code, _, _ := visitor.get(path); code != http.StatusOK {
			t.Errorf("signed out: GET %s: %d", path, code)
		}
	}
}

func with(v url.Values, key, value string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = vs
	}
	out.Set(key, value)
	return out
}

// TestSignInSurvivesRestart: a coordinator's session is kept in the
// hub's database, so pages started anew still know it; signing out ends
// it there too.
func TestSignInSurvivesRestart(t *testing.T) {
	h := hubtest.Start(t)
	c := startCoordination(t, h)
	cora := newBrowser(t, c.srv.URL)
	cora.signIn("cora")
	c.srv.Close()

	again := c.serve(t)
	u, _ := url.Parse(again.URL)
	old, _ := url.Parse(c.srv.URL)
	cora.c.Jar.SetCookies(u, cora.c.Jar.Cookies(old))
	cora.base = again.URL
	code, _, page := cora.get("/subscribers")
	if code != http.StatusOK {
		t.Fatalf("after the restart: %d\n%s", code, page)
	}
	mustContain(t, page, "Signed in as", "cora")
	if code, loc, _ := cora.post("/signout", nil); code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("sign out: %d to %q", code, loc)
	}
	cora.c.Jar.SetCookies(u, cora.c.Jar.Cookies(old))
	if code, loc, _ := cora.get("/subscribers"); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
		t.Fatalf("the old cookie after sign-out: %d to %q", code, loc)
	}
}

// TestSubscribersAndQuarantineInTheBrowser: a coordinator issues a feed
// subscriber, sees its seed once, and revokes it; a wrong name is shown
// next to the field; the quarantine lists a refused message with its
// reason to a reader.
func TestSubscribersAndQuarantineInTheBrowser(t *testing.T) {
	h := hubtest.Start(t)
	c := startCoordination(t, h)
	cora := newBrowser(t, c.srv.URL)
	cora.signIn("cora")
	cora.get("/subscribers")
	code, _, page := cora.post("/subscribers", url.Values{"name": {"research-group-lund"}})
	if code != http.StatusCreated {
		t.Fatalf("issue: %d\n%s", code, page)
	}
	seed := regexp.MustCompile(`<code class="secret">(SU[A-Z0-9]+)</code>`).FindStringSubmatch(page)
	if seed == nil {
		t.Fatalf("no seed shown:\n%s", page)
	}
	kp, err := nkeys.FromSeed([]byte(seed[1]))
	if err != nil {
		t.Fatalf("the seed shown is no nkey seed: %v", err)
	}
	pub, _ := kp.PublicKey()
	mustContain(t, page, pub, "shown only now")
	_, _, page = cora.get("/subscribers")
	if strings.Contains(page, seed[1]) {
		t.Fatal("the seed is shown again")
	}
	mustContain(t, page, "research-group-lund", pub, `action="/subscribers/research-group-lund/revoke"`)

	code, _, page = cora.post("/subscribers", url.Values{"name": {"Not A Name"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad name: %d", code)
	}
	mustContain(t, page, `id="name-error"`)

	cora.post("/subscribers/research-group-lund/revoke", nil)
	_, _, page = cora.get("/subscribers")
	mustContain(t, page, "research-group-lund is revoked")
	subs, err := h.Client(t).ListSubscribers(context.Background(), &hcnetv1.ListSubscribersRequest{})
	if err != nil || len(subs.GetSubscribers()) != 1 || !subs.GetSubscribers()[0].GetRevoked() {
		t.Fatalf("subscribers: %v %v", subs.GetSubscribers(), err)
	}

	// A refused message, as ingest stores one, is listed with why.
	subj := "hcnet.rec.se.nowhere.practice.01J0000000000000000000000"
	if _, err := h.Hub.Store.Apply(context.Background(), []store.Incoming{{Subject: subj, Reason: "signature: does not verify", Envelope: []byte("not an envelope")}}); err != nil {
		t.Fatal(err)
	}
	rita := newBrowser(t, c.srv.URL)
	rita.signIn("rita")
	code, _, page = rita.get("/quarantine")
	if code != http.StatusOK {
		t.Fatalf("the quarantine: %d", code)
	}
	mustContain(t, page, subj, "signature: does not verify")
	if code, loc, _ := newBrowser(t, c.srv.URL).get("/quarantine"); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
		t.Fatalf("signed out, the quarantine: %d to %q", code, loc)
	}
}

// TestSignInWithTheToken: the hub's admin token signs in as a
// coordinator (for a hub made before it had accounts); a wrong token or
// password is shown next to its field and signs nobody in.
func TestSignInWithTheToken(t *testing.T) {
	h := hubtest.Start(t)
	c := startCoordination(t, h)
	b := newBrowser(t, c.srv.URL)
	b.get("/signin")
	code, _, page := b.post("/signin", url.Values{"token": {"not the token"}})
	if code != http.StatusUnauthorized {
		t.Fatalf("wrong token: %d", code)
	}
	mustContain(t, page, `id="token-error"`, "is not this hub&#39;s admin token")
	code, _, page = b.post("/signin", url.Values{"name": {"cora"}, "password": {"not her password"}})
	if code != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", code)
	}
	mustContain(t, page, `id="password-error"`, `value="cora"`)
	if code, loc, _ := b.get("/subscribers"); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
		t.Fatalf("after failed sign-ins: %d to %q", code, loc)
	}
	if code, loc, _ := b.post("/signin", url.Values{"token": {h.Token}, "next": {"/subscribers"}}); code != http.StatusSeeOther || loc != "/subscribers" {
		t.Fatalf("right token: %d to %q", code, loc)
	}
	code, _, page = b.get("/subscribers")
	if code != http.StatusOK {
		t.Fatalf("subscribers with the token: %d", code)
	}
	mustContain(t, page, "Signed in with the admin token")
	if code, _, _ := b.get("/password"); code != http.StatusForbidden {
		t.Fatalf("the token's password page: %d, want 403", code)
	}
}
