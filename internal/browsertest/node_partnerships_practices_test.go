package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestNodePartnershipWithRolesAndFunding fills a partnership's form with
// partners and their roles, adds a second funding source's row with
// "Add another" (no JavaScript involved), saves it by pressing Enter in
// a field, and finds every value on the partnership's page, at desktop
// and phone width.
func TestNodePartnershipWithRolesAndFunding(t *testing.T) {
	n := nodetest.Start(t)
	api := n.Client(t)
	bg := context.Background()
	var partners []string
	for _, org := range []string{"Malmö stad", "Hyresgästföreningen Rosengård"} {
		p, err := api.CreatePartner(bg, &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner(org)})
		if err != nil {
			t.Fatal(err)
		}
		partners = append(partners, p.GetPartner().GetId())
	}
	srv := nodeSite(t, n)
	ctx := New(t, 2*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)

	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/partnerships/new"),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SendKeys(chromedp.ID("title"), "Gröna gårdar i Rosengård"),
		chromedp.SetValue(chromedp.ID("visibility"), "public"),
		chromedp.SetValue(chromedp.ID("level"), "across_sectors"),
		chromedp.Click(chromedp.CSS(`input[name=partners][value="`+partners[0]+`"]`)),
		chromedp.SendKeys(chromedp.ID("role_"+partners[0]), "lead"),
		chromedp.Click(chromedp.CSS(`input[name=partners][value="`+partners[1]+`"]`)),
		chromedp.SendKeys(chromedp.ID("role_"+partners[1]), "provides courtyards"),
		chromedp.Click(chromedp.CSS(`input[name=phc_linked][value=yes]`)),
		chromedp.SendKeys(chromedp.ID("phc_services-0"), "Rosengård health centre"),
		chromedp.SendKeys(chromedp.ID("funding_sources-0"), "EU Interreg"),
		chromedp.Click(chromedp.CSS(`input[name="row:add:funding_sources"]`)),
		chromedp.WaitVisible(chromedp.ID("funding_sources-1")),
	); err != nil {
		t.Fatalf("fill the partnership form and add a row: %v", err)
	}
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[document.getElementById('title').value,
		document.getElementById('role_`+partners[1]+`').value, document.getElementById('funding_sources-0').value].join('|')`))
	if err != nil || kept != "Gröna gårdar i Rosengård|provides courtyards|EU Interreg" {
		t.Fatalf("after adding a row the form holds %q (%v)", kept, err)
	}
	if n, _ := api.ListPartnerships(bg, &hcnetv1.ListPartnershipsRequest{}); n.GetTotalSize() != 0 {
		t.Fatal("adding a row saved the partnership")
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("funding_sources-1"), "Region Skåne grant"),
		chromedp.SendKeys(chromedp.ID("decision_makers-0"), "city council"),
	); err != nil {
		t.Fatalf("fill the new row: %v", err)
	}
	Screenshot(t, ctx, "01-partnership-form")
	// Enter in a field saves: the hidden first button is the form's default.
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("participatory_platform"), "district health council\r"),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	); err != nil {
		t.Fatalf("save with Enter: %v", err)
	}
	list, err := api.ListPartnerships(bg, &hcnetv1.ListPartnershipsRequest{})
	if err != nil || len(list.GetPartnerships()) != 1 {
		t.Fatalf("stored partnerships: %v, %v", list, err)
	}
	p := list.GetPartnerships()[0]
	roles := map[string]string{}
	for _, m := range p.GetPartners() {
		roles[m.GetPartnerId()] = m.GetRole()
	}
	if len(p.GetPartners()) != 2 || roles[partners[0]] != "lead" || roles[partners[1]] != "provides courtyards" ||
		strings.Join(p.GetFundingSources(), "|") != "EU Interreg|Region Skåne grant" || !p.GetPrimaryHealthCare().GetLinked() ||
		p.GetParticipatoryPlatform() != "district health council" {
		t.Fatalf("stored partnership: %v", p)
	}

	page := srv.URL + "/partnerships/" + p.GetId()
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`a[href="/partnerships/`+p.GetId()+`"]`)),
		chromedp.WaitVisible(chromedp.ID("history")),
	); err != nil {
		t.Fatalf("open the partnership's page from the dashboard: %v", err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`dl.record`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Malmö stad — lead", "Hyresgästföreningen Rosengård — provides courtyards", "EU Interreg", "Region Skåne grant", "Rosengård health centre", "city council"} {
		if !strings.Contains(shown, want) {
			t.Fatalf("the partnership's page lacks %q:\n%s", want, shown)
		}
	}
	Screenshot(t, ctx, "02-partnership-page")

	for _, ph := range []struct{ name, path, wait string }{
		{"03-phone-partnership-page", page, `#history`},
		{"04-phone-partnership-form", page + "/edit", `#funding_sources-2`},
		{"05-phone-partnership-delete", page + "/delete", `form[action$="/delete"] button`},
	} {
		if err := chromedp.Do(ctx,
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
			chromedp.Navigate(ph.path),
			chromedp.WaitVisible(chromedp.CSS(ph.wait)),
		); err != nil {
			t.Fatalf("%s: %v", ph.name, err)
		}
		Screenshot(t, ctx, ph.name)
	}
}

