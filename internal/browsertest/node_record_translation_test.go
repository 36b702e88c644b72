package browsertest

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestNodeTranslationReadOnHub: an officer adds a Swedish translation to
// a partnership on the node's pages; the node lists it under "Texts by
// language", and a reader who switches the hub to Swedish reads the
// partnership in Swedish there.
func TestNodeTranslationReadOnHub(t *testing.T) {
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n)
	ps := nodetest.Partnership("Walking groups for seniors")
	ps.Visibility = hcnetv1.Visibility_VISIBILITY_NETWORK
	ps.Description = "Weekly walks in every district."
	res, err := n.Client(t).CreatePartnership(context.Background(), &hcnetv1.CreatePartnershipRequest{Partnership: ps})
	if err != nil {
		t.Fatal(err)
	}
	id := res.GetPartnership().GetId()
	delivered(t, h, n)

	node := nodeSite(t, n)
	ctx := New(t, 3*time.Minute)
	signIn(t, ctx, node.URL, n.Token)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(node.URL+"/partnerships/"+id),
		chromedp.Click(chromedp.CSS(`a[href="/partnerships/`+id+`/translations/new"]`)),
		chromedp.WaitVisible(chromedp.ID("original_language")),
		chromedp.SetValue(chromedp.ID("original_language"), "en"),
		chromedp.SetValue(chromedp.ID("language"), "sv"),
		chromedp.SendKeys(chromedp.CSS(`[id="text.title"]`), "Promenadgrupper för äldre"),
		chromedp.SendKeys(chromedp.CSS(`[id="text.description"]`), "Promenader varje vecka i alla stadsdelar."),
	); err != nil {
		t.Fatalf("fill the translation form: %v", err)
	}
	Screenshot(t, ctx, "translation-form")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("texts")),
	); err != nil {
		t.Fatalf("save the translation: %v", err)
	}
	html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main').outerHTML`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<td lang="sv">Promenadgrupper för äldre</td>`, `/partnerships/` + id + `/translations/sv/remove`} {
		if !strings.Contains(html, want) {
			t.Fatalf("the partnership's page lacks %q:\n%s", want, html)
		}
	}
	Screenshot(t, ctx, "translation-listed")

	poll.Within(t, time.Minute, "the hub holds the translated version", func() bool {
		var v int64
		err := h.Hub.Store.DB().Read.QueryRow(`SELECT version FROM records WHERE id = ?`, id).Scan(&v)
		return err == nil && v == 2
	})
	hub := hubSite(t, h)
	page := "/records/se/malmo/" + id
	if err := chromedp.Do(ctx,
		chromedp.Navigate(hub.URL+"/lang?"+url.Values{"to": {"sv"}, "back": {page}}.Encode()),
		chromedp.WaitVisible(chromedp.CSS("h1")),
	); err != nil {
		t.Fatalf("open the hub in Swedish: %v", err)
	}
	html, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('main').outerHTML`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, `<h1 lang="sv">Promenadgrupper för äldre</h1>`) || strings.Contains(html, "Walking groups") {
		t.Fatalf("the hub in Swedish does not show the Swedish title:\n%s", html)
	}
	Screenshot(t, ctx, "translation-on-hub-sv")
}
