package cli

import (
	"context"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// fakeHub answers the read RPCs with canned responses and keeps the last
// request, so a test sees what hcctl sent.
type fakeHub struct {
	hcnetv1.UnimplementedHubServiceServer
	last proto.Message
}

func (f *fakeHub) SearchPractices(_ context.Context, r *hcnetv1.SearchPracticesRequest) (*hcnetv1.SearchPracticesResponse, error) {
	f.last = r
	if r.GetQuery() == "everything" {
		return &hcnetv1.SearchPracticesResponse{TotalSize: 5000, TotalSizeIsLowerBound: true, RankedSize: 1000, FacetCountsAreLowerBound: true,
			Facets: []*hcnetv1.Facet{{Name: "sdg", Counts: []*hcnetv1.FacetCount{{Value: "3", Count: 812}}}},
			Hits:   []*hcnetv1.SearchHit{{Country: "se", CityId: "malmo", Kind: "practice", Id: "p1", Title: "Green roofs"}}}, nil
	}
	if r.GetQuery() == "AND OR" {
		return nil, errs.InvalidFields("", record.Violations{{Field: "query", Description: "cannot parse the query: syntax error"}})
	}
	return &hcnetv1.SearchPracticesResponse{TotalSize: 3, NextPageToken: "tok",
		Hits: []*hcnetv1.SearchHit{{Country: "se", CityId: "malmo", Kind: "practice", Id: "p1", Title: "Green roofs", Snippet: "[green] roofs"}}}, nil
}

func (f *fakeHub) GetRecord(_ context.Context, r *hcnetv1.GetRecordRequest) (*hcnetv1.GetRecordResponse, error) {
	f.last = r
	switch r.GetId() {
	case "p1":
		return &hcnetv1.GetRecordResponse{Record: &hcnetv1.HubRecord{Country: "se", CityId: "malmo", Kind: "practice", Id: "p1", Version: 2,
			Record: &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: &hcnetv1.Practice{OriginalLanguage: "sv"}}},
			Path: []*hcnetv1.Hop{{At: "se/malmo", Time: timestamppb.New(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))},
				{At: "se-net", Time: timestamppb.New(time.Date(2025, 6, 1, 12, 0, 1, 0, time.UTC))}}},
			AdoptedFrom: &hcnetv1.SearchHit{Country: "dk", CityId: "odense", Id: "p0", Title: "Mødesteder"},
			Adoptions: []*hcnetv1.SearchHit{{Country: "se", CityId: "lund", Id: "p2", Title: "Mötesplatser i Lund"},
				{Country: "fi", CityId: "turku", Id: "p3", Title: "Kohtaamispaikat"}}}, nil
	case "s1", "s2":
		e := &hcnetv1.SuccessEndorsements{PartnerCities: []string{"se/lund", "se/umea"}, EndorsedBy: []string{"se/lund"}}
		if r.GetId() == "s2" {
			e.EndorsedBy, e.Mutual = e.PartnerCities, true
		}
		return &hcnetv1.GetRecordResponse{Record: &hcnetv1.HubRecord{Country: "se", CityId: "malmo", Kind: "success", Id: r.GetId(), Version: 1,
			Record: &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Success{Success: &hcnetv1.Success{Title: "Meeting places"}}}},
			Endorsements: e}, nil
	}
	return nil, errs.E("", errs.NotFound, "no shared record %s on this hub", r.GetId())
}

func (f *fakeHub) GetStats(_ context.Context, r *hcnetv1.GetStatsRequest) (*hcnetv1.GetStatsResponse, error) {
	f.last = r
	return &hcnetv1.GetStatsResponse{Cities: 2, Practices: 5, MeanProgress: 0.375, Successes: 3, MutualSuccesses: 1,
		PartnershipsBy:     []*hcnetv1.CountBy{{Name: "level", Counts: []*hcnetv1.FacetCount{{Value: "across_sectors", Count: 2}}}},
		IndicatorsProgress: []*hcnetv1.IndicatorProgress{{Country: "se", CityId: "malmo", Name: "Smokers", Unit: "%", Baseline: 20, Target: 10, Latest: 15, LatestDate: "2025-01-01", Progress: 0.5}}}, nil
}

func (f *fakeHub) FindPartners(_ context.Context, r *hcnetv1.FindPartnersRequest) (*hcnetv1.FindPartnersResponse, error) {
	f.last = r
	return &hcnetv1.FindPartnersResponse{Candidates: []*hcnetv1.PartnerCandidate{{Country: "fi", CityId: "turku", Name: "Turku", Score: 5.5,
		Evidence: []*hcnetv1.SearchHit{{Kind: "practice", Id: "t1", Title: "School meals"}}}}}, nil
}

// startFakeHub serves f on a loopback port, mapping errors as the hub does.
func startFakeHub(t *testing.T, f *fakeHub) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := grpc.NewServer(grpc.UnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (any, error) {
		resp, err := h(ctx, req)
		return resp, errs.Status(ctx, slog.Default(), info.FullMethod, err)
	}))
	hcnetv1.RegisterHubServiceServer(srv, f)
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)
	return lis.Addr().String()
}