// TestNodePracticeWithTranslation adds an English translation to a
// Swedish practice from its page, edits it, and sees both languages
// listed, at desktop and phone width.
func TestNodePracticeWithTranslation(t *testing.T) {
	n := nodetest.Start(t)
	api := n.Client(t)
	bg := context.Background()
	pr := nodetest.Practice("Walking groups")
	delete(pr.Texts, "en")
	res, err := api.CreatePractice(bg, &hcnetv1.CreatePracticeRequest{Practice: pr})
	if err != nil {
		t.Fatal(err)
	}
	id := res.GetPractice().GetId()
	srv := nodeSite(t, n)
	ctx := New(t, 2*time.Minute)
	signIn(t, ctx, srv.URL, n.Token)

	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/practices"),
		chromedp.Click(chromedp.CSS(`a[href="/practices/`+id+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/practices/`+id+`/translations/new"]`)),
		chromedp.Click(chromedp.CSS(`a[href="/practices/`+id+`/translations/new"]`)),
		chromedp.WaitVisible(chromedp.ID("language")),
		chromedp.SendKeys(chromedp.ID("language"), "en"),
		chromedp.SendKeys(chromedp.ID("title"), "Walking groups for older people"),
		chromedp.SendKeys(chromedp.ID("summary"), "Walks led by volunteers twice a week."),
	); err != nil {
		t.Fatalf("fill the translation form: %v", err)
	}
	Screenshot(t, ctx, "01-translation-form")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/practices/`+id+`/translations/en/edit"]`)),
		chromedp.Click(chromedp.CSS(`a[href="/practices/`+id+`/translations/en/edit"]`)),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SetValue(chromedp.ID("title"), "Walking groups"),
		chromedp.Click(chromedp.CSS(`form.stack button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice`)),
	); err != nil {
		t.Fatalf("add and edit the translation: %v", err)
	}
	texts, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`section[aria-labelledby=texts] tbody`)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(texts, "Swedish (sv)") || !strings.Contains(texts, "English (en)") || !strings.Contains(texts, "Walking groups") {
		t.Fatalf("the practice's texts: %q", texts)
	}
	got, err := api.GetPractice(bg, &hcnetv1.GetPracticeRequest{Id: id})
	if err != nil || got.GetPractice().GetTexts()["en"].GetTitle() != "Walking groups" || got.GetPractice().GetOriginalLanguage() != "sv" {
		t.Fatalf("stored practice: %v, %v", got.GetPractice(), err)
	}
	Screenshot(t, ctx, "02-practice-page")

	page := srv.URL + "/practices/" + id
	for _, ph := range []struct{ name, path, wait string }{
		{"03-phone-practice-page", page, `#history`},
		{"04-phone-translation-form", page + "/translations/en/edit", `#title`},
		{"05-phone-practice-form", page + "/edit", `#contact_name-0`},
		{"06-phone-translation-remove", page + "/translations/en/remove", `form[action$="/remove"] button`},
	} {
		if err := chromedp.Do(ctx,
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
			chromedp.Navigate(ph.path),
			chromedp.WaitVisible(chromedp.CSS(ph.wait)),
		); err != nil {
			t.Fatalf("%s: %v", ph.name, err)
		}
		Screenshot(t, ctx, ph.name)
	}
}
