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

// TestNodeSharingMadeVisible: an admin reads what the network will see
// of a partnership naming a private partner (no contact, the private
// partner unnamed) and of a private practice (nothing), then joins a
// real hub through the form, first with an address left out (the error
// shows next to it), and sees the partnership delivered once the
// coordinator approves; screenshots at desktop and phone width.
func TestNodeSharingMadeVisible(t *testing.T) {
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	api := n.Client(t)
	bg := context.Background()
	hidden := nodetest.Partner("Hemliga föreningen")
	hidden.Visibility = hcnetv1.Visibility_VISIBILITY_PRIVATE
	hp, err := api.CreatePartner(bg, &hcnetv1.CreatePartnerRequest{Partner: hidden})
	if err != nil {
		t.Fatal(err)
	}
	open := nodetest.Partner("Malmö stad")
	open.Visibility = hcnetv1.Visibility_VISIBILITY_PUBLIC
	op, err := api.CreatePartner(bg, &hcnetv1.CreatePartnerRequest{Partner: open})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := api.CreatePartnership(bg, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Meeting places against loneliness", op.GetPartner().GetId(), hp.GetPartner().GetId())})
	if err != nil {
		t.Fatal(err)
	}
	pid := ps.GetPartnership().GetId()
	quiet := nodetest.Practice("Quiet walks")
	quiet.Visibility = hcnetv1.Visibility_VISIBILITY_PRIVATE
	pr, err := api.CreatePractice(bg, &hcnetv1.CreatePracticeRequest{Practice: quiet})
	if err != nil {
		t.Fatal(err)
	}

	srv := nodeSite(t, n)
	ctx := New(t, 3*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)

	// From the partnership's page to what the network will see of it.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/partnerships/"+pid+"/edit"),
		chromedp.Click(chromedp.CSS(`a[href="/shared/partnership/`+pid+`"]`)),
		chromedp.WaitVisible(chromedp.ID("sent")),
	); err != nil {
		t.Fatalf("open the preview: %v", err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`main`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Meeting places against loneliness", "Malmö stad", "Loneliness among residents over 75"} {
		if !strings.Contains(text, want) {
			t.Fatalf("the preview lacks %q:\n%s", want, text)
		}
	}
	for _, leak := range []string{"Hemliga", "Anna Lindqvist", "anna.lindqvist@malmo.se"} {
		if strings.Contains(text, leak) {
			t.Fatalf("the preview shows %q:\n%s", leak, text)
		}
	}
	Screenshot(t, ctx, "01-preview-partnership")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`details.raw summary`)),
		chromedp.WaitVisible(chromedp.CSS(`details.raw pre`)),
	); err != nil {
		t.Fatalf("open the raw form: %v", err)
	}
	Screenshot(t, ctx, "02-preview-partnership-raw")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/shared/practice/"+pr.GetPractice().GetId()),
		chromedp.WaitVisible(chromedp.CSS(`p.nothing`)),
	); err != nil {
		t.Fatalf("the private practice's preview: %v", err)
	}
	Screenshot(t, ctx, "03-preview-private")

	// The hub page: nothing joined, the partnership waiting.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/hub"]`)),
		chromedp.WaitVisible(chromedp.ID("hub_addr")),
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("hub_addr-error")),
	); err != nil {
		t.Fatalf("an empty join: %v", err)
	}
	msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("hub_addr-error")))
	if err != nil || !strings.Contains(msg, "is required") {
		t.Fatalf("the address's error: %q, %v", msg, err)
	}
	Screenshot(t, ctx, "04-hub-join-error")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("hub_addr"), h.Addr),
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	); err != nil {
		t.Fatalf("join: %v", err)
	}
	Screenshot(t, ctx, "05-hub-pending")
	if _, err := h.Client(t).ApproveMember(bg, &hcnetv1.ApproveMemberRequest{CityId: n.CityID, Country: "se"}); err != nil {
		t.Fatalf("approve: %v", err)
	}
	row := `tbody tr:has(a[href="/shared/partnership/` + pid + `"])`
	poll.Within(t, time.Minute, "the partnership shows delivered", func() string {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/hub"), chromedp.WaitVisible(chromedp.ID("records"))); err != nil {
			return err.Error()
		}
		state, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(row+` .status`)))
		if err != nil {
			return err.Error()
		}
		if state != "Delivered" {
			return "its state: " + state
		}
		return ""
	})
	Screenshot(t, ctx, "06-hub-delivered")

	for _, page := range []struct{ name, path, wait string }{
		{"07-phone-hub", "/hub", `#hub_addr`},
		{"08-phone-preview-partnership", "/shared/partnership/" + pid, `#sent`},
		{"09-phone-preview-partner", "/shared/partner/" + op.GetPartner().GetId(), `p.nothing`},
	} {
		if err := chromedp.Do(ctx,
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
			chromedp.Navigate(srv.URL+page.path),
			chromedp.WaitVisible(chromedp.CSS(page.wait)),
		); err != nil {
			t.Fatalf("%s: %v", page.name, err)
		}
		Screenshot(t, ctx, page.name)
	}
}