func TestHubReadCommands(t *testing.T) {
	f := &fakeHub{}
	addr := startFakeHub(t, f)
	for _, tc := range []struct {
		title   string
		args    []string
		env     map[string]string
		code    int
		stdout  []string
		stderr  []string
		request proto.Message // the request hcctl sent, when it matters
	}{
		{title: "search joins the words and parses the filters", args: []string{"--hub", addr, "search", "green", "roofs", "--sdg", "3,13",
			"--setting", "schools", "--country", "se", "--kind", "practice", "--page-size", "5"},
			stdout: []string{"CITY", "se/malmo", "Green roofs", "[green] roofs"}, stderr: []string{"3 results", "--page-token tok"},
			request: &hcnetv1.SearchPracticesRequest{Query: "green roofs", PageSize: 5, Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{3, 13},
				Settings: []hcnetv1.Setting{hcnetv1.Setting_SETTING_SCHOOLS}, Countries: []string{"se"}, Kinds: []string{"practice"}}}},
		{title: "a total that is a lower bound says so", args: []string{"--hub", addr, "search", "everything"},
			stderr: []string{"at least 5000 results (ranked among the newest 1000; narrow the search to reach older ones)"}},
		{title: "counts that are lower bounds say so as json", args: []string{"--hub", addr, "search", "everything", "-o", "json"},
			stdout: []string{`"totalSizeIsLowerBound": true`, `"facetCountsAreLowerBound": true`, `"rankedSize": "1000"`}},
		{title: "the hub from the environment", args: []string{"search", "x"}, env: map[string]string{"HCNET_HUB": addr}, stdout: []string{"p1"}},
		{title: "a bad setting is a usage error", args: []string{"--hub", addr, "search", "--setting", "beach"}, code: exitUsage, stderr: []string{"--setting", "schools"}},
		{title: "a query the hub cannot parse", args: []string{"--hub", addr, "search", "AND", "OR"}, code: exitError, stderr: []string{"query: cannot parse the query"}},
		{title: "get", args: []string{"--hub", addr, "get", "p1"}, stdout: []string{"se/malmo", "originalLanguage",
			"path:", "se/malmo  2025-06-01 12:00:00 UTC\n", "se-net    2025-06-01 12:00:01 UTC\n",
			`adopted from:`, `dk/odense/p0 "Mødesteder"`, `adoptions:`, `se/lund/p2 "Mötesplatser i Lund"` + "\n", `fi/turku/p3 "Kohtaamispaikat"`}},
		{title: "get a success endorsed by some", args: []string{"--hub", addr, "get", "s1"},
			stdout: []string{"partner cities:", "se/lund, se/umea", "endorsed by:", "mutual:", "no: 1 of 2 partner cities endorsed it"}},
		{title: "get a mutual success", args: []string{"--hub", addr, "get", "s2"}, stdout: []string{"endorsed by:", "se/lund, se/umea", "yes: every partner city endorsed it"}},
		{title: "get a mutual success as json", args: []string{"--hub", addr, "get", "s2", "-o", "json"}, stdout: []string{`"mutual"`, `"endorsedBy"`}},
		{title: "get json", args: []string{"--hub", addr, "get", "p1", "-o", "json"}, stdout: []string{`"cityId"`, `"malmo"`}},
		{title: "get missing", args: []string{"--hub", addr, "get", "nope"}, code: exitError, stderr: []string{"not found"}},
		{title: "stats of a city", args: []string{"--hub", addr, "stats", "--city", "malmo", "--country", "se"},
			stdout:  []string{"cities:", "mutual successes:", "partnerships by level:", "across_sectors=2", "0.50 (baseline 20, target 10, latest 15% on 2025-01-01)", "mean progress:", "0.38"},
			request: &hcnetv1.GetStatsRequest{CityId: "malmo", Country: "se"}},
		{title: "stats csv", args: []string{"--hub", addr, "stats", "-o", "csv"}, stdout: []string{"statistic,value", "cities,2"}},
		{title: "find partners", args: []string{"--hub", addr, "find-partners", "--topic", "meals", "--sdg", "2", "--setting", "schools", "--limit", "3"},
			stdout:  []string{"fi/turku", "Turku", "5.50", `practice t1 "School meals"`},
			request: &hcnetv1.FindPartnersRequest{Topic: "meals", SdgGoal: 2, Setting: hcnetv1.Setting_SETTING_SCHOOLS, Limit: 3}},
		{title: "an unreachable hub", args: []string{"--hub", "127.0.0.1:1", "stats"}, code: exitError, stderr: []string{"cannot reach the hub", "127.0.0.1:1"}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			f.last = nil
			r := runWith(t, tc.env, append([]string{"hub"}, tc.args...)...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tc.code, r.stdout, r.stderr)
			}
			// protojson varies the space after a colon on purpose, so
			// output is compared with the spaces after colons removed.
			compact := strings.NewReplacer(":  ", ":", ": ", ":").Replace(r.stdout)
			for _, s := range tc.stdout {
				if !strings.Contains(r.stdout, s) && !strings.Contains(compact, strings.NewReplacer(": ", ":").Replace(s)) {
					t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
				}
			}
			for _, s := range tc.stderr {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
				}
			}
			if tc.request != nil && !proto.Equal(f.last, tc.request) {
				t.Errorf("request %v, want %v", f.last, tc.request)
			}
		})
	}
}
