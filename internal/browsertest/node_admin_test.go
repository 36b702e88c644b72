package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestNodeAdminSetsPasswordAndExports: an admin follows "Set a new
// password" from the accounts page, sees a differing second password
// named next to its field, then sets it and reads the notice; the
// backup page offers every record as JSON Lines. Screenshots and
// axe-core at desktop and phone width.
func TestNodeAdminSetsPasswordAndExports(t *testing.T) {
	n := nodetest.Start(t)
	srv, acc := accountSite(t, n)
	bg := context.Background()
	for name, role := range map[string]accounts.Role{"ada": accounts.Admin, "ed": accounts.Editor} {
		if _, err := acc.Add(bg, name, role, "password "+name); err != nil {
			t.Fatal(err)
		}
	}
	ctx := New(t, 2*time.Minute)
	signInAs(t, ctx, srv.URL, "ada", "password ada")
	source := AxeSource(t)
	var f axeFindings
	for _, w := range widths {
		if err := chromedp.Do(ctx,
			chromedp.EmulateViewport(w.w, w.h),
			chromedp.Navigate(srv.URL+"/accounts"),
			chromedp.WaitVisible(chromedp.CSS(`a[href="/accounts/ed/password"]`)),
		); err != nil {
			t.Fatalf("%s: accounts: %v", w.name, err)
		}
		Screenshot(t, ctx, w.name+"-01-accounts")
		f.check(t, ctx, source, "/accounts", w)
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`a[href="/accounts/ed/password"]`)),
			chromedp.WaitVisible(chromedp.ID("again")),
			chromedp.SendKeys(chromedp.ID("new"), "a new password"),
			chromedp.SendKeys(chromedp.ID("again"), "a new passw0rd"),
			chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
			chromedp.WaitVisible(chromedp.ID("again-error")),
		); err != nil {
			t.Fatalf("%s: differing passwords: %v", w.name, err)
		}
		if got := text(t, ctx, "#again-error"); !strings.Contains(got, "type the same twice") {
			t.Fatalf("%s: the error next to the field: %q", w.name, got)
		}
		Screenshot(t, ctx, w.name+"-02-password-error")
		f.check(t, ctx, source, "/accounts/ed/password (error)", w)
		if err := chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.ID("new"), "a new password"),
			chromedp.SendKeys(chromedp.ID("again"), "a new password"),
			chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
		); err != nil {
			t.Fatalf("%s: set the password: %v", w.name, err)
		}
		if got := text(t, ctx, "p.notice"); !strings.Contains(got, "Account ed has a new password") {
			t.Fatalf("%s: the notice: %q", w.name, got)
		}
		if _, err := acc.SignIn(bg, "ed", "a new password", "127.0.0.9"); err != nil {
			t.Fatalf("%s: ed's new password: %v", w.name, err)
		}
		if err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/backup"),
			chromedp.WaitVisible(chromedp.CSS(`a[href="/backup/records.jsonl"]`)),
		); err != nil {
			t.Fatalf("%s: backup: %v", w.name, err)
		}
		Screenshot(t, ctx, w.name+"-03-backup")
		f.check(t, ctx, source, "/backup", w)
	}
	f.report(t)
}

// TestNodeHubChainPage: from the hub page's table an officer follows
// "Up the chain" to the hubs holding a public practice, current at a
// real hub. Screenshots and axe-core at desktop and phone width.
func TestNodeHubChainPage(t *testing.T) {
	hub := hubtest.Start(t)
	n := nodetest.Start(t)
	srv, acc := accountSite(t, n)
	bg := context.Background()
	if _, err := acc.Add(bg, "ed", accounts.Editor, "password ed"); err != nil {
		t.Fatal(err)
	}
	api := n.Client(t)
	if _, err := api.JoinHub(bg, &hcnetv1.JoinHubRequest{HubAddr: hub.Addr}); err != nil {
		t.Fatal(err)
	}
	if _, err := hub.Client(t).ApproveMember(bg, &hcnetv1.ApproveMemberRequest{CityId: "malmo", Country: "se"}); err != nil {
		t.Fatal(err)
	}
	pr, err := api.CreatePractice(bg, &hcnetv1.CreatePracticeRequest{Practice: nodetest.Practice("Walking groups")})
	if err != nil {
		t.Fatal(err)
	}
	id := pr.GetPractice().GetId()
	poll.Until(t, "the practice at the hub", func() bool {
		var v int64
		hub.Hub.Store.DB().Read.QueryRow(`SELECT version FROM records WHERE id = ?`, id).Scan(&v)
		return v == 1
	})
	ctx := New(t, 2*time.Minute)
	signInAs(t, ctx, srv.URL, "ed", "password ed")
	source := AxeSource(t)
	var f axeFindings
	for _, w := range widths {
		if err := chromedp.Do(ctx,
			chromedp.EmulateViewport(w.w, w.h),
			chromedp.Navigate(srv.URL+"/hub"),
			chromedp.WaitVisible(chromedp.CSS(`a[href="/hub/records/`+id+`"]`)),
		); err != nil {
			t.Fatalf("%s: hub: %v", w.name, err)
		}
		Screenshot(t, ctx, w.name+"-01-hub")
		f.check(t, ctx, source, "/hub", w)
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`a[href="/hub/records/`+id+`"]`)),
			chromedp.WaitVisible(chromedp.CSS(`table .status`)),
		); err != nil {
			t.Fatalf("%s: up the chain: %v", w.name, err)
		}
		if got := text(t, ctx, "table .status"); got != "version 1 (current)" {
			t.Fatalf("%s: the hub holds %q", w.name, got)
		}
		Screenshot(t, ctx, w.name+"-02-chain")
		f.check(t, ctx, source, "/hub/records/ID", w)
	}
	f.report(t)
}
