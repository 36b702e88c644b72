package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestNodeAccountRoleChange: an admin changes an editor's role with the
// select in the editor's row and sees it confirmed; the admin's own
// demotion, as the last admin, is refused with the reason next to the
// admin's select, which axe-core finds accessible. Desktop and phone.
func TestNodeAccountRoleChange(t *testing.T) {
	source := AxeSource(t)
	n := nodetest.Start(t)
	srv, acc := accountSite(t, n)
	bg := context.Background()
	for name, role := range map[string]accounts.Role{"ada": accounts.Admin, "ed": accounts.Editor, "vi": accounts.Viewer} {
		if _, err := acc.Add(bg, name, role, "password "+name); err != nil {
			t.Fatal(err)
		}
	}
	ctx := New(t, 3*time.Minute)
	signInAs(t, ctx, srv.URL, "ada", "password ada")
	var f axeFindings
	for _, w := range widths {
		setWidth(t, ctx, w)
		if err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/accounts"),
			chromedp.WaitVisible(chromedp.ID("role-ed")),
		); err != nil {
			t.Fatalf("%s: accounts page: %v", w.name, err)
		}
		Screenshot(t, ctx, w.name+"-accounts")
		want := map[string]string{"desktop": "viewer", "phone": "editor"}[w.name]
		if err := chromedp.Do(ctx,
			chromedp.SetValue(chromedp.ID("role-ed"), want),
			chromedp.Click(chromedp.CSS(`form[action="/accounts/ed/role"] button`)),
			chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
		); err != nil {
			t.Fatalf("%s: change ed's role: %v", w.name, err)
		}
		notice, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`p.notice`)))
		if !strings.Contains(notice, "Account ed is now "+want) {
			t.Fatalf("%s: notice %q", w.name, notice)
		}
		if a, err := acc.Get(bg, "ed"); err != nil || string(a.Role) != want {
			t.Fatalf("%s: ed is %+v (%v), want %s", w.name, a, err, want)
		}
		Screenshot(t, ctx, w.name+"-role-changed")

		if err := chromedp.Do(ctx,
			chromedp.SetValue(chromedp.ID("role-ada"), "viewer"),
			chromedp.Click(chromedp.CSS(`form[action="/accounts/ada/role"] button`)),
			chromedp.WaitVisible(chromedp.ID("role-ada-error")),
		); err != nil {
			t.Fatalf("%s: the last admin's demotion: %v", w.name, err)
		}
		msg, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("role-ada-error")))
		if !strings.Contains(msg, "you are the last admin") {
			t.Fatalf("%s: next to ada's select: %q", w.name, msg)
		}
		if a, _ := acc.Get(bg, "ada"); a.Role != accounts.Admin {
			t.Fatalf("%s: the refused demotion made ada %s", w.name, a.Role)
		}
		Screenshot(t, ctx, w.name+"-last-admin-refused")
		f.check(t, ctx, source, "/accounts (last admin refused)", w)
	}
	f.report(t)
}
