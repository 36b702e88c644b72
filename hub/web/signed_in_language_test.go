package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/sample"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// sampleCities are three sample cities of one country, whose coded
// indicators and district series give the comparison, the equity matrix
// and the gaps something to show.
var sampleCities = []nodetest.Options{
	{CityID: "malmo", Name: "Malmö", Country: "se"},
	{CityID: "umea", Name: "Umeå", Country: "se"},
	{CityID: "orebro", Name: "Örebro", Country: "se"},
}

// startSampleCoordination is a hub holding the sample cities' shared
// records, with every state a coordinator's pages show: an application
// pending, one rejected, a member revoked, a member hub vouching for two
// cities (one the coordinator overrides), a message in quarantine, a
// feed subscriber issued and one revoked, and the accounts of a
// coordinator (cora) and a reader (rita).
func startSampleCoordination(t *testing.T) *coordination {
	t.Helper()
	ctx := context.Background()
	h := hubtest.Start(t)
	var nodes []*nodetest.Node
	for _, o := range sampleCities {
		n := nodetest.StartWith(t, o)
		member(t, h, n)
		spec, ok := sample.Lookup(o.CityID)
		if !ok {
			t.Fatalf("no sample city %s", o.CityID)
		}
		if _, err := sample.Load(ctx, n.Client(t), spec); err != nil {
			t.Fatalf("load %s: %v", o.CityID, err)
		}
		nodes = append(nodes, n)
	}
	for _, n := range nodes {
		poll.Within(t, time.Minute, "the hub holds "+n.CityID+"'s shared records", func() bool {
			var want, have int
			if err := n.Node.Store.DB().Read.QueryRow(`SELECT count(*) FROM records WHERE visibility IN ('network', 'public') AND kind <> 'partner'`).Scan(&want); err != nil {
				t.Fatal(err)
			}
			if err := h.Hub.Store.DB().Read.QueryRow(`SELECT count(*) FROM records WHERE city_id = ?`, n.CityID).Scan(&have); err != nil {
				t.Fatal(err)
			}
			return want > 0 && have >= want
		})
	}

	hc := h.Client(t)
	applyAs(t, h, "lund", "Lund", false)
	applyAs(t, h, "kalmar", "Kalmar", false)
	if _, err := hc.RejectMember(ctx, &hcnetv1.RejectMemberRequest{Country: "se", CityId: "kalmar"}); err != nil {
		t.Fatal(err)
	}
	applyAs(t, h, "revokedtown", "Revokedtown", false)
	if _, err := hc.ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{Country: "se", CityId: "revokedtown"}); err != nil {
		t.Fatal(err)
	}
	if _, err := hc.RevokeMember(ctx, &hcnetv1.RevokeMemberRequest{Country: "se", CityId: "revokedtown"}); err != nil {
		t.Fatal(err)
	}
	applyAs(t, h, "north-net", "Northern Hub Network", true)
	if _, err := hc.ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{Country: "se", CityId: "north-net", Hub: true}); err != nil {
		t.Fatal(err)
	}
	// The network's attestations, as its hub's forwarded vouches leave
	// them: Kiruna only the network vouches for, Revokedtown also
	// revoked by this hub's coordinator.
	for _, city := range []string{"kiruna", "revokedtown"} {
		if _, err := h.Hub.Store.DB().Write.Exec(`INSERT INTO attested_keys (country, city_id, hub_id, public_key, revoked, attest_time)
			VALUES ('se', ?, 'north-net', 'UKEY', 0, '2026-01-01T00:00:00.000000000Z')`, city); err != nil {
			t.Fatal(err)
		}
	}
	applyAs(t, h, "south-net", "Southern Hub Network", true)
	subj := "hcnet.rec.se.nowhere.practice.01J0000000000000000000000"
	if _, err := h.Hub.Store.Apply(ctx, []store.Incoming{{Subject: subj, Reason: "signature: does not verify", Envelope: []byte("not an envelope")}}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"research-lund", "old-peer"} {
		if _, err := hc.AddSubscriber(ctx, &hcnetv1.AddSubscriberRequest{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := hc.RevokeSubscriber(ctx, &hcnetv1.RevokeSubscriberRequest{Name: "old-peer"}); err != nil {
		t.Fatal(err)
	}

	c := startCoordination(t, h)
	// The crawl and the forms sign in many times and fail some on
	// purpose: a limit that never bites keeps the right ones working.
	c.accounts = accounts.New(h.Hub.Store.DB(), accounts.Options{Roles: accounts.HubRoles, Params: cheapHashes, Limit: accounts.Limit{Burst: 1000, Every: time.Millisecond}})
	c.srv = c.serve(t)
	return c
}

// Bounds of a crawl: an address with a query (a search's filters, a
// threshold, a code to compare) shows the page its path names, so a few
// of each path stand for the rest; the cap stops a crawl that a bug
// sends around in circles.
const (
	queriesPerPath = 3
	crawlCap       = 500
)

// crawlAs finds the HTML pages b reaches by following every local link
// from start with GET, as whoever b is signed in as, in the order found.
// A link that answers with an error fails the test, as does one that
// sends b to sign in: the crawl lost its session.
func crawlAs(t *testing.T, b *browser, start ...string) []string {
	t.Helper()
	seen := map[string]bool{}
	queries := map[string]int{}
	var pages []string
	queue := append([]string(nil), start...)
	for len(queue) > 0 && len(pages) < crawlCap {
		ref := queue[0]
		queue = queue[1:]
		u, err := url.Parse(ref)
		if err != nil || u.Host != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "/static/") || u.Path == "/lang" {
			continue
		}
		u.Fragment = ""
		if seen[u.String()] || (u.RawQuery != "" && queries[u.Path] >= queriesPerPath) {
			continue
		}
		seen[u.String()] = true
		code, loc, body := b.get(u.String())
		switch {
		case code == http.StatusSeeOther && strings.HasPrefix(loc, "/signin"):
			t.Fatalf("GET %s: sent to sign in; the crawl lost its session", u)
		case code != http.StatusOK:
			t.Errorf("GET %s (a link on the site): %d", u, code)
			continue
		case !strings.Contains(body, "<html"):
			continue // a CSV, the feed
		}
		if u.RawQuery != "" {
			queries[u.Path]++
		}
		pages = append(pages, u.String())
		for _, m := range pageLinkRe.FindAllStringSubmatch(body, -1) {
			queue = append(queue, html.UnescapeString(m[1]))
		}
	}
	if len(pages) >= crawlCap {
		t.Logf("the crawl stopped at %d pages", crawlCap)
	}
	return pages
}

// renderedIn gets each page as b in lang and fails on one that does not
// answer want or is not in lang.
func renderedIn(t *testing.T, b *browser, lang string, want int, pages ...string) {
	t.Helper()
	b.lang = lang
	defer func() { b.lang = "" }()
	for _, p := range pages {
		code, _, body := b.get(p)
		if code != want {
			t.Errorf("%s GET %s: %d, want %d", lang, p, code, want)
		}
		isIn(t, lang, p, body)
	}
}

// TestEverySignedInPageInEveryLanguage follows every local link a
// coordinator, and then a reader, reaches from the hub's start page on a
// hub holding the sample cities with every membership state, and renders
// each HTML page found in all eight languages; it also sends each of the
// coordinator's forms with problems, and a reader's and a stale form's
// refusals, in every language. Any message missing from a catalogue
// fails, as does a translated message shown in English. Pages added
// later are covered without being listed.
func TestEverySignedInPageInEveryLanguage(t *testing.T) {
	c := startSampleCoordination(t)
	cora := newBrowser(t, c.srv.URL)
	cora.signIn("cora")
	rita := newBrowser(t, c.srv.URL)
	rita.signIn("rita")

	// A search's results, the partner finder's and the matrix against
	// the target are reached by forms, which a crawl does not fill in.
	start := []string{"/", "/search?q=walk*", "/partners?topic=walking", "/cities/se/malmo/equity?against=target&threshold=5"}
	coordinator := crawlAs(t, cora, start...)
	reader := crawlAs(t, rita, start...)
	t.Logf("a coordinator reaches %d pages, a reader %d: %v", len(coordinator), len(reader), coordinator)
	for _, want := range []string{"/members", "/members/se/malmo/revoke", "/members/se/north-net/revoke", "/subscribers", "/accounts", "/quarantine",
		"/password", "/report", "/gaps", "/compare", "/cities/se/umea", "/stats"} {
		if !slices.Contains(coordinator, want) {
			t.Errorf("the coordinator's crawl did not reach %s", want)
		}
	}
	for _, p := range reader {
		if p == "/accounts" || p == "/subscribers" || strings.HasSuffix(p, "/revoke") {
			t.Errorf("a reader is led to %s, a coordinator's page", p)
		}
	}
	if !slices.Contains(reader, "/quarantine") {
		t.Error("the reader's crawl did not reach the quarantine")
	}
	if len(coordinator) < 60 {
		t.Fatalf("the coordinator's crawl reached %d pages; three sample cities have more: %v", len(coordinator), coordinator)
	}

	// The forms, as a coordinator sends them with problems: each comes
	// back with its problem next to its field.
	forms := []struct {
		what, path string
		form       url.Values
		want       int
		field      string
	}{
		{"taken account name", "/accounts", url.Values{"name": {"cora"}, "role": {"reader"}, "password": {"a long password"}}, http.StatusUnprocessableEntity, "name"},
		{"bad account name", "/accounts", url.Values{"name": {"Not A Name!"}, "role": {"reader"}, "password": {"a long password"}}, http.StatusUnprocessableEntity, "name"},
		{"no such role", "/accounts", url.Values{"name": {"newcomer"}, "role": {"king"}, "password": {"a long password"}}, http.StatusUnprocessableEntity, "role"},
		{"short first password", "/accounts", url.Values{"name": {"newcomer"}, "role": {"reader"}, "password": {"short"}}, http.StatusUnprocessableEntity, "password"},
		{"empty subscriber", "/subscribers", url.Values{"name": {""}}, http.StatusUnprocessableEntity, "name"},
		{"bad subscriber name", "/subscribers", url.Values{"name": {"Not a name!"}}, http.StatusUnprocessableEntity, "name"},
		{"taken subscriber name", "/subscribers", url.Values{"name": {"research-lund"}}, http.StatusUnprocessableEntity, "name"},
		{"no current password", "/password", url.Values{"current": {""}, "new": {"a new password"}, "again": {"a new password"}}, http.StatusUnprocessableEntity, "current"},
		{"passwords differ", "/password", url.Values{"current": {"a long password"}, "new": {"a new password"}, "again": {"another"}}, http.StatusUnprocessableEntity, "again"},
		{"wrong current password", "/password", url.Values{"current": {"not it"}, "new": {"a new password"}, "again": {"a new password"}}, http.StatusUnprocessableEntity, "current"},
		{"short new password", "/password", url.Values{"current": {"a long password"}, "new": {"short"}, "again": {"short"}}, http.StatusUnprocessableEntity, "new"},
	}
	// Forms read with GET whose problems show on the page they ask for.
	asked := []struct{ path, field string }{
		{"/gaps?threshold=plenty", "threshold"},
		{"/gaps?threshold=500", "threshold"},
		{"/cities/se/malmo/equity?threshold=0", "threshold"},
		{"/compare?code=" + url.QueryEscape("not a code"), "code"},
		{"/search?q=" + url.QueryEscape(`"`), "q"},
		{"/partners?sdg=18", "sdg"},
	}
	seen := map[string]map[string]string{}
	inEveryLanguage(t, func(lang string) {
		renderedIn(t, cora, lang, http.StatusOK, coordinator...)
		renderedIn(t, rita, lang, http.StatusOK, reader...)

		got := map[string]string{}
		seen[lang] = got
		cora.lang, rita.lang = lang, lang
		for _, f := range forms {
			cora.get(f.path)
			code, _, body := cora.post(f.path, f.form)
			if code != f.want || !strings.Contains(body, `id="`+f.field+`-error"`) {
				t.Errorf("%s %s: %d, want %d with a problem next to %s\n%s", lang, f.what, code, f.want, f.field, body)
			}
			isIn(t, lang, f.what, body)
			got[f.what] = body
		}
		// Signing in wrongly, in a browser of its own.
		visitor := newBrowser(t, c.srv.URL)
		visitor.lang = lang
		for what, form := range map[string]url.Values{
			"wrong token":    {"token": {"not the token"}},
			"empty sign-in":  {"name": {""}, "password": {""}},
			"wrong password": {"name": {"cora"}, "password": {"not her password"}},
		} {
			visitor.get("/signin")
			code, _, body := visitor.post("/signin", form)
			if code != http.StatusUnauthorized || !strings.Contains(body, `class="error-summary"`) {
				t.Errorf("%s %s: %d, want 401 with the problems listed", lang, what, code)
			}
			isIn(t, lang, what, body)
		}
		// A credential issued: its seed shown once, with how to use it.
		cora.get("/subscribers")
		if code, _, body := cora.post("/subscribers", url.Values{"name": {"peer-" + lang}}); code != http.StatusCreated {
			t.Errorf("%s: issue a subscriber: %d", lang, code)
		} else {
			isIn(t, lang, "issued", body)
		}
		for _, a := range asked {
			code, _, body := cora.get(a.path)
			if code != http.StatusBadRequest || !strings.Contains(body, `id="`+a.field+`-error"`) {
				t.Errorf("%s %s: %d, want 400 with a problem next to %s", lang, a.path, code, a.field)
			}
			isIn(t, lang, a.path, body)
			got[a.path] = body
		}
		// Refusals: a decision on no member, a verb there is none of, a
		// stale form, a reader's coordinator page and decision.
		cora.get("/members")
		if code, loc, _ := cora.post("/members/se/nowhere/approve", nil); code != http.StatusSeeOther || loc != "/members" {
			t.Errorf("%s: a decision on no member: %d to %q", lang, code, loc)
		}
		_, _, got["no such member"] = cora.get("/members")
		isIn(t, lang, "no such member", got["no such member"])
		if code, _, body := cora.post("/members/se/lund/crown", nil); code != http.StatusNotFound {
			t.Errorf("%s: a verb there is none of: %d", lang, code)
		} else {
			got["no such verb"] = body
		}
		code, _, body := cora.post("/accounts", url.Values{"csrf": {"stale"}, "name": {"newcomer"}, "role": {"reader"}, "password": {"a long password"}})
		if code != http.StatusForbidden {
			t.Errorf("%s: a stale form: %d, want 403", lang, code)
		}
		isIn(t, lang, "stale form", body)
		got["stale form"] = body
		for _, p := range []string{"/accounts", "/subscribers", "/members/se/malmo/revoke"} {
			code, _, body := rita.get(p)
			if code != http.StatusForbidden {
				t.Errorf("%s: a reader's GET %s: %d, want 403", lang, p, code)
			}
			isIn(t, lang, "reader "+p, body)
		}
		rita.get("/members")
		code, _, body = rita.post("/members/se/lund/approve", nil)
		if code != http.StatusForbidden {
			t.Errorf("%s: a reader's approval: %d, want 403", lang, code)
		}
		isIn(t, lang, "reader's approval", body)
		got["reader's approval"] = body
		cora.lang, rita.lang = "", ""
	})

	// Nothing the forms sent was saved: no account added, no password
	// changed.
	list, err := c.accounts.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Errorf("the forms with problems saved accounts: %v", list)
	}
	newBrowser(t, c.srv.URL).signIn("cora")

	for _, w := range []struct{ lang, what, want string }{
		{"sv", "taken account name", "används redan av ett annat konto"},
		{"sv", "/gaps?threshold=plenty", "Ange tröskelvärdet som ett antal procent"},
		{"ru", "passwords differ", "отличается от нового пароля"},
		{"ru", "/gaps?threshold=500", "от 1 до 100"},
		{"sv", "reader's approval", "läsare"},
	} {
		if !strings.Contains(seen[w.lang][w.what], w.want) {
			t.Errorf("%s %s lacks %q", w.lang, w.what, w.want)
		}
	}
}

// englishIn lists the translated messages a page in lang shows in
// English.
func englishIn(t *testing.T, lang, page string) []string {
	t.Helper()
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	return words.LeftInEnglish(lang, page)
}
