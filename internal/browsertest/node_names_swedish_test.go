package browsertest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestNodeNamesAndRefusalsInSwedish: a Swedish officer reads records
// named by their Swedish titles and cities by their names (a success's
// "Named by", the delete confirmations, a practice in the language the
// reader reads it in), the node's refusals of a record
// of another kind and of a hub address without a port in Swedish, and
// the upload limit in Swedish units, at desktop and phone widths, with
// nothing axe-core calls serious.
func TestNodeNamesAndRefusalsInSwedish(t *testing.T) {
	n := nodetest.Start(t)
	srv := nodeSite(t, n)
	api := n.Client(t)
	bg := context.Background()
	partner, err := api.CreatePartner(bg, &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner("Region Skåne")})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := api.CreatePartnership(bg, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Walking groups for older people", partner.GetPartner().GetId())})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := api.CreateHealthPlan(bg, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Malmö health plan 2024–2032")})
	if err != nil {
		t.Fatal(err)
	}
	planID := plan.GetHealthPlan().GetId()
	sc := nodetest.Success("Loneliness down by a third in Rosengård", ps.GetPartnership().GetId())
	sc.OriginalLanguage = "en"
	sc.Translations = map[string]*hcnetv1.Translation{"sv": {Fields: map[string]string{"title": "Ensamheten minskade med en tredjedel i Rosengård"}}}
	res, err := api.CreateSuccess(bg, &hcnetv1.CreateSuccessRequest{Success: sc})
	if err != nil {
		t.Fatal(err)
	}
	id := res.GetSuccess().GetId()
	own := nodetest.Endorsement(id)
	own.Success.Country, own.Success.CityId = "se", "malmo"
	en, err := api.CreateEndorsement(bg, &hcnetv1.CreateEndorsementRequest{Endorsement: own})
	if err != nil {
		t.Fatal(err)
	}
	eid := en.GetEndorsement().GetId()
	pr := nodetest.Practice("Walking groups")
	pr.PartnershipIds = []string{ps.GetPartnership().GetId()}
	if _, err := api.CreatePractice(bg, &hcnetv1.CreatePracticeRequest{Practice: pr}); err != nil {
		t.Fatal(err)
	}
	sheet := filepath.Join(t.TempDir(), "partnerskap.csv")
	writeFile(t, sheet, "id,title,level,status,visibility\n"+planID+",Promenader,across_sectors,active,network\n")

	source := AxeSource(t)
	ctx := New(t, 4*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/lang?to=sv&back=%2Fsuccesses")); err != nil {
		t.Fatal(err)
	}
	const named = "Bekräftelse av ”Ensamheten minskade med en tredjedel i Rosengård” från Malmö"
	var found axeFindings
	for _, w := range widths {
		setWidth(t, ctx, w)
		shot := func(page, name string) {
			t.Helper()
			if page != "" {
				if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+page), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
					t.Fatalf("open %s: %v", page, err)
				}
			}
			found.check(t, ctx, source, "sv "+name, w)
			Screenshot(t, ctx, "sv-"+w.name+"-"+name)
		}
		shot("/successes/"+id, "success")
		if got := text(t, ctx, "main"); !strings.Contains(got, named) {
			t.Fatalf("%s: the success's page names the endorsement otherwise: %q", w.name, got)
		}
		shot("/successes/"+id+"/delete", "success-delete")
		if got := text(t, ctx, "main ul"); got != named {
			t.Fatalf("%s: the success's delete confirmation lists %q", w.name, got)
		}
		shot("/endorsements/"+eid+"/delete", "endorsement-delete")
		if got := text(t, ctx, "main h1"); got != "Radera bekräftelse ”Ensamheten minskade med en tredjedel i Rosengård (Malmö)”" {
			t.Fatalf("%s: the endorsement's delete confirmation is headed %q", w.name, got)
		}
		shot("/partnerships/"+ps.GetPartnership().GetId()+"/delete", "partnership-delete")
		if got := text(t, ctx, "main ul"); got != "Gott exempel ”Promenadgrupper för äldre” Framgång ”Ensamheten minskade med en tredjedel i Rosengård”" {
			t.Fatalf("%s: the partnership's delete confirmation lists %q", w.name, got)
		}
		shot("/spreadsheets/partnerships/upload", "upload-form")
		if got := text(t, ctx, "#file-hint"); !strings.Contains(got, "Högst 16 MB.") {
			t.Fatalf("%s: the upload hint: %q", w.name, got)
		}
		uploadFile(t, ctx, sheet, `#problems-caption`)
		if got := text(t, ctx, "main table"); !strings.Contains(got, planID+" är av typen hälsoplan på den här noden") {
			t.Fatalf("%s: the upload's problems: %q", w.name, got)
		}
		shot("", "upload-problems")
		if err := chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/hub"),
			chromedp.WaitVisible(chromedp.ID("hub_addr")),
			chromedp.SendKeys(chromedp.ID("hub_addr"), "hub.example.se"),
			chromedp.Submit(chromedp.ID("hub_addr")),
			chromedp.WaitVisible(chromedp.ID("hub_addr-error")),
		); err != nil {
			t.Fatalf("%s: join a hub without a port: %v", w.name, err)
		}
		if got := text(t, ctx, "#hub_addr-error"); !strings.Contains(got, `"hub.example.se" är inte på formen värd:port`) {
			t.Fatalf("%s: next to the hub address: %q", w.name, got)
		}
		shot("", "hub-join-error")
	}
	found.report(t)
}
