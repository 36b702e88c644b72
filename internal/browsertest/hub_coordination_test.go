package browsertest

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	hubweb "github.com/hcnet/hcnet/hub/web"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// coordinationSite serves a real hub's pages with its accounts, as
// hchub run --http does: the pages read without the token and hold it
// for the signed-in coordinator's decisions.
func coordinationSite(t *testing.T, h *hubtest.Hub) (*httptest.Server, *accounts.Store) {
	t.Helper()
	conn, err := grpc.NewClient(h.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	acc := accounts.New(h.Hub.Store.DB(), accounts.Options{Roles: accounts.HubRoles, Params: accounts.Params{Time: 1, Memory: 64, Threads: 1, SaltLen: 16, KeyLen: 32}})
	w, err := hubweb.New(hcnetv1.NewHubServiceClient(conn), hubweb.Options{Adoptions: h.Hub.Store.AdoptionsOf, Log: quiet(), Accounts: acc, Token: h.Token})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w)
	t.Cleanup(srv.Close)
	return srv, acc
}

// TestCoordinatorApprovesAMemberInChromium: a city applies to the hub;
// the coordinator signs in, approves it with the members page's button,
// and the city's practice then shows on its page at the hub. Every
// coordination page is shot at 1280 and 390 px.
func TestCoordinatorApprovesAMemberInChromium(t *testing.T) {
	bg := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	pr, err := n.Client(t).CreatePractice(bg, &hcnetv1.CreatePracticeRequest{Practice: nodetest.Practice("Walking groups for older residents")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := n.Client(t).JoinHub(bg, &hcnetv1.JoinHubRequest{HubAddr: h.Addr}); err != nil {
		t.Fatal(err)
	}
	srv, acc := coordinationSite(t, h)
	if _, err := acc.Add(bg, "cora", accounts.Coordinator, "a long password"); err != nil {
		t.Fatal(err)
	}
	ctx := New(t, 3*time.Minute)

	signInAs(t, ctx, srv.URL, "cora", "a long password")
	if who := headerWho(t, ctx); who != "Signed in as cora (coordinator)" {
		t.Fatalf("header: %q", who)
	}
	approve := `form[action="/members/se/malmo/approve"] button`
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/members"), chromedp.WaitVisible(chromedp.CSS(approve))); err != nil {
		t.Fatalf("the pending application on the members page: %v", err)
	}
	Screenshot(t, ctx, "desktop-members-pending")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(approve)), chromedp.WaitVisible(chromedp.CSS(`main .notice`))); err != nil {
		t.Fatalf("approve: %v", err)
	}
	notice, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main .notice`)))
	if !strings.Contains(notice, "Malmö is approved") {
		t.Fatalf("notice after approving: %q", notice)
	}
	Screenshot(t, ctx, "desktop-members-approved")

	link := `a[href="/records/se/malmo/` + pr.GetPractice().GetId() + `"]`
	poll.Within(t, time.Minute, "the city's practice shows on its page at the hub", func() bool {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/cities/se/malmo"), chromedp.WaitReady(chromedp.CSS(`main`))); err != nil {
			return false
		}
		n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('`+link+`').length`))
		return n == 1
	})
	Screenshot(t, ctx, "desktop-city-after-approval")

	// The other coordination pages, for the eye.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/subscribers"), chromedp.WaitVisible(chromedp.ID("name")),
		chromedp.SendKeys(chromedp.ID("name"), "research-group-lund"),
		chromedp.Submit(chromedp.ID("name")),
		chromedp.WaitVisible(chromedp.CSS(`code.secret`)),
	); err != nil {
		t.Fatalf("issue a subscriber: %v", err)
	}
	Screenshot(t, ctx, "desktop-subscriber-issued")
	pages := map[string]string{"members": "/members", "revoke": "/members/se/malmo/revoke", "quarantine": "/quarantine", "accounts": "/accounts", "subscribers": "/subscribers"}
	for name, path := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(chromedp.CSS(`main h1`))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		Screenshot(t, ctx, "desktop-"+name)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	for name, path := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+path), chromedp.WaitVisible(chromedp.CSS(`main h1`))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		Screenshot(t, ctx, "phone-"+name)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`header.site button.link`)), chromedp.WaitVisible(chromedp.CSS(`a[href="/signin"]`))); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/signin"), chromedp.WaitVisible(chromedp.ID("name"))); err != nil {
		t.Fatal(err)
	}
	Screenshot(t, ctx, "phone-sign-in")
}
