package browsertest

import (
	"context"
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

// TestRegionalHubMembersShowNetworks: on a regional hub's members page, a
// national network is a row with its cities under it, each city with
// its own reporting light and the records the network forwarded for it;
// a city that is the regional hub's own member stays a row of its own;
// on a desktop and on a phone, with no serious accessibility problem.
func TestRegionalHubMembersShowNetworks(t *testing.T) {
	bg := context.Background()
	regional := hubtest.StartWith(t, hub.InitOptions{ID: "eu-net", Name: "WHO European Healthy Cities Network", Level: hcnetv1.HubLevel_HUB_LEVEL_REGIONAL})
	national := hubtest.StartWith(t, hub.InitOptions{Parent: regional.Addr})
	poll.Within(t, time.Minute, "the national hub applies", func() bool {
		ms, err := regional.Client(t).ListMembers(bg, &hcnetv1.ListMembersRequest{})
		return err == nil && len(ms.GetMembers()) == 1 && ms.GetMembers()[0].GetHub()
	})
	if _, err := regional.Client(t).ApproveMember(bg, &hcnetv1.ApproveMemberRequest{CityId: "se-net", Country: "se", Hub: true}); err != nil {
		t.Fatal(err)
	}
	malmo := nodetest.Start(t)
	umea := nodetest.StartWith(t, nodetest.Options{CityID: "umea", Name: "Umeå", Country: "se"})
	for _, n := range []*nodetest.Node{malmo, umea} {
		member(t, national, n)
	}
	cph := nodetest.StartWith(t, nodetest.Options{CityID: "copenhagen", Name: "København", Country: "dk"})
	if _, err := cph.Client(t).JoinHub(bg, &hcnetv1.JoinHubRequest{HubAddr: regional.Addr}); err != nil {
		t.Fatal(err)
	}
	if _, err := regional.Client(t).ApproveMember(bg, &hcnetv1.ApproveMemberRequest{CityId: "copenhagen", Country: "dk"}); err != nil {
		t.Fatal(err)
	}

	plan := nodetest.HealthPlan("Malmö stads hälsoplan")
	plan.Visibility = hcnetv1.Visibility_VISIBILITY_PUBLIC
	if _, err := malmo.Client(t).CreateHealthPlan(bg, &hcnetv1.CreateHealthPlanRequest{HealthPlan: plan}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []*nodetest.Node{malmo, umea, cph} {
		p := nodetest.Practice("Meeting places against loneliness")
		p.Visibility = hcnetv1.Visibility_VISIBILITY_PUBLIC
		if _, err := n.Client(t).CreatePractice(bg, &hcnetv1.CreatePracticeRequest{Practice: p}); err != nil {
			t.Fatal(err)
		}
	}
	poll.Within(t, time.Minute, "the regional hub holds the four public records", func() bool {
		var n int
		if err := regional.Hub.Store.DB().Read.QueryRow(`SELECT count(*) FROM records WHERE kind IN ('practice', 'plan')`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 4
	})
	poll.Within(t, time.Minute, "the national hub vouches for both cities", func() bool {
		ms, err := regional.Client(t).ListMembers(bg, &hcnetv1.ListMembersRequest{})
		if err != nil {
			return false
		}
		for _, m := range ms.GetMembers() {
			if m.GetHub() && len(m.GetVouches()) == 2 {
				return true
			}
		}
		return false
	})

	srv := hubSite(t, regional)
	ctx := New(t, 3*time.Minute)
	source := AxeSource(t)
	var found axeFindings
	for _, w := range widths {
		setWidth(t, ctx, w)
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/members"), chromedp.WaitVisible(chromedp.CSS(`tr.network`))); err != nil {
			t.Fatalf("the members page at %d px: %v", w.w, err)
		}
		rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('tbody tr')].map(tr => tr.className + ': ' + (tr.querySelector('th a') || tr.querySelector('th')).textContent.trim())`))
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(rows, " | ")
		if !strings.Contains(got, "network: Healthy Cities Sweden | network-city: Malmö | network-city: Umeå") || !strings.Contains(got, ": København") {
			t.Errorf("rows at %d px: %s", w.w, got)
		}
		lights, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('tr.network-city .status')].map(s => s.textContent)`))
		if err != nil || strings.Join(lights, "|") != "Reporting|No adopted plan shared" {
			t.Errorf("the cities' lights at %d px: %q (%v)", w.w, lights, err)
		}
		Screenshot(t, ctx, "members-"+w.name)
		found.check(t, ctx, source, "/members", w)
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/report"), chromedp.WaitVisible(chromedp.CSS(`tr.network-city`))); err != nil {
			t.Fatalf("the report at %d px: %v", w.w, err)
		}
		Screenshot(t, ctx, "report-"+w.name)
		found.check(t, ctx, source, "/report", w)
	}
	found.report(t)
}
