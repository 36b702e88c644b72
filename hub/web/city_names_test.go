package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// namingHub is a regional hub's read side: a member network vouching for
// cities, a direct member, and the city profiles it holds. It counts the
// calls that name cities.
type namingHub struct {
	hcnetv1.HubServiceClient
	profiles []*hcnetv1.SearchHit
	members  []*hcnetv1.Member

	mu                    sync.Mutex
	profileAsks, listAsks int
}

func (n *namingHub) SearchPractices(_ context.Context, r *hcnetv1.SearchPracticesRequest, _ ...grpc.CallOption) (*hcnetv1.SearchPracticesResponse, error) {
	f := r.GetFilter()
	if !slices.Equal(f.GetKinds(), []string{"city"}) {
		return &hcnetv1.SearchPracticesResponse{}, nil
	}
	n.mu.Lock()
	n.profileAsks++
	n.mu.Unlock()
	var hits []*hcnetv1.SearchHit
	for _, p := range n.profiles {
		if slices.Contains(f.GetCountries(), p.GetCountry()) && slices.Contains(f.GetCities(), p.GetCityId()) {
			hits = append(hits, p)
		}
	}
	return &hcnetv1.SearchPracticesResponse{Hits: hits, TotalSize: int64(len(hits))}, nil
}

func (n *namingHub) ListMembers(context.Context, *hcnetv1.ListMembersRequest, ...grpc.CallOption) (*hcnetv1.ListMembersResponse, error) {
	n.mu.Lock()
	n.listAsks++
	n.mu.Unlock()
	return &hcnetv1.ListMembersResponse{Members: n.members}, nil
}

func (n *namingHub) GetStats(context.Context, *hcnetv1.GetStatsRequest, ...grpc.CallOption) (*hcnetv1.GetStatsResponse, error) {
	return &hcnetv1.GetStatsResponse{}, nil
}

func (n *namingHub) GetHub(context.Context, *hcnetv1.GetHubRequest, ...grpc.CallOption) (*hcnetv1.GetHubResponse, error) {
	return &hcnetv1.GetHubResponse{Name: "WHO European Healthy Cities Network"}, nil
}

func newNamingHub() *namingHub {
	approved := hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED
	return &namingHub{
		// Lund shares a profile calling itself otherwise than the
		// network attested; Malmö shares none.
		profiles: []*hcnetv1.SearchHit{{Country: "se", CityId: "lund", Id: "lund", Kind: "city", Title: "Lunds kommun"}},
		members: []*hcnetv1.Member{
			{Country: "se", CityId: "se-net", Name: "Healthy Cities Sverige", Hub: true, Status: approved, Vouches: []*hcnetv1.Vouch{
				{CityId: "malmo", CityName: "Malmö"}, {CityId: "lund", CityName: "Lund"}, {CityId: "umea"},
				{CityId: "goteborg", CityName: "Göteborg"}}},
			{Country: "dk", CityId: "copenhagen", Name: "København", Status: approved},
		},
	}
}

