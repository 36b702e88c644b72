package browsertest

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestNodeFinnishWords opens in Finnish, at desktop and phone width, the
// pages whose words a Finnish officer reads as Finnish: the Hub and Good
// practices pages counting records waiting for the hub, the partner
// form's example and kind, and a success whose goals are words, refused
// in Finnish. Each is saved as a screenshot and checked with axe-core.
func TestNodeFinnishWords(t *testing.T) {
	source := AxeSource(t)
	n := nodetest.Start(t)
	loadSample(t, n)
	srv, acc := accountSite(t, n)
	if _, err := acc.Add(context.Background(), "ada", accounts.Admin, "password ada"); err != nil {
		t.Fatal(err)
	}
	ctx := New(t, 4*time.Minute)
	signInAs(t, ctx, srv.URL, "ada", "password ada")
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/lang?"+url.Values{"to": {"fi"}, "back": {"/"}}.Encode()),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="fi"]`))); err != nil {
		t.Fatalf("choose Finnish: %v", err)
	}
	var f axeFindings
	for _, w := range widths {
		setWidth(t, ctx, w)
		for _, p := range []struct{ path, name, want string }{
			{"/hub", "hub", "Odottaa lähettämistä keskukseen"},
			{"/practices", "practices", "odottaa lähettämistä keskukseen"},
			{"/partners/new", "partner-form", "Tampereen kaupunki"},
		} {
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p.path)); err != nil {
				t.Fatalf("open %s: %v", p.path, err)
			}
			text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main').textContent`))
			if err != nil {
				t.Fatalf("read %s: %v", p.path, err)
			}
			if !strings.Contains(text, p.want) {
				t.Errorf("%s at %d px lacks %q", p.path, w.w, p.want)
			}
			Screenshot(t, ctx, p.name+"-fi-"+w.name)
			f.check(t, ctx, source, p.path, w)
		}
		if err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/successes/new"),
			chromedp.WaitVisible(chromedp.ID("sdg_goals")),
		); err != nil {
			t.Fatalf("open the success form: %v", err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.getElementById('title').value = 'Vähemmän yksinäisiä', document.getElementById('sdg_goals').value = 'kolme', true)`)); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
			chromedp.WaitVisible(chromedp.CSS(`.error-summary`)),
		); err != nil {
			t.Fatalf("send a success with words for goals: %v", err)
		}
		goals, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById('sdg_goals-error').textContent`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(goals, "ei ole numero") {
			t.Errorf("next to the goals at %d px: %q, want Finnish", w.w, goals)
		}
		Screenshot(t, ctx, "success-goals-fi-"+w.name)
		f.check(t, ctx, source, "/successes/new (goals in words)", w)
	}
	f.report(t)
}
