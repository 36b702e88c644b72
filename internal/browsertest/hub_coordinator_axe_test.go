package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/feed"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/hub/store"
	hubweb "github.com/hcnet/hcnet/hub/web"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// coordinatedHub is a hub holding two sample cities' shared records with
// every state a coordinator's pages show: an application pending, a
// member hub vouching for a city of its own, a message in quarantine, a
// feed subscriber issued and one revoked; cora coordinates and rita
// reads.
func coordinatedHub(t *testing.T) string {
	t.Helper()
	bg := context.Background()
	h := hubtest.Start(t)
	nodes := []*nodetest.Node{nodetest.Start(t), nodetest.StartWith(t, nodetest.Options{CityID: "umea", Name: "Umeå", Country: "se"})}
	for _, n := range nodes {
		member(t, h, n)
		loadSample(t, n)
	}
	for _, n := range nodes {
		delivered(t, h, n)
	}
	hc := h.Client(t)
	apply(t, h, "lund", "Lund", false)
	apply(t, h, "norra-natverket", "Norra nätverket för hälsosamma städer", true)
	if _, err := hc.ApproveMember(bg, &hcnetv1.ApproveMemberRequest{Country: "se", CityId: "norra-natverket", Hub: true}); err != nil {
		t.Fatal(err)
	}
	// The attestation the network's forwarded vouch leaves for its city.
	if _, err := h.Hub.Store.DB().Write.Exec(`INSERT INTO attested_keys (country, city_id, hub_id, public_key, revoked, attest_time)
		VALUES ('se', 'kiruna', 'norra-natverket', 'UKEY', 0, '2026-01-01T00:00:00.000000000Z')`); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Hub.Store.Apply(bg, []store.Incoming{{Subject: "hcnet.rec.se.nowhere.practice.01J0000000000000000000000", Reason: "signature: does not verify", Envelope: []byte("x")}}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"research-lund", "old-peer"} {
		if _, err := hc.AddSubscriber(bg, &hcnetv1.AddSubscriberRequest{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := hc.RevokeSubscriber(bg, &hcnetv1.RevokeSubscriberRequest{Name: "old-peer"}); err != nil {
		t.Fatal(err)
	}
	// Served as hchub run --http serves them, the Atom feed included, so
	// the pages' links to it lead somewhere.
	acc := accounts.New(h.Hub.Store.DB(), accounts.Options{Roles: accounts.HubRoles, Params: accounts.Params{Time: 1, Memory: 64, Threads: 1, SaltLen: 16, KeyLen: 32}})
	feedBase := func(r *http.Request) (string, bool) { return "http://" + r.Host, true }
	w, err := hubweb.New(h.Client(t), hubweb.Options{Adoptions: h.Hub.Store.AdoptionsOf, Feed: feed.Atom(h.Hub.Store, h.Hub.Info, feedBase), Log: quiet(), Accounts: acc, Token: h.Token})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w)
	t.Cleanup(srv.Close)
	for name, role := range map[string]accounts.Role{"cora": accounts.Coordinator, "rita": accounts.Reader} {
		if _, err := acc.Add(bg, name, role, "a long password"); err != nil {
			t.Fatal(err)
		}
	}
	return srv.URL
}

// problemForm is a coordinator's form sent with a problem: fill types
// each value into its field, and the page must then show wait.
type problemForm struct {
	name, path string
	fill       [][2]string
	wait       string
}

var coordinatorProblems = []problemForm{
	{"account-problems", "/accounts", [][2]string{{"name", "Not A Name!"}, {"password", "short"}}, "#name-error"},
	{"subscriber-problem", "/subscribers", [][2]string{{"name", "Not a name!"}}, "#name-error"},
	{"password-problems", "/password", [][2]string{{"current", "not it"}, {"new", "a new password"}, {"again", "another"}}, "#again-error"},
	{"threshold-problem", "/gaps?threshold=plenty", nil, "#threshold-error"},
	{"matrix-threshold-problem", "/cities/se/malmo/equity?threshold=0", nil, "#threshold-error"},
	{"compare-problem", "/compare?code=" + url.QueryEscape("not a code"), nil, "#code-error"},
}

// send opens the form's page, fills it in and sends it (a form read
// with GET is its address), and waits for its problem to show.
func (p problemForm) send(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	acts := []chromedp.Action[chromedp.Void]{chromedp.Navigate(base + p.path)}
	for _, f := range p.fill {
		acts = append(acts, chromedp.WaitVisible(chromedp.ID(f[0])), chromedp.SendKeys(chromedp.ID(f[0]), f[1]))
	}
	if len(p.fill) > 0 {
		acts = append(acts, chromedp.Submit(chromedp.ID(p.fill[0][0])))
	}
	acts = append(acts, chromedp.WaitVisible(chromedp.CSS(p.wait)))
	if err := chromedp.Do(ctx, acts...); err != nil {
		t.Fatalf("%s: %v", p.name, err)
	}
}

// TestHubCoordinatorPagesAxe checks with axe-core, at desktop and phone
// width, every page a signed-in coordinator reaches by following links
// from the hub's start page (so pages added later are checked without
// being listed), each coordinator form sent with problems, in English,
// Swedish and Russian (shot in the two), a credential just issued, the
// sign-in page with its errors, and the pages only a reader's role
// changes. Any serious or critical violation fails the test.
func TestHubCoordinatorPagesAxe(t *testing.T) {
	source := AxeSource(t)
	base := coordinatedHub(t)
	ctx := New(t, 10*time.Minute)
	var f axeFindings

	for _, w := range widths {
		setWidth(t, ctx, w)
		if err := chromedp.Do(ctx,
			chromedp.Navigate(base+"/signin"),
			chromedp.WaitVisible(chromedp.ID("name")),
			chromedp.SendKeys(chromedp.ID("name"), "cora"),
			chromedp.SendKeys(chromedp.ID("password"), "not her password"),
			chromedp.Submit(chromedp.ID("name")),
			chromedp.WaitVisible(chromedp.ID("password-error")),
		); err != nil {
			t.Fatalf("a wrong password: %v", err)
		}
		f.check(t, ctx, source, "/signin (a wrong password)", w)
	}

	signInAs(t, ctx, base, "cora", "a long password")
	pages := crawl(t, ctx, base, "/", "/search?q=walk*", "/partners?topic=walking")
	t.Logf("%d pages a coordinator reaches by links: %v", len(pages), pages)
	for _, want := range []string{"/members", "/members/se/malmo/revoke", "/subscribers", "/accounts", "/quarantine", "/password", "/gaps", "/compare"} {
		if !slices.Contains(pages, want) {
			t.Errorf("the coordinator's crawl did not reach %s", want)
		}
	}
	// A crawl checks a few pages of each address's shape; a record's
	// page differs by its kind, so one of each kind is added.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/cities/se/malmo"), chromedp.WaitVisible(chromedp.ID("shared"))); err != nil {
		t.Fatal(err)
	}
	records, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('section[aria-labelledby^="kind-"]')].map(s => new URL(s.querySelector('ul a').href).pathname)`))
	if err != nil || len(records) < 6 {
		t.Fatalf("a record of each kind the sample city shares: %v (%v)", records, err)
	}
	for _, r := range records {
		if !slices.Contains(pages, r) {
			pages = append(pages, r)
		}
	}
	for _, w := range widths {
		setWidth(t, ctx, w)
		f.visit(t, ctx, source, base, pages, w)
		if err := chromedp.Do(ctx,
			chromedp.Navigate(base+"/subscribers"), chromedp.WaitVisible(chromedp.ID("name")),
			chromedp.SendKeys(chromedp.ID("name"), fmt.Sprintf("peer-%d", w.w)),
			chromedp.Submit(chromedp.ID("name")),
			chromedp.WaitVisible(chromedp.CSS(`code.secret`)),
		); err != nil {
			t.Fatalf("issue a subscriber: %v", err)
		}
		f.check(t, ctx, source, "/subscribers (a credential issued)", w)
	}
	for _, lang := range []string{"en", "sv", "ru"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/lang?to="+lang+"&back=%2Fmembers"), chromedp.WaitVisible(chromedp.CSS(`html[lang="`+lang+`"] main h1`))); err != nil {
			t.Fatalf("switch to %s: %v", lang, err)
		}
		for _, w := range widths {
			setWidth(t, ctx, w)
			if lang != "en" {
				if err := chromedp.Do(ctx, chromedp.Navigate(base+"/members"), chromedp.WaitVisible(chromedp.CSS(`tr.network-city`))); err != nil {
					t.Fatalf("%s members: %v", lang, err)
				}
				f.check(t, ctx, source, lang+" /members", w)
				fits(t, ctx, lang+" /members", w)
				Screenshot(t, ctx, fmt.Sprintf("%s-members-%d", lang, w.w))
			}
			for _, p := range coordinatorProblems {
				p.send(t, ctx, base)
				name := lang + " " + p.path + " (sent with problems)"
				f.check(t, ctx, source, name, w)
				fits(t, ctx, name, w)
				if lang != "en" {
					Screenshot(t, ctx, fmt.Sprintf("%s-%s-%d", lang, p.name, w.w))
				}
			}
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/lang?to=en&back=%2Fmembers"), chromedp.WaitVisible(chromedp.CSS(`header.site button.link`)),
		chromedp.Click(chromedp.CSS(`header.site button.link`)), chromedp.WaitVisible(chromedp.CSS(`a[href="/signin"]`))); err != nil {
		t.Fatalf("sign out: %v", err)
	}

	// A reader's role changes the navigation and the members page only.
	signInAs(t, ctx, base, "rita", "a long password")
	for _, w := range widths {
		setWidth(t, ctx, w)
		f.visit(t, ctx, source, base, []string{"/members", "/quarantine", "/password"}, w)
	}
	f.report(t)
}
