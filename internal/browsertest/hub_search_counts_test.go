package browsertest

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	hubweb "github.com/hcnet/hcnet/hub/web"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
)

// boundedHub answers every search as a hub of a million practices
// answers a common word: a total and facet counts that are lower bounds.
type boundedHub struct{ hcnetv1.HubServiceClient }

func (boundedHub) GetHub(context.Context, *hcnetv1.GetHubRequest, ...grpc.CallOption) (*hcnetv1.GetHubResponse, error) {
	return &hcnetv1.GetHubResponse{Name: "Healthy Cities Sverige"}, nil
}

// ListMembers answers as a hub with no members: the page then calls the
// hits' cities by their ids.
func (boundedHub) ListMembers(context.Context, *hcnetv1.ListMembersRequest, ...grpc.CallOption) (*hcnetv1.ListMembersResponse, error) {
	return &hcnetv1.ListMembersResponse{}, nil
}

func (boundedHub) SearchPractices(context.Context, *hcnetv1.SearchPracticesRequest, ...grpc.CallOption) (*hcnetv1.SearchPracticesResponse, error) {
	counts := func(vs ...any) []*hcnetv1.FacetCount {
		var out []*hcnetv1.FacetCount
		for i := 0; i < len(vs); i += 2 {
			out = append(out, &hcnetv1.FacetCount{Value: vs[i].(string), Count: int64(vs[i+1].(int))})
		}
		return out
	}
	return &hcnetv1.SearchPracticesResponse{TotalSize: 5000, TotalSizeIsLowerBound: true, FacetCountsAreLowerBound: true, RankedSize: 1000,
		NextPageToken: "next",
		Facets: []*hcnetv1.Facet{
			{Name: "sdg", Counts: counts("3", 812, "11", 540, "10", 233)},
			{Name: "setting", Counts: counts("schools", 301, "communities", 288)},
			{Name: "country", Counts: counts("se", 1000)},
			{Name: "city", Counts: counts("malmo", 512, "lund", 488)},
		},
		Hits: []*hcnetv1.SearchHit{
			{Country: "se", CityId: "malmo", Kind: "practice", Id: "p1", Title: "Walking groups for older residents", Languages: []string{"sv", "en"},
				Snippet: "Weekly [walking] groups that meet at the library"},
			{Country: "se", CityId: "lund", Kind: "practice", Id: "p2", Title: "Walking to school", Languages: []string{"sv"},
				Snippet: "Children [walking] to school together"},
		}}, nil
}

// TestHubSearchLowerBounds shows a search whose counts are lower bounds
// at both widths: the total and each facet count read "at least", and
// axe-core finds nothing serious.
func TestHubSearchLowerBounds(t *testing.T) {
	source := AxeSource(t)
	w, err := hubweb.New(boundedHub{}, hubweb.Options{Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w)
	t.Cleanup(srv.Close)
	ctx := New(t, 2*time.Minute)
	for _, wd := range widths {
		setWidth(t, ctx, wd)
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/search?q=walking"), chromedp.WaitVisible(chromedp.ID("results"))); err != nil {
			t.Fatalf("search: %v", err)
		}
		heading, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("results")))
		if !strings.Contains(heading, "At least 5,000 results") {
			t.Errorf("%s: results heading %q", wd.name, heading)
		}
		facets, _ := chromedp.Run(ctx, chromedp.Text("nav.facets"))
		// The mark is seen (≥) and read aloud ("at least", hidden).
		if !strings.Contains(strings.Join(strings.Fields(facets), " "), "SDG 3 ≥ at least 812") {
			t.Errorf("%s: facets %q lack the mark of a lower bound", wd.name, facets)
		}
		Screenshot(t, ctx, "search-lower-bounds-"+wd.name)
		vs, err := Axe(ctx, source)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			if v.Blocking() {
				t.Errorf("%s: %s", wd.name, v)
			} else {
				t.Logf("%s (not blocking): %s", wd.name, v)
			}
		}
	}
}
