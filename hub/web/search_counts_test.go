package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
)

// countingHub answers every search with res, and the hub's name, which
// every page asks for.
type countingHub struct {
	hcnetv1.HubServiceClient
	res *hcnetv1.SearchPracticesResponse
}

func (c countingHub) SearchPractices(context.Context, *hcnetv1.SearchPracticesRequest, ...grpc.CallOption) (*hcnetv1.SearchPracticesResponse, error) {
	return c.res, nil
}

func (countingHub) GetHub(context.Context, *hcnetv1.GetHubRequest, ...grpc.CallOption) (*hcnetv1.GetHubResponse, error) {
	return &hcnetv1.GetHubResponse{Name: "Healthy Cities Sverige"}, nil
}

// ListMembers answers that the hub has no member, for the names of the
// cities a page shows.
func (countingHub) ListMembers(context.Context, *hcnetv1.ListMembersRequest, ...grpc.CallOption) (*hcnetv1.ListMembersResponse, error) {
	return &hcnetv1.ListMembersResponse{}, nil
}

func searchPage(t *testing.T, res *hcnetv1.SearchPracticesResponse, path string) string {
	t.Helper()
	h, err := New(countingHub{res: res}, Options{Log: slog.New(slog.NewTextHandler(testWriter{t}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d\n%s", path, resp.StatusCode, b)
	}
	return string(b)
}

// A count the hub gives as a lower bound reads "at least" on the page:
// the total, and each facet count when the facets are lower bounds; an
// exact count reads as it is.
func TestSearchPageMarksLowerBounds(t *testing.T) {
	facets := []*hcnetv1.Facet{{Name: "sdg", Counts: []*hcnetv1.FacetCount{{Value: "3", Count: 812}}}}
	hit := &hcnetv1.SearchHit{Country: "se", CityId: "malmo", Kind: "practice", Id: "p1", Title: "Walking groups"}
	page := searchPage(t, &hcnetv1.SearchPracticesResponse{Hits: []*hcnetv1.SearchHit{hit}, TotalSize: 5000,
		TotalSizeIsLowerBound: true, Facets: facets, FacetCountsAreLowerBound: true, RankedSize: 1000}, "/search?q=walking")
	mustContain(t, page, "At least 5,000 results", `<span aria-hidden="true">≥ </span><span class="visually-hidden">at least </span>812`,
		"Ranked among the newest 1,000.", "Filter counts are of the newest results only")

	page = searchPage(t, &hcnetv1.SearchPracticesResponse{Hits: []*hcnetv1.SearchHit{hit}, TotalSize: 1000000, Facets: facets}, "/search")
	mustContain(t, page, "1,000,000 results", ">812</span>")
	for _, lower := range []string{"At least", "≥", "at least", "Ranked among"} {
		if strings.Contains(page, lower) {
			t.Errorf("exact counts, yet the page says %q", lower)
		}
	}
}
