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

// TestNodeSuccessesAndSheetsInSwedishAndRussian: an officer who chose
// Swedish, then Russian, sees the successes, endorsements and
// spreadsheets pages, a form's problems and an upload's problems in that
// language, at desktop and phone widths, with nothing axe-core calls
// serious.
func TestNodeSuccessesAndSheetsInSwedishAndRussian(t *testing.T) {
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
	sc, err := api.CreateSuccess(bg, &hcnetv1.CreateSuccessRequest{Success: nodetest.Success("Loneliness down by a third in Rosengård", ps.GetPartnership().GetId())})
	if err != nil {
		t.Fatal(err)
	}
	id := sc.GetSuccess().GetId()
	en, err := api.CreateEndorsement(bg, &hcnetv1.CreateEndorsementRequest{Endorsement: nodetest.Endorsement("01JCPHSXCCESS0000000000000")})
	if err != nil {
		t.Fatal(err)
	}
	eid := en.GetEndorsement().GetId()
	dir := t.TempDir()
	bad := filepath.Join(dir, "partners-2025.csv")
	writeFile(t, bad, "organisation,kind,sector,visibility\nRöda korset,ngo,health,network\nLunds universitet,academy,education,everyone\n")
	good := filepath.Join(dir, "partners-2025-fixed.csv")
	writeFile(t, good, "organisation,kind,sector,visibility\nRöda korset,ngo,health,network\nLunds universitet,academia,education,network\n")

	source := AxeSource(t)
	ctx := New(t, 4*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)
	var found axeFindings
	for _, lang := range []struct{ code, heading, problems, ready string }{
		{"sv", "Framgångar", "partners-2025.csv har 2 problem. Inget sparades.", "partners-2025-fixed.csv är klar att sparas"},
		{"ru", "Успехи", "В partners-2025.csv 2 проблемы. Ничего не сохранено.", "partners-2025-fixed.csv готов к сохранению"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/lang?to="+lang.code+"&back=%2Fsuccesses")); err != nil {
			t.Fatal(err)
		}
		if got := text(t, ctx, "main h1"); got != lang.heading {
			t.Fatalf("%s: the successes page is headed %q", lang.code, got)
		}
		for _, w := range widths {
			setWidth(t, ctx, w)
			shot := func(page, name string) {
				t.Helper()
				if page != "" {
					if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+page), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
						t.Fatalf("open %s: %v", page, err)
					}
				}
				found.check(t, ctx, source, lang.code+" "+name, w)
				Screenshot(t, ctx, lang.code+"-"+w.name+"-"+name)
			}
			shot("/successes", "successes")
			shot("/successes/"+id, "success")
			shot("/successes/new", "success-form")
			// A partner city line the page cannot read, and no title.
			if err := chromedp.Do(ctx,
				chromedp.SendKeys(chromedp.ID("partner_cities"), "Copenhagen"),
				chromedp.Click(chromedp.CSS(`main form.stack button[type=submit]`)),
				chromedp.WaitVisible(chromedp.ID("error-summary")),
			); err != nil {
				t.Fatalf("%s: post the success form: %v", lang.code, err)
			}
			if s := text(t, ctx, "#error-summary"); !strings.Contains(s, map[string]string{"sv": "Partnerstäder: rad 1", "ru": "Города-партнёры: строка 1"}[lang.code]) {
				t.Fatalf("%s: the form's problems: %q", lang.code, s)
			}
			shot("", "success-form-errors")
			shot("/endorsements", "endorsements")
			shot("/endorsements/"+eid, "endorsement")
			shot("/endorsements/new?country=dk&city=copenhagen&success=01JCPHSXCCESS0000000000000", "endorsement-form")
			shot("/spreadsheets", "spreadsheets")
			shot("/spreadsheets/partners/upload", "upload-form")
			uploadFile(t, ctx, bad, `#problems-caption`)
			if s := text(t, ctx, "#error-summary h2"); s != lang.problems {
				t.Fatalf("%s: the upload's problems are headed %q", lang.code, s)
			}
			shot("", "upload-problems")
			uploadFile(t, ctx, good, `main .notice form button[type=submit]`)
			if s := text(t, ctx, "main .notice h2"); s != lang.ready {
				t.Fatalf("%s: a good file is headed %q", lang.code, s)
			}
			shot("", "upload-ready")
		}
		setWidth(t, ctx, widths[0])
	}
	found.report(t)
}
