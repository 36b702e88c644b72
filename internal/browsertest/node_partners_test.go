package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestNodePartnerAddListEditDelete adds a partner through the form, finds
// it in the list, edits it, and deletes it after the confirmation page,
// with screenshots of the list and the form at desktop and phone width.
func TestNodePartnerAddListEditDelete(t *testing.T) {
	n := nodetest.Start(t)
	api := n.Client(t)
	srv := nodeSite(t, n)
	ctx := New(t, 2*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)

	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`nav a[href="/partners"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a.button[href="/partners/new"]`)),
		chromedp.Click(chromedp.CSS(`a.button[href="/partners/new"]`)),
		chromedp.WaitVisible(chromedp.ID("organisation")),
		chromedp.SendKeys(chromedp.ID("organisation"), "Röda korset Malmö"),
		chromedp.SetValue(chromedp.ID("kind"), "ngo"),
		chromedp.SetValue(chromedp.ID("sector"), "social_services"),
		chromedp.SendKeys(chromedp.ID("description"), "Runs meeting places for older people."),
		chromedp.SendKeys(chromedp.ID("website"), "https://redcross.example.se"),
		chromedp.SetValue(chromedp.ID("visibility"), "private"),
		chromedp.SendKeys(chromedp.ID("contact_name"), "Åsa Öberg"),
		chromedp.SendKeys(chromedp.ID("contact_email"), "asa.oberg@example.se"),
	); err != nil {
		t.Fatalf("fill the partner form: %v", err)
	}
	Screenshot(t, ctx, "01-partner-form")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	); err != nil {
		t.Fatalf("save the partner: %v", err)
	}
	list, err := api.ListPartners(context.Background(), &hcnetv1.ListPartnersRequest{})
	if err != nil || len(list.GetPartners()) != 1 {
		t.Fatalf("stored partners: %v, %v", list, err)
	}
	id := list.GetPartners()[0].GetId()
	if got := list.GetPartners()[0].GetContact().GetEmail(); got != "asa.oberg@example.se" {
		t.Fatalf("stored contact e-mail: %q", got)
	}

	// Listed, with its kind, sector and visibility in words.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/partners"),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/partners/`+id+`"]`)),
	); err != nil {
		t.Fatalf("the list: %v", err)
	}
	row, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`tbody tr`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Röda korset Malmö", "ngo", "social services", "private"} {
		if !strings.Contains(row, want) {
			t.Fatalf("the list's row %q lacks %q", row, want)
		}
	}
	Screenshot(t, ctx, "02-partners")

	// Edit: open it from the list, change the sector and visibility.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="/partners/`+id+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/partners/`+id+`/edit"]`)),
		chromedp.Click(chromedp.CSS(`a[href="/partners/`+id+`/edit"]`)),
		chromedp.WaitVisible(chromedp.ID("organisation")),
		chromedp.SetValue(chromedp.ID("sector"), "health"),
		chromedp.SetValue(chromedp.ID("visibility"), "network"),
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`dl.record`)),
	); err != nil {
		t.Fatalf("edit the partner: %v", err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`dl.record`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(shown, "health") || !strings.Contains(shown, "network") {
		t.Fatalf("the partner's page after the edit: %q", shown)
	}

	// Delete: the confirmation page first, then the partner is gone.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="/partners/`+id+`/delete"]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/partners/`+id+`/delete"] button[type=submit]`)),
	); err != nil {
		t.Fatalf("open the confirmation: %v", err)
	}
	if _, err := api.GetPartner(context.Background(), &hcnetv1.GetPartnerRequest{Id: id}); err != nil {
		t.Fatalf("the confirmation page deleted the partner: %v", err)
	}
	Screenshot(t, ctx, "03-partner-delete")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/partners/`+id+`/delete"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	); err != nil {
		t.Fatalf("confirm the delete: %v", err)
	}
	if _, err := api.GetPartner(context.Background(), &hcnetv1.GetPartnerRequest{Id: id}); status.Code(err) != codes.NotFound {
		t.Fatalf("after the delete: %v, want NotFound", err)
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('tbody tr').length`))
	if err != nil || rows != 0 {
		t.Fatalf("the list after the delete has %d rows (%v)", rows, err)
	}

	// The phone width, with a partner in the list again.
	if _, err := api.CreatePartner(context.Background(), &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner("Malmö stad, Hälsa- vård- och omsorgsförvaltningen")}); err != nil {
		t.Fatal(err)
	}
	for _, page := range []struct{ name, path, wait string }{
		{"04-phone-partners", "/partners", `tbody tr`},
		{"05-phone-partner-form", "/partners/new", `#organisation`},
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