// A city is called by its shared profile, else by the name it was
// approved with, else by the name its network attested, else by its id;
// all the cities a page names are asked for at once.
func TestCityNamesComeFromProfilesMembersAndAttestations(t *testing.T) {
	fake := newNamingHub()
	h, err := New(fake, Options{Log: slog.New(slog.NewTextHandler(testWriter{t}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	keys := []cityKey{{"se", "lund"}, {"se", "malmo"}, {"dk", "copenhagen"}, {"se", "umea"}, {"se", "kiruna"}, {"se", "malmo"}}
	names, err := h.nameCities(context.Background(), keys, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		title, country, city, want string
		profiled                   bool
	}{
		{"a shared profile wins over the attested name", "se", "lund", "Lunds kommun", true},
		{"the attested name of a network's city", "se", "malmo", "Malmö", false},
		{"the name a direct member was approved with", "dk", "copenhagen", "København", false},
		{"an attestation naming none leaves the id", "se", "umea", "umea", false},
		{"a city the hub does not know keeps its id", "se", "kiruna", "kiruna", false},
		{"the same id in another country is another city", "dk", "lund", "lund", false},
	} {
		if got := names.of(c.country, c.city); got != c.want {
			t.Errorf("%s: %s/%s is called %q, want %q", c.title, c.country, c.city, got, c.want)
		}
		if got := names.profiled[cityKey{c.country, c.city}]; got != c.profiled {
			t.Errorf("%s: %s/%s profiled %v, want %v", c.title, c.country, c.city, got, c.profiled)
		}
	}
	if fake.profileAsks != 1 || fake.listAsks != 1 {
		t.Errorf("naming %d cities asked for profiles %d times and for members %d times, want once each", len(keys), fake.profileAsks, fake.listAsks)
	}
	// A facet counts cities by id alone.
	if got := names.ofID("malmo"); got != "Malmö" {
		t.Errorf("ofID(malmo) = %q", got)
	}
	if got := names.ofID("nowhere"); got != "nowhere" {
		t.Errorf("ofID(nowhere) = %q", got)
	}
	// Cities named already are not asked for again.
	if err := names.add(context.Background(), h, keys[:3], nil); err != nil {
		t.Fatal(err)
	}
	if fake.profileAsks != 1 || fake.listAsks != 1 {
		t.Errorf("naming named cities again asked the hub (%d, %d)", fake.profileAsks, fake.listAsks)
	}
}

// The regional report's summary says what it counts: the member networks,
// the cities through them, the hub's own member cities, the cities
// reporting; and a network city its attestation did not name is called
// by its profile.
func TestRegionalReportSummaryCountsNetworksAndCities(t *testing.T) {
	fake := newNamingHub()
	// Lund's attestation is an older one, naming no city.
	fake.members[0].Vouches[1].CityName = ""
	h, err := New(fake, Options{Log: slog.New(slog.NewTextHandler(testWriter{t}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	for lang, wants := range map[string][]string{
		"en": {`<span class="n">1</span> member network<`, `<span class="n">4</span> cities through the member networks`,
			`<span class="n">1</span> direct member city<`, `<span class="n">0</span> cities reporting`},
		"ru": {`<span class="n">1</span> сеть-участник<`, `<span class="n">4</span> города через сети-участники`,
			`<span class="n">1</span> город — прямой участник<`, `<span class="n">0</span> городов отчитываются`},
	} {
		code, page := getIn(t, srv.URL, lang, "/report")
		if code != http.StatusOK {
			t.Fatalf("%s /report: %d\n%s", lang, code, page)
		}
		mustContain(t, page, wants...)
		if strings.Contains(page, "member application") || strings.Contains(page, "заяв") {
			t.Errorf("%s: the summary still counts member applications beside reporting cities", lang)
		}
		mustContain(t, page, "Lunds kommun (SE)", "Malmö (SE)")
		if strings.Contains(page, "lund (SE)") {
			t.Errorf("%s: a network city is called by its id", lang)
		}
	}
}

// The search page's hits and city facet, and the annual report's list of
// practices and its indicator chart, call the member city by its name,
// in every language; ids stay in links and in the CSV's id column.
func TestSearchAndReportCallCitiesByName(t *testing.T) {
	nw := startNetwork(t)
	for _, lang := range []string{"en", "sv"} {
		_, search := getIn(t, nw.srv.URL, lang, "/search?q=walking")
		mustContain(t, search, `Malmö (SE) · `, `>Malmö</a>`, `/search?city=malmo&amp;q=walking`)
		_, filtered := getIn(t, nw.srv.URL, lang, "/search?city=malmo")
		mustContain(t, filtered, `: Malmö ✕</a>`)
		_, report := getIn(t, nw.srv.URL, lang, "/report")
		mustContain(t, report, `</a> — Malmö (SE)</li>`, `Malmö: Loneliness among residents 75+`)
		_, stats := getIn(t, nw.srv.URL, lang, "/stats")
		mustContain(t, stats, "Malmö: Loneliness among residents 75+")
		for what, page := range map[string]string{"search": search, "filtered search": filtered, "report": report, "stats": stats} {
			for _, id := range []string{"malmo (SE)", ">malmo<", "malmo:", "malmo ✕"} {
				if strings.Contains(page, id) {
					t.Errorf("%s %s calls the city %q", lang, what, id)
				}
			}
		}
	}
	_, _, table := nw.get(t, "/report.csv")
	mustContain(t, table, "\nse,malmo,Malmö,")
}

// The statistics of one city name it as every other page does: by its
// shared profile, else by its member or attested name, else by its id.
func TestStatsOfOneCityNameIt(t *testing.T) {
	fake := newNamingHub()
	h, err := New(fake, Options{Log: slog.New(slog.NewTextHandler(testWriter{t}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	for _, c := range []struct{ lang, city, want, wrong string }{
		{"en", "se/lund", "What Lunds kommun (SE) shares with the hub.", "lund (SE)"},
		{"en", "se/malmo", "What Malmö (SE) shares with the hub.", "malmo (SE)"},
		{"en", "dk/copenhagen", "What København (DK) shares with the hub.", "copenhagen (DK)"},
		{"sv", "se/malmo", "Det som Malmö (SE) delar med hubben.", "malmo (SE)"},
		{"en", "se/kiruna", "What kiruna (SE) shares with the hub.", ""},
	} {
		code, page := getIn(t, srv.URL, c.lang, "/stats?city="+c.city)
		if code != http.StatusOK {
			t.Fatalf("%s /stats?city=%s: %d\n%s", c.lang, c.city, code, page)
		}
		mustContain(t, page, c.want)
		if c.wrong != "" && strings.Contains(page, c.wrong) {
			t.Errorf("%s /stats?city=%s calls the city %q", c.lang, c.city, c.wrong)
		}
	}
}

// unlistedHub is a hub whose member list cannot be read.
type unlistedHub struct{ *namingHub }

func (u unlistedHub) ListMembers(context.Context, *hcnetv1.ListMembersRequest, ...grpc.CallOption) (*hcnetv1.ListMembersResponse, error) {
	u.mu.Lock()
	u.listAsks++
	u.mu.Unlock()
	return nil, status.Error(codes.Unavailable, "membership store closed")
}

// lockedLog is a log the pages' server goroutines write while the test
// reads it.
type lockedLog struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// A member list the hub cannot read costs a page its member and attested
// names, not the page: cities with a shared profile keep their names,
// the others are called by their ids, and the failure is logged once
// however often the page names cities.
func TestCityNamesWithoutTheMemberList(t *testing.T) {
	fake := unlistedHub{newNamingHub()}
	log := &lockedLog{}
	h, err := New(fake, Options{Log: slog.New(slog.NewTextHandler(log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	const line = "the member list could not be read"
	names, err := h.nameCities(context.Background(), []cityKey{{"se", "lund"}, {"se", "malmo"}}, nil)
	if err != nil {
		t.Fatalf("naming cities failed with the member list: %v", err)
	}
	if got := names.of("se", "malmo"); got != "malmo" {
		t.Errorf("without the member list malmo is called %q, want its id", got)
	}
	if got := names.of("se", "lund"); got != "Lunds kommun" {
		t.Errorf("without the member list Lund's profile name is lost: %q", got)
	}
	// The same page naming more cities neither asks again nor logs again.
	if err := names.add(context.Background(), h, []cityKey{{"dk", "copenhagen"}}, nil); err != nil {
		t.Fatal(err)
	}
	if got := names.of("dk", "copenhagen"); got != "copenhagen" {
		t.Errorf("copenhagen is called %q, want its id", got)
	}
	if fake.listAsks != 1 {
		t.Errorf("one page asked for the unreadable member list %d times, want once", fake.listAsks)
	}
	if got := strings.Count(log.String(), line); got != 1 {
		t.Errorf("the failure is logged %d times, want once:\n%s", got, log.String())
	}
	if !strings.Contains(log.String(), "membership store closed") {
		t.Errorf("the log does not say why:\n%s", log.String())
	}

	// A page shows, in any language, with the city called by its id.
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	for lang, want := range map[string]string{"en": "What malmo (SE) shares with the hub.", "sv": "Det som malmo (SE) delar med hubben."} {
		before := strings.Count(log.String(), line)
		code, page := getIn(t, srv.URL, lang, "/stats?city=se/malmo")
		if code != http.StatusOK {
			t.Fatalf("%s /stats?city=se/malmo without the member list: %d\n%s", lang, code, page)
		}
		mustContain(t, page, want)
		if got := strings.Count(log.String(), line) - before; got != 1 {
			t.Errorf("%s: the page logged the failure %d times, want once:\n%s", lang, got, log.String())
		}
	}
}
