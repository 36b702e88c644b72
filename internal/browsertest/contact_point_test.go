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

// TestContactPointFromNodeToHub: an officer makes a named person the
// city's published contact point in the profile form, is stopped next to
// the agreement box until they tick it, and the hub's partner finder,
// city page and practice page then show how to reach the city and the
// practice, with mailto links and never the private coordinator; at
// desktop and phone width, each page checked with axe-core.
func TestContactPointFromNodeToHub(t *testing.T) {
	source := AxeSource(t)
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n)
	loadSample(t, n)
	delivered(t, h, n)
	node, hub := nodeSite(t, n), hubSite(t, h)
	ctx := New(t, 5*time.Minute)
	var f axeFindings
	setWidth(t, ctx, widths[0])
	signIn(t, ctx, node.URL, n.Token)

	if err := chromedp.Do(ctx,
		chromedp.Navigate(node.URL+"/city/edit"),
		chromedp.WaitVisible(chromedp.ID("contact-point")),
	); err != nil {
		t.Fatalf("open the profile form: %v", err)
	}
	Screenshot(t, ctx, "02-node-city-form")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`input[name=cp_kind][value=person]`))); err != nil {
		t.Fatalf("choose a named person: %v", err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`for (const [id, v] of [["cp_name", "Ingrid Svensson"], ["cp_role", "Healthy Cities coordinator"],
		["cp_email", "ingrid.svensson@malmo.example.se"], ["cp_url", ""]]) document.getElementById(id).value = v; true`)); err != nil {
		t.Fatalf("fill in the person: %v", err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`div.actions button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("cp_agreed-error")),
	); err != nil {
		t.Fatalf("a named person without the agreement ticked: %v", err)
	}
	if msg := text(t, ctx, "#cp_agreed-error"); !strings.Contains(msg, "only once they agreed") {
		t.Fatalf("next to the agreement: %q", msg)
	}
	Screenshot(t, ctx, "03-node-city-refused")
	f.check(t, ctx, source, "/city/edit (a person who did not agree)", widths[0])
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("cp_agreed")),
		chromedp.Click(chromedp.CSS(`div.actions button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="mailto:ingrid.svensson@malmo.example.se"]`)),
	); err != nil {
		t.Fatalf("save with the agreement: %v", err)
	}
	Screenshot(t, ctx, "04-node-city")
	f.check(t, ctx, source, "/city", widths[0])

	api := n.Client(t)
	city, err := api.GetCity(context.Background(), &hcnetv1.GetCityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	private := city.GetCity().GetCoordinator().GetEmail()
	if private == "" || city.GetCity().GetContactPoint().GetAgreedDate() == "" {
		t.Fatalf("the profile: %v", city.GetCity())
	}
	practice := ""
	list, err := api.ListPractices(context.Background(), &hcnetv1.ListPracticesRequest{PageSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list.GetPractices() {
		if p.GetContactPoint() != nil {
			practice = p.GetId()
		}
	}
	if practice == "" {
		t.Fatal("the sample city has no practice with a contact point")
	}
	poll.Within(t, time.Minute, "the hub holds the new contact point", func() bool {
		rec, err := h.Client(t).GetRecord(context.Background(), &hcnetv1.GetRecordRequest{Id: "se/" + n.CityID + "/" + n.CityID})
		return err == nil && rec.GetRecord().GetRecord().GetCity().GetContactPoint().GetName() == "Ingrid Svensson"
	})

	pages := []struct{ name, path, wait string }{
		{"partners", "/partners?topic=walking", `address.contact-point a[href="mailto:ingrid.svensson@malmo.example.se"]`},
		{"city", "/cities/se/" + n.CityID, `#contact + address.contact-point a[href="mailto:ingrid.svensson@malmo.example.se"]`},
		{"practice", "/records/se/" + n.CityID + "/" + practice, `#contact + address.contact-point a[href^="mailto:"]`},
	}
	for _, w := range widths {
		setWidth(t, ctx, w)
		if w.w < 600 {
			for _, p := range []string{"/city/edit", "/city"} {
				if err := chromedp.Do(ctx, chromedp.Navigate(node.URL+p), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
					t.Fatal(err)
				}
				Screenshot(t, ctx, "05-node"+strings.ReplaceAll(p, "/", "-")+"-phone")
				f.check(t, ctx, source, p, w)
			}
		}
		for i, p := range pages {
			if err := chromedp.Do(ctx, chromedp.Navigate(hub.URL+p.path), chromedp.WaitVisible(chromedp.CSS(p.wait))); err != nil {
				t.Fatalf("%s at %d px: %v", p.path, w.w, err)
			}
			html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(html, private) {
				t.Errorf("%s shows the private coordinator's %s", p.path, private)
			}
			Screenshot(t, ctx, "1"+string(rune('0'+i))+"-hub-"+p.name+"-"+w.name)
			f.check(t, ctx, source, p.path, w)
		}
	}
	f.report(t)
}
