package browsertest

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/node/nodetest"
	nodeweb "github.com/hcnet/hcnet/node/web"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// accountSite serves a real node's pages with its named accounts, as
// hcnode run --http does.
func accountSite(t *testing.T, n *nodetest.Node) (*httptest.Server, *accounts.Store) {
	t.Helper()
	// Cheap hashing keeps the test quick; the costs are the accounts
	// package's to test.
	acc := accounts.New(n.Node.Store.DB(), accounts.Options{Params: accounts.Params{Time: 1, Memory: 64, Threads: 1, SaltLen: 16, KeyLen: 32}})
	h, err := nodeweb.New(hcnetv1.NewCityServiceClient(n.Conn(t, "")), n.Token, nodeweb.Options{Pending: n.Node.Store.PendingRecords, Log: quiet(), Accounts: acc, Backup: n.Node.Store.Backup, BackupDir: n.Dir})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, acc
}

// signInAs fills the name and password form.
func signInAs(t *testing.T, ctx context.Context, url, name, password string) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(url+"/signin"),
		chromedp.WaitVisible(chromedp.ID("name")),
		chromedp.SendKeys(chromedp.ID("name"), name),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.CSS(`form.stack:first-of-type button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`header.site .who`)),
	); err != nil {
		t.Fatalf("sign in as %s: %v", name, err)
	}
}

func headerWho(t *testing.T, ctx context.Context) string {
	t.Helper()
	who, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`header.site .who`)))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(who)
}

// TestNodeAccountSignInRolesAndRestart: an editor signs in with a name
// and password and the header says who; after the node and its pages
// restart the browser is still signed in; a viewer who opens a form
// gets the refusal page and nothing is saved.
func TestNodeAccountSignInRolesAndRestart(t *testing.T) {
	n := nodetest.Start(t)
	srv, acc := accountSite(t, n)
	bg := context.Background()
	for name, role := range map[string]accounts.Role{"ada": accounts.Admin, "ed": accounts.Editor, "vi": accounts.Viewer} {
		if _, err := acc.Add(bg, name, role, "password "+name); err != nil {
			t.Fatal(err)
		}
	}
	ctx := New(t, 2*time.Minute)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("name"))); err != nil {
		t.Fatal(err)
	}
	Screenshot(t, ctx, "desktop-sign-in")
	signInAs(t, ctx, srv.URL, "ed", "password ed")
	if who := headerWho(t, ctx); who != "Signed in as ed (editor)" {
		t.Fatalf("header: %q", who)
	}
	Screenshot(t, ctx, "desktop-signed-in")

	n.Stop(t)
	srv.Close()
	n = nodetest.Restart(t, n.Dir)
	srv, _ = accountSite(t, n)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`header.site .who`))); err != nil {
		t.Fatalf("after the restart: %v", err)
	}
	if who := headerWho(t, ctx); who != "Signed in as ed (editor)" {
		t.Fatalf("header after the restart: %q", who)
	}

	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`header.site button.link`)),
		chromedp.WaitVisible(chromedp.ID("name")),
	); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	signInAs(t, ctx, srv.URL, "vi", "password vi")
	// A viewer who opens a form by its address is told at once that
	// their role cannot change records (the server refuses their POSTs
	// too: node/web TestViewerCannotChangeAnything).
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/practices/new")); err != nil {
		t.Fatalf("viewer opens the practice form: %v", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		title, _ := chromedp.Run(ctx, chromedp.Title())
		if strings.HasPrefix(title, "Not allowed") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("viewer's form: page title %q, want the refusal", title)
		}
		time.Sleep(50 * time.Millisecond)
	}
	h1, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main h1`)))
	body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`)))
	if h1 != "Not allowed" || !strings.Contains(body, "role viewer") {
		t.Fatalf("viewer's form shows %q: %s", h1, body)
	}
	res, err := n.Client(t).ListPractices(bg, &hcnetv1.ListPracticesRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.GetPractices()) != 0 {
		t.Fatalf("the viewer's form saved %d practices", len(res.GetPractices()))
	}

	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`header.site .who`)),
	); err != nil {
		t.Fatalf("phone: %v", err)
	}
	Screenshot(t, ctx, "phone-signed-in")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`header.site button.link`)),
		chromedp.WaitVisible(chromedp.ID("name")),
	); err != nil {
		t.Fatalf("sign out on the phone: %v", err)
	}
	Screenshot(t, ctx, "phone-sign-in")

	// The admin's accounts page, on a desktop again.
	signInAs(t, ctx, srv.URL, "ada", "password ada")
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(srv.URL+"/accounts"),
		chromedp.WaitVisible(chromedp.CSS(`main table`)),
	); err != nil {
		t.Fatalf("accounts page: %v", err)
	}
	rows, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main table tbody`)))
	for _, name := range []string{"ada", "ed", "vi"} {
		if !strings.Contains(rows, name) {
			t.Fatalf("accounts page lacks %s: %q", name, rows)
		}
	}
	Screenshot(t, ctx, "desktop-accounts")
}
