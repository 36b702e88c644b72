package browsertest

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestPartnerRoleAskedOnceTicked opens a partnership's form on a phone:
// an unticked partner shows no role field, ticking it brings the field,
// and the role typed there is saved with the partner.
func TestPartnerRoleAskedOnceTicked(t *testing.T) {
	n := nodetest.Start(t)
	api := n.Client(t)
	var partners []string
	for _, org := range []string{"Kupittaan asukasyhdistys", "Kupittaan koulu", "Turun kaupunki"} {
		p, err := api.CreatePartner(context.Background(), &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner(org)})
		if err != nil {
			t.Fatal(err)
		}
		partners = append(partners, p.GetPartner().GetId())
	}
	srv := nodeSite(t, n)
	ctx := New(t, 2*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)
	setWidth(t, ctx, widths[1])

	shown := func(id string) bool {
		t.Helper()
		visible, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`getComputedStyle(document.getElementById('role_`+id+`').parentElement).display !== 'none'`))
		if err != nil {
			t.Fatal(err)
		}
		return visible
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/partnerships/new"),
		chromedp.WaitVisible(chromedp.ID("title")),
	); err != nil {
		t.Fatal(err)
	}
	for _, id := range partners {
		if shown(id) {
			t.Fatalf("the role of unticked partner %s is shown", id)
		}
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[name=partners][value="`+partners[1]+`"]`)),
		chromedp.WaitVisible(chromedp.ID("role_"+partners[1])),
		chromedp.SendKeys(chromedp.ID("role_"+partners[1]), "runs the morning walks"),
	); err != nil {
		t.Fatalf("tick and give a role: %v", err)
	}
	if shown(partners[0]) || shown(partners[2]) {
		t.Fatal("ticking one partner showed another's role")
	}
	Screenshot(t, ctx, "partner-role-ticked-390")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("title"), "Liikkuva Kupittaa"),
		chromedp.SetValue(chromedp.ID("level"), "across_sectors"),
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	); err != nil {
		t.Fatalf("save: %v", err)
	}
	list, err := api.ListPartnerships(context.Background(), &hcnetv1.ListPartnershipsRequest{})
	if err != nil || len(list.GetPartnerships()) != 1 {
		t.Fatalf("partnerships: %v, %v", list, err)
	}
	got := list.GetPartnerships()[0].GetPartners()
	if len(got) != 1 || got[0].GetPartnerId() != partners[1] || got[0].GetRole() != "runs the morning walks" {
		t.Fatalf("saved partners: %v", got)
	}
}
