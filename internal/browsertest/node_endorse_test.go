package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestNodeEndorseWithOneClick: Lund shares a success naming Malmö; on
// Malmö's endorsements page, asked of their hub, it waits with an
// "Endorse" button; one click endorses it, the page says so and the
// success leaves the list for the endorsements given. Screenshots before
// and after at desktop and phone width, checked with axe-core.
func TestNodeEndorseWithOneClick(t *testing.T) {
	bg := context.Background()
	h := hubtest.Start(t)
	malmo := nodetest.StartWith(t, nodetest.Options{CityID: "malmo", Name: "Malmö", Country: "se"})
	lund := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	member(t, h, malmo)
	member(t, h, lund)
	res, err := lund.Client(t).CreateSuccess(bg, &hcnetv1.CreateSuccessRequest{Success: &hcnetv1.Success{
		Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK, Title: "Cykelvägar över kommungränsen",
		Outcome: "Fler pendlar med cykel mellan Lund och Malmö: 1 800 resor om dagen i stället för 1 100.", Date: "2025-04-01",
		PartnerCities: []*hcnetv1.CityRef{{Country: "se", CityId: "malmo", Name: "Malmö"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	id := res.GetSuccess().GetId()
	poll.Within(t, time.Minute, "Lund's success at the hub", func() bool {
		_, err := h.Client(t).GetRecord(bg, &hcnetv1.GetRecordRequest{Id: id})
		return err == nil
	})

	srv := nodeSite(t, malmo)
	ctx := New(t, 2*time.Minute)
	signIn(t, ctx, srv.URL, malmo.Token)
	source := AxeSource(t)
	var f axeFindings
	button := `form[action="/endorsements/endorse"] button[type=submit]`
	for _, w := range widths {
		setWidth(t, ctx, w)
		if err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/endorsements"),
			chromedp.WaitVisible(chromedp.CSS(button)),
		); err != nil {
			t.Fatalf("%s: the waiting success: %v", w.name, err)
		}
		Screenshot(t, ctx, "endorse-waiting-"+w.name)
		f.check(t, ctx, source, "/endorsements (waiting)", w)
	}
	if got := text(t, ctx, `section[aria-labelledby="waiting"]`); !strings.Contains(got, "Cykelvägar över kommungränsen") || !strings.Contains(got, "Recorded by Lund") {
		t.Fatalf("the waiting list: %q", got)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(button)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	); err != nil {
		t.Fatalf("endorse: %v", err)
	}
	if got := text(t, ctx, "p.notice"); !strings.Contains(got, "Endorsed “Cykelvägar över kommungränsen” of Lund") {
		t.Fatalf("the notice after endorsing: %q", got)
	}
	if got := text(t, ctx, `section[aria-labelledby="waiting"]`); strings.Contains(got, "Cykelvägar") {
		t.Fatalf("the endorsed success still waits: %q", got)
	}
	if got := text(t, ctx, `section[aria-labelledby="given"]`); !strings.Contains(got, id) {
		t.Fatalf("the endorsement is not among those given: %q", got)
	}
	Screenshot(t, ctx, "endorse-done-phone")
	f.check(t, ctx, source, "/endorsements (endorsed)", widths[1])
	setWidth(t, ctx, widths[0])
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/endorsements"),
		chromedp.WaitVisible(chromedp.CSS(`section[aria-labelledby="given"] table`))); err != nil {
		t.Fatal(err)
	}
	Screenshot(t, ctx, "endorse-done-desktop")
	f.check(t, ctx, source, "/endorsements (endorsed)", widths[0])
	// The endorsement given is named by the success's title and city,
	// there and on the hub page, in Swedish too.
	if got := text(t, ctx, `section[aria-labelledby="given"] tbody`); !strings.Contains(got, "Cykelvägar över kommungränsen") || !strings.Contains(got, "Lund") {
		t.Fatalf("the endorsement given is not named by title and city: %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/lang?to=sv&back=%2Fhub")); err != nil {
		t.Fatal(err)
	}
	for _, w := range widths {
		setWidth(t, ctx, w)
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/hub"), chromedp.WaitVisible(chromedp.CSS(`main table`))); err != nil {
			t.Fatalf("%s: the hub page: %v", w.name, err)
		}
		if got := text(t, ctx, "main"); !strings.Contains(got, "Bekräftelse av ”Cykelvägar över kommungränsen” från Lund") {
			t.Fatalf("%s: the hub page does not name the endorsement: %q", w.name, got)
		}
		Screenshot(t, ctx, "sv-hub-endorsed-"+w.name)
		f.check(t, ctx, source, "/hub (sv)", w)
	}
	f.report(t)
}
