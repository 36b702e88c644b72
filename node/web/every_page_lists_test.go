package web

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// TestPlanListsFollowEveryPage: with pages of two records, the plans
// list, a plan's page and its delete page still name every plan and
// every indicator, down to the first stored, which the API returns last.
func TestPlanListsFollowEveryPage(t *testing.T) {
	was := listPageSize
	listPageSize = 2
	t.Cleanup(func() { listPageSize = was })
	s := startSite(t)
	s.signIn(t)
	ctx := context.Background()

	var plans []string
	for i := range 5 {
		res, err := s.api.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan(fmt.Sprintf("Plan number %d", i))})
		if err != nil {
			t.Fatal(err)
		}
		plans = append(plans, res.GetHealthPlan().GetId())
	}
	first := plans[0]
	var inds []string
	for i := range 5 {
		res, err := s.api.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: nodetest.Indicator(first, "", fmt.Sprintf("Measure number %d", i))})
		if err != nil {
			t.Fatal(err)
		}
		inds = append(inds, res.GetIndicator().GetId())
	}
	// The API itself pages at two: the pages must follow the tokens.
	one, err := s.api.ListIndicators(ctx, &hcnetv1.ListIndicatorsRequest{PlanId: first, PageSize: listPageSize})
	if err != nil || len(one.GetIndicators()) != 2 || one.GetNextPageToken() == "" {
		t.Fatalf("a page of two: %v, %v", one, err)
	}

	code, page := s.get(t, "/plans")
	if code != http.StatusOK {
		t.Fatalf("plans: %d", code)
	}
	for i, id := range plans {
		mustContain(t, page, `href="/plans/`+id+`"`, fmt.Sprintf("Plan number %d", i))
	}
	code, page = s.get(t, "/plans/"+first)
	if code != http.StatusOK {
		t.Fatalf("plan: %d", code)
	}
	for i, id := range inds {
		mustContain(t, page, `href="/indicators/`+id+`"`, fmt.Sprintf("Measure number %d", i))
	}
	_, page = s.get(t, "/plans/"+first+"/delete")
	for i, id := range inds {
		mustContain(t, page, `<a href="/indicators/`+id+`">Indicator “Measure number `+fmt.Sprint(i)+`”</a>`)
	}
}

// TestListsAskThroughEveryPage: the pages call a list RPC that answers a
// page at a time only through everyPage, so no list stops after its
// first page. The RPCs that answer in one piece (a record's history, cut
// on purpose; deliveries) may be called anywhere.
func TestListsAskThroughEveryPage(t *testing.T) {
	service := hcnetv1.File_hcnet_v1_city_service_proto.Services().ByName("CityService")
	call := regexp.MustCompile(`\.(List[A-Za-z]+)\(`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "every_page.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			for _, m := range call.FindAllStringSubmatch(line, -1) {
				method := service.Methods().ByName(protoreflect.Name(m[1]))
				if method == nil {
					continue
				}
				calls++
				if method.Output().Fields().ByName("next_page_token") != nil {
					t.Errorf("%s:%d reads one page of %s: %s", f, i+1, m[1], strings.TrimSpace(line))
				}
			}
		}
	}
	if calls == 0 {
		t.Fatal("found no list call at all: the scan is broken")
	}
}
