package browsertest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
)

// TestHubCoordinationInSwedishAndRussian shows the sign-in page with an
// error, the members page with a member hub's pending application, the
// annual report of a sample city, the revoke confirmation, the accounts,
// a subscriber's credential, the quarantine and the password page in
// Swedish and Russian at desktop and phone width: each is screenshot,
// checked with axe-core, and must not be wider than the screen.
func TestHubCoordinationInSwedishAndRussian(t *testing.T) {
	source := AxeSource(t)
	bg := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	loadSample(t, n)
	member(t, h, n)
	delivered(t, h, n)
	apply(t, h, "norra-natverket", "Norra nätverket för hälsosamma städer", true)
	if _, err := h.Hub.Store.Apply(bg, []store.Incoming{{Subject: "hcnet.rec.se.nowhere.practice.01J0000000000000000000000", Reason: "signature: does not verify", Envelope: []byte("x")}}); err != nil {
		t.Fatal(err)
	}
	srv, acc := coordinationSite(t, h)
	if _, err := acc.Add(bg, "cora", accounts.Coordinator, "a long password"); err != nil {
		t.Fatal(err)
	}
	ctx := New(t, 6*time.Minute)
	var f axeFindings
	shoot := func(lang, name string, w width) {
		t.Helper()
		f.check(t, ctx, source, lang+" "+name, w)
		fits(t, ctx, lang+" "+name, w)
		Screenshot(t, ctx, fmt.Sprintf("%s-%s-%d", lang, name, w.w))
	}
	pages := []struct{ name, path, want string }{
		{"members", "/members", `form[action="/members/se/norra-natverket/approve"]`},
		{"report", "/report", "#plans"},
		{"revoke", "/members/se/" + n.CityID + "/revoke", `main form button`},
		{"accounts", "/accounts", "#role"},
		{"quarantine", "/quarantine", "main table"},
		{"password", "/password", "#current"},
	}
	for _, lang := range []string{"sv", "ru"} {
		for _, w := range widths {
			setWidth(t, ctx, w)
			// Signed out: the sign-in page with a wrong token's error.
			if err := chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/lang?to="+lang+"&back=%2Fsignin"),
				chromedp.WaitVisible(chromedp.CSS(`html[lang="`+lang+`"] #token`)),
				chromedp.SendKeys(chromedp.ID("token"), "not the token"),
				chromedp.Submit(chromedp.ID("token")),
				chromedp.WaitVisible(chromedp.ID("token-error")),
			); err != nil {
				t.Fatalf("%s: a wrong token: %v", lang, err)
			}
			shoot(lang, "signin-error", w)
			signInAs(t, ctx, srv.URL, "cora", "a long password")
			for _, p := range pages {
				if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.want))); err != nil {
					t.Fatalf("%s %s: %v", lang, p.path, err)
				}
				shoot(lang, p.name, w)
			}
			sub := fmt.Sprintf("forskargrupp-%s-%d", lang, w.w)
			if err := chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/subscribers"), chromedp.WaitVisible(chromedp.ID("name")),
				chromedp.SendKeys(chromedp.ID("name"), sub),
				chromedp.Submit(chromedp.ID("name")),
				chromedp.WaitVisible(chromedp.CSS(`code.secret`)),
			); err != nil {
				t.Fatalf("%s: issue a subscriber: %v", lang, err)
			}
			shoot(lang, "subscriber-issued", w)
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`header.site button.link`)), chromedp.WaitVisible(chromedp.CSS(`a[href="/signin"]`))); err != nil {
				t.Fatalf("%s: sign out: %v", lang, err)
			}
		}
	}
	f.report(t)
}

// apply sends a signed membership application for a made-up city (or
// member hub) to h.
func apply(t *testing.T, h *hubtest.Hub, id, name string, asHub bool) {
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
