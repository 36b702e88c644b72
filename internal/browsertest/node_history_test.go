package browsertest

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/internal/accounts"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestNodeHistoryNamesTheEditor: an editor records a measurement in the
// browser; the indicator's History then lists it under the editor's
// name above the creation made with the admin token, at desktop and
// phone width.
func TestNodeHistoryNamesTheEditor(t *testing.T) {
	n := nodetest.Start(t)
	srv, acc := accountSite(t, n)
	bg := context.Background()
	if _, err := acc.Add(bg, "ed", accounts.Editor, "password ed"); err != nil {
		t.Fatal(err)
	}
	api := n.Client(t)
	plan, err := api.CreateHealthPlan(bg, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Malmö health plan 2024–2030")})
	if err != nil {
		t.Fatal(err)
	}
	p := plan.GetHealthPlan()
	ind, err := api.CreateIndicator(bg, &hcnetv1.CreateIndicatorRequest{Indicator: nodetest.Indicator(p.GetId(), p.GetGoals()[0].GetId(), "Older people who often feel lonely")})
	if err != nil {
		t.Fatal(err)
	}
	page := srv.URL + "/indicators/" + ind.GetIndicator().GetId()

	ctx := New(t, 2*time.Minute)
	signInAs(t, ctx, srv.URL, "ed", "password ed")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.ID("value")),
		chromedp.SendKeys(chromedp.ID("value"), "17,2"),
		chromedp.Click(chromedp.CSS(`main form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#history ~ .table-wrap tbody tr:nth-child(2)`)),
	); err != nil {
		t.Fatalf("record a measurement: %v", err)
	}
	var rows []string
	for i := 1; i <= 2; i++ {
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#history ~ .table-wrap tbody tr:nth-child(`+strconv.Itoa(i)+`)`)))
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, strings.Join(strings.Fields(text), " "))
	}
	if !strings.Contains(rows[0], "ed measurement recorded 2") || !strings.Contains(rows[1], "admin token created 1") {
		t.Fatalf("history rows %q: want the editor's measurement above the creation", rows)
	}
	Screenshot(t, ctx, "desktop-indicator-history")

	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.ID("history")),
	); err != nil {
		t.Fatalf("phone: %v", err)
	}
	Screenshot(t, ctx, "phone-indicator-history")
}
