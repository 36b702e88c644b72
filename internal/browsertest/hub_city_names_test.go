package browsertest

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestHubPagesCallCitiesByName: on a national hub's search and annual
// report, and on the regional hub's report for cities reached through
// the national hub, a coordinator reads "Malmö" and "Umeå", never their
// ids; the regional report's summary counts member networks, the cities
// through them and the cities reporting; in Swedish and Russian, on a
// desktop and on a phone, with no serious accessibility problem.
func TestHubPagesCallCitiesByName(t *testing.T) {
	bg := context.Background()
	regional := hubtest.StartWith(t, hub.InitOptions{ID: "eu-net", Name: "WHO European Healthy Cities Network", Level: hcnetv1.HubLevel_HUB_LEVEL_REGIONAL})
	national := hubtest.StartWith(t, hub.InitOptions{Parent: regional.Addr})
	poll.Within(t, time.Minute, "the national hub applies", func() bool {
		ms, err := regional.Client(t).ListMembers(bg, &hcnetv1.ListMembersRequest{})
		return err == nil && len(ms.GetMembers()) == 1
	})
	if _, err := regional.Client(t).ApproveMember(bg, &hcnetv1.ApproveMemberRequest{CityId: "se-net", Country: "se", Hub: true}); err != nil {
		t.Fatal(err)
	}
	malmo := nodetest.Start(t)
	umea := nodetest.StartWith(t, nodetest.Options{CityID: "umea", Name: "Umeå", Country: "se"})
	for _, n := range []*nodetest.Node{malmo, umea} {
		member(t, national, n)
		p := nodetest.Practice("Meeting places against loneliness")
		p.Visibility = hcnetv1.Visibility_VISIBILITY_PUBLIC
		if _, err := n.Client(t).CreatePractice(bg, &hcnetv1.CreatePracticeRequest{Practice: p}); err != nil {
			t.Fatal(err)
		}
	}
	plan := nodetest.HealthPlan("Malmö stads hälsoplan")
	plan.Visibility = hcnetv1.Visibility_VISIBILITY_PUBLIC
	if _, err := malmo.Client(t).CreateHealthPlan(bg, &hcnetv1.CreateHealthPlanRequest{HealthPlan: plan}); err != nil {
		t.Fatal(err)
	}
	poll.Within(t, time.Minute, "the regional hub holds the three public records and both vouches", func() bool {
		var n int
		if err := regional.Hub.Store.DB().Read.QueryRow(`SELECT count(*) FROM records WHERE kind IN ('practice', 'plan')`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		ms, err := regional.Client(t).ListMembers(bg, &hcnetv1.ListMembersRequest{})
		return err == nil && n == 3 && len(ms.GetMembers()) == 1 && len(ms.GetMembers()[0].GetVouches()) == 2
	})

	nat, reg := hubSite(t, national).URL, hubSite(t, regional).URL
	ctx := New(t, 4*time.Minute)
	source := AxeSource(t)
	var found axeFindings
	in := func(base, lang, path string) string {
		return base + "/lang?" + url.Values{"to": {lang}, "back": {path}}.Encode()
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll(`+"`"+sel+"`"+`)].map(e => e.textContent.trim()).join(' | ')`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, w := range widths {
		setWidth(t, ctx, w)
		for _, lang := range []string{"sv", "ru"} {
			for _, c := range []struct {
				name, base, path, wait, sel string
				want                        []string
			}{
				{"search", nat, "/search?q=loneliness", "ol.hits", "ol.hits p.muted, nav.facets a", []string{"Malmö (SE)", "Umeå (SE)", "| Malmö |", "| Umeå"}},
				{"report", nat, "/report", "#practices", "section[aria-labelledby=practices] li", []string{"— Malmö (SE)", "— Umeå (SE)"}},
				{"regional-report", reg, "/report", "tr.network-city", "#summary + ul.cards li, tr.network-city th, section[aria-labelledby=practices] li", []string{"Malmö (SE)", "Umeå (SE)"}},
			} {
				if err := chromedp.Do(ctx, chromedp.Navigate(in(c.base, lang, c.path)), chromedp.WaitVisible(chromedp.CSS(c.wait))); err != nil {
					t.Fatalf("%s in %s at %d px: %v", c.name, lang, w.w, err)
				}
				got := text(c.sel)
				for _, want := range c.want {
					if !strings.Contains(got, want) {
						t.Errorf("%s in %s at %d px lacks %q: %s", c.name, lang, w.w, want, got)
					}
				}
				for _, id := range []string{"malmo", "umea"} {
					if strings.Contains(got, id) {
						t.Errorf("%s in %s at %d px calls a city %q: %s", c.name, lang, w.w, id, got)
					}
				}
				if c.name == "regional-report" {
					summary := map[string]string{"sv": "1 medlemsnätverk | 2 städer via nätverken | 1 stad rapporterar",
						"ru": "1 сеть-участник | 2 города через сети-участники | 1 город отчитывается"}[lang]
					if !strings.Contains(got, summary) {
						t.Errorf("the regional summary in %s at %d px: %s", lang, w.w, got)
					}
				}
				Screenshot(t, ctx, c.name+"-"+lang+"-"+w.name)
				found.check(t, ctx, source, lang+" "+c.name, w)
			}
		}
	}
	found.report(t)
}
