package browsertest

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestNodeFormsFitAPhoneInEveryLanguage opens every kind's blank form on
// a phone in all eight languages: none may be wider than the screen,
// which a long button label does when it cannot wrap (German's "add
// another funding source" pushed the partnership form's box past the
// edge).
func TestNodeFormsFitAPhoneInEveryLanguage(t *testing.T) {
	n := nodetest.Start(t)
	loadSample(t, n)
	srv, acc := accountSite(t, n)
	if _, err := acc.Add(context.Background(), "ada", accounts.Admin, "password ada"); err != nil {
		t.Fatal(err)
	}
	ctx := New(t, 4*time.Minute)
	signInAs(t, ctx, srv.URL, "ada", "password ada")
	phone := widths[1]
	setWidth(t, ctx, phone)
	forms := []string{"/partners/new", "/partnerships/new", "/plans/new", "/indicators/new", "/practices/new", "/successes/new", "/endorsements/new", "/city/edit"}
	for _, l := range i18n.Languages {
		for _, p := range forms {
			if err := chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/lang?to="+l.Code+"&back="+p),
				chromedp.WaitVisible(chromedp.CSS(`html[lang="`+l.Code+`"] main form button[type=submit]`)),
			); err != nil {
				t.Fatalf("%s %s: %v", l.Code, p, err)
			}
			fits(t, ctx, l.Code+" "+p, phone)
		}
	}
	Screenshot(t, ctx, "es-city-form-390")
}
