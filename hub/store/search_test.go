package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/search"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/errs"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
)

// fixture is a hub store filled through Apply, as ingest fills it, with
// a clock that ticks a second per call so arrival order is exact.
type fixture struct {
	t        testing.TB
	store    *Store
	clock    time.Time
	keys     map[string]nkeys.KeyPair
	versions map[string]int64
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{t: t, store: st, clock: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC),
		keys: map[string]nkeys.KeyPair{}, versions: map[string]int64{}}
	st.now = func() time.Time { f.clock = f.clock.Add(time.Second); return f.clock }
	return f
}

// put shares a record from a city ("se/malmo"), signed now.
func (f *fixture) put(origin, kind, id string, rec *hcnetv1.SharedRecord) {
	f.t.Helper()
	f.putSigned(origin, kind, id, rec, f.clock)
}

// putSigned shares a record signed at a given time.
func (f *fixture) putSigned(origin, kind, id string, rec *hcnetv1.SharedRecord, signed time.Time) {
	f.t.Helper()
	country, city, _ := strings.Cut(origin, "/")
	kp := f.keys[origin]
	if kp == nil {
		var err error
		if kp, err = nkeys.CreateUser(); err != nil {
			f.t.Fatal(err)
		}
		f.keys[origin] = kp
	}
	f.versions[origin+"/"+id]++
	h := &hcnetv1.EnvelopeHeader{OriginCountry: country, OriginCity: city, Kind: kind, Id: id,
		Version: f.versions[origin+"/"+id], Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK}
	env, err := envelope.Seal(kp, h, rec, signed)
	if err != nil {
		f.t.Fatal(err)
	}
	b, err := proto.Marshal(env)
	if err != nil {
		f.t.Fatal(err)
	}
	sealed, err := envelope.PeekHeader(env)
	if err != nil {
		f.t.Fatal(err)
	}
	res, err := f.store.Apply(context.Background(), []Incoming{{
		Subject: fmt.Sprintf("hcnet.rec.%s.%s.%s.%s", country, city, kind, id), Envelope: b, Header: sealed, Record: rec}})
	if err != nil || res.Upserted != 1 {
		f.t.Fatalf("apply %s/%s: %+v, %v", origin, id, res, err)
	}
}

// text is one language of a practice: title, summary, body.
type text [3]string

// practice builds a shared practice, valid as a node would write it;
// original is the first language given.
func practice(original string, texts map[string]text, tags ...any) *hcnetv1.SharedRecord {
	p := &hcnetv1.Practice{Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK, Status: hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
		OriginalLanguage: original, Texts: map[string]*hcnetv1.PracticeText{}, Sdg: &hcnetv1.SdgTags{}}
	for l, t := range texts {
		p.Texts[l] = &hcnetv1.PracticeText{Title: t[0], Summary: t[1], Body: t[2]}
	}
	for _, tag := range tags {
		switch v := tag.(type) {
		case int:
			p.Sdg.Goals = append(p.Sdg.Goals, int32(v))
		case hcnetv1.Setting:
			p.Settings = append(p.Settings, v)
		case hcnetv1.Sector:
			p.Sectors = append(p.Sectors, v)
		case hcnetv1.Mechanism:
			p.Mechanisms = append(p.Mechanisms, v)
		}
	}
	return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Practice{Practice: p}}
}

func en(title, summary, body string) map[string]text {
	return map[string]text{"en": {title, summary, body}}
}

func partnership(title string, level hcnetv1.PartnershipLevel, status hcnetv1.PartnershipStatus, tags ...any) *hcnetv1.SharedRecord {
	p := &hcnetv1.Partnership{Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK, Title: title, Level: level, Status: status, Sdg: &hcnetv1.SdgTags{}}
	for _, tag := range tags {
		switch v := tag.(type) {
		case int:
			p.Sdg.Goals = append(p.Sdg.Goals, int32(v))
		case hcnetv1.Setting:
			p.Settings = append(p.Settings, v)
		case hcnetv1.Sector:
			p.Sectors = append(p.Sectors, v)
		case hcnetv1.Mechanism:
			p.Mechanisms = append(p.Mechanisms, v)
		}
	}
	return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Partnership{Partnership: &hcnetv1.SharedPartnership{Partnership: p}}}
}

// searchFixture is a small network: practices from three cities in
// three languages, and a partnership.
func searchFixture(t testing.TB) *fixture {
	t.Helper()
	f := newFixture(t)
	f.put("se/malmo", "practice", "p-roofs", practice("sv", map[string]text{
		"sv": {"Gröna tak i Malmö", "Gröna tak mot värmeböljor", "Staden planterar sedum på skolornas tak."},
		"en": {"Green roofs in Malmö", "Green roofs against heat waves", "The city plants sedum on school roofs."},
	}, 13, 3, hcnetv1.Setting_SETTING_SCHOOLS, hcnetv1.Sector_SECTOR_ENVIRONMENT, hcnetv1.Mechanism_MECHANISM_HOLISTIC_APPROACH))
	f.put("se/malmo", "practice", "p-lonely", practice("sv", map[string]text{
		"sv": {"Mötesplatser för äldre", "Träffpunkter mot ensamhet", "Varje stadsdel har en mötesplats."},
	}, 3, hcnetv1.Setting_SETTING_COMMUNITIES, hcnetv1.Sector_SECTOR_HEALTH))
	f.put("fi/turku", "practice", "p-school-meals", practice("en", en("School meals", "Healthy school meals for every pupil",
		"Kitchens cook with local food; the roofs of the school are not green."), 2, 3, hcnetv1.Setting_SETTING_SCHOOLS, hcnetv1.Sector_SECTOR_EDUCATION))
	f.put("fi/turku", "practice", "p-walk", practice("en", en("Walking to school", "Safe routes so children walk",
		"Green streets and crossings near every school."), 3, 11, hcnetv1.Setting_SETTING_SCHOOLS, hcnetv1.Sector_SECTOR_TRANSPORT,
		hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP))
	f.put("de/koeln", "practice", "p-cafe", practice("de", map[string]text{
		"de": {"Café für Ältere", "Begegnung gegen Einsamkeit", "Ein Café in jedem Viertel."},
	}, 3, hcnetv1.Setting_SETTING_COMMUNITIES, hcnetv1.Sector_SECTOR_SOCIAL_SERVICES))
	f.put("se/malmo", "partnership", "ps-green", partnership("Green roofs alliance", hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS,
		hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE, 13, hcnetv1.Sector_SECTOR_ENVIRONMENT))
	return f
}

func ids(hits []*hcnetv1.SearchHit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.GetId()
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func TestSearchFinds(t *testing.T) {
	f := searchFixture(t)
	for _, tc := range []struct {
		title string
		query string
		filt  *hcnetv1.SearchFilter
		want  []string // in order when ordered
		order bool
	}{
		{title: "diacritics folded in the query", query: "malmo", want: []string{"p-roofs"}},
		{title: "diacritics folded in the text", query: "gröna", want: []string{"p-roofs"}},
		{title: "a word in another language than the original", query: "heat", want: []string{"p-roofs"}},
		{title: "phrase matches adjacent words only", query: `"green roofs"`, want: []string{"p-roofs"}},
		{title: "words anywhere", query: "green roofs", want: []string{"p-roofs", "p-school-meals"}},
		{title: "prefix", query: "einsam*", want: []string{"p-cafe"}},
		{title: "OR", query: "ensamhet OR einsamkeit", want: []string{"p-cafe", "p-lonely"}},
		{title: "NOT", query: "school NOT meals", want: []string{"p-roofs", "p-walk"}},
		{title: "column filter", query: "title:school", want: []string{"p-school-meals", "p-walk"}},
		{title: "no query lists newest first", want: []string{"p-cafe", "p-walk", "p-school-meals", "p-lonely", "p-roofs"}, order: true},
		{title: "sdg filter", filt: &hcnetv1.SearchFilter{SdgGoals: []int32{11, 13}}, want: []string{"p-walk", "p-roofs"}, order: true},
		{title: "setting and sector", filt: &hcnetv1.SearchFilter{Settings: []hcnetv1.Setting{hcnetv1.Setting_SETTING_SCHOOLS},
			Sectors: []hcnetv1.Sector{hcnetv1.Sector_SECTOR_EDUCATION, hcnetv1.Sector_SECTOR_TRANSPORT}}, want: []string{"p-walk", "p-school-meals"}, order: true},
		{title: "mechanism", filt: &hcnetv1.SearchFilter{Mechanisms: []hcnetv1.Mechanism{hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP}}, want: []string{"p-walk"}},
		{title: "country", query: "school", filt: &hcnetv1.SearchFilter{Countries: []string{"fi"}}, want: []string{"p-school-meals", "p-walk"}},
		{title: "city", filt: &hcnetv1.SearchFilter{Cities: []string{"koeln", "malmo"}}, want: []string{"p-cafe", "p-lonely", "p-roofs"}, order: true},
		{title: "practices unless kinds say otherwise", query: "alliance"},
		{title: "kinds", query: "green", filt: &hcnetv1.SearchFilter{Kinds: []string{"partnership"}}, want: []string{"ps-green"}},
		{title: "query and filter together", query: "green", filt: &hcnetv1.SearchFilter{SdgGoals: []int32{11}}, want: []string{"p-walk"}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			resp, err := f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Query: tc.query, Filter: tc.filt})
			if err != nil {
				t.Fatal(err)
			}
			got := ids(resp.GetHits())
			if !tc.order {
				got, tc.want = sorted(got), sorted(tc.want)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("hits %v, want %v", got, tc.want)
			}
			if resp.GetTotalSize() != int64(len(tc.want)) {
				t.Errorf("total %d, want %d", resp.GetTotalSize(), len(tc.want))
			}
		})
	}
}

func TestSearchRanksAndHighlights(t *testing.T) {
	f := newFixture(t)
	f.put("se/malmo", "practice", "once", practice("en", en("Parks", "Parks for all", "A word on loneliness.")))
	f.put("se/malmo", "practice", "title", practice("en", en("Loneliness among older people", "Against loneliness", "Loneliness meeting points.")))
	f.put("se/malmo", "practice", "none", practice("en", en("Bicycles", "Bike lanes", "Lanes.")))
	f.put("se/lund", "practice", "translated", practice("sv", map[string]text{
		"sv": {"Ensamhet bland äldre", "Träffpunkter", "Mötesplatser."},
		"en": {"Loneliness among the old", "Meeting points", "Meeting places in every district."},
	}))
	resp, err := f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Query: "loneliness"})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(resp.GetHits()); len(got) != 3 || got[0] != "title" {
		t.Errorf("ranked %v, want title (the word in its title) first", got)
	}
	for _, h := range resp.GetHits() {
		if !strings.Contains(strings.ToLower(h.GetSnippet()), "[loneliness]") {
			t.Errorf("%s: snippet %q does not bracket the match", h.GetId(), h.GetSnippet())
		}
		if h.GetId() == "translated" && h.GetTitle() != "Loneliness among the old" {
			t.Errorf("translated: title %q, want the English one that matched", h.GetTitle())
		}
	}
	resp, err = f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Query: "ensamhet"})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.GetHits()) != 1 || resp.GetHits()[0].GetTitle() != "Ensamhet bland äldre" || !slices.Equal(resp.GetHits()[0].GetLanguages(), []string{"en", "sv"}) {
		t.Errorf("got %v, want the Swedish title and both languages", resp.GetHits())
	}
}

func TestSearchFacets(t *testing.T) {
	f := searchFixture(t)
	resp, err := f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Query: "school OR äldre OR ältere"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, fc := range resp.GetFacets() {
		var parts []string
		for _, c := range fc.GetCounts() {
			parts = append(parts, fmt.Sprintf("%s=%d", c.GetValue(), c.GetCount()))
		}
		got[fc.GetName()] = strings.Join(parts, " ")
	}
	want := map[string]string{
		"sdg":       "3=5 2=1 11=1 13=1",
		"mechanism": "holistic_approach=1 step_by_step=1",
		"sector":    "education=1 environment=1 health=1 social_services=1 transport=1",
		"setting":   "schools=3 communities=2",
		"country":   "fi=2 se=2 de=1",
		"city":      "malmo=2 turku=2 koeln=1",
		"kind":      "practice=5",
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("facet %s: %q, want %q", name, got[name], w)
		}
	}
	if names := len(resp.GetFacets()); names != len(search.FacetOrder) {
		t.Errorf("%d facets, want %d", names, len(search.FacetOrder))
	}
}

func TestSearchPages(t *testing.T) {
	f := newFixture(t)
	var all []string
	for i := range 7 {
		id := fmt.Sprintf("p%d", i)
		f.put("se/malmo", "practice", id, practice("en", en("Walking "+strings.Repeat("walking ", i), "Walk", "Walking.")))
		all = append(all, id)
	}
	for _, tc := range []struct{ title, query string }{
		{title: "newest first, by keyset", query: ""},
		{title: "ranked, by offset", query: "walking"},
	} {
		t.Run(tc.title, func(t *testing.T) {
			var got []string
			token := ""
			for range 10 {
				resp, err := f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Query: tc.query, PageSize: 3, PageToken: token})
				if err != nil {
					t.Fatal(err)
				}
				if resp.GetTotalSize() != 7 {
					t.Errorf("total %d, want 7", resp.GetTotalSize())
				}
				got = append(got, ids(resp.GetHits())...)
				if token = resp.GetNextPageToken(); token == "" {
					break
				}
			}
			if !slices.Equal(sorted(got), all) {
				t.Errorf("pages gave %v, want each of %v once", got, all)
			}
			if tc.query == "" && got[0] != "p6" {
				t.Errorf("first %s, want the newest p6", got[0])
			}
		})
	}
	resp, err := f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Query: "walking", PageSize: 2, PageToken: resp.GetNextPageToken()})
	wantInvalid(t, err, "page_token", "another query")
}

func TestSearchWindowBoundsCandidates(t *testing.T) {
	f := newFixture(t)
	// Counted as far as ranked, and not from the counts ingest keeps, so
	// that the window is what counts.
	f.store.search = search.New(f.store.db.Read, search.Limits{Window: 3, Count: 3, NoCountTable: true})
	for i := range 6 {
		f.put("se/malmo", "practice", fmt.Sprintf("p%d", i), practice("en", en("Walking", "Walk", "Walking.")))
	}
	f.put("fi/turku", "practice", "fi-old", practice("en", en("Walking", "Walk", "Walking.")))
	f.put("se/malmo", "practice", "p-last", practice("en", en("Walking", "Walk", "Walking.")))
	for _, tc := range []struct {
		title string
		query string
		filt  *hcnetv1.SearchFilter
		want  []string
		total int // when not len(want)
		more  bool
	}{
		{title: "the newest matches only", query: "walking", want: []string{"p-last", "fi-old", "p5"}, more: true},
		{title: "the filter applies before the window", query: "walking", filt: &hcnetv1.SearchFilter{Countries: []string{"fi"}}, want: []string{"fi-old"}},
		// Newest first, pages go on past the window; only the count stops.
		{title: "without words, the newest records", want: []string{"p-last", "fi-old", "p5", "p4", "p3", "p2", "p1", "p0"}, total: 3, more: true},
		{title: "without words, a filter within the window", filt: &hcnetv1.SearchFilter{Countries: []string{"fi"}}, want: []string{"fi-old"}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			resp, err := f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Query: tc.query, Filter: tc.filt})
			if err != nil {
				t.Fatal(err)
			}
			if tc.total == 0 {
				tc.total = len(tc.want)
			}
			if got := ids(resp.GetHits()); !slices.Equal(sorted(got), sorted(tc.want)) || resp.GetTotalSize() != int64(tc.total) {
				t.Errorf("hits %v (total %d), want %v (total %d)", got, resp.GetTotalSize(), tc.want, tc.total)
			}
			if resp.GetTotalSizeIsLowerBound() != tc.more {
				t.Errorf("total_size_is_lower_bound %v, want %v", resp.GetTotalSizeIsLowerBound(), tc.more)
			}
			var counted int64
			for _, fc := range resp.GetFacets() {
				if fc.GetName() == "kind" {
					for _, c := range fc.GetCounts() {
						counted += c.GetCount()
					}
				}
			}
			if counted != int64(tc.total) {
				t.Errorf("facets count %d records, want the window's %d", counted, tc.total)
			}
		})
	}
}

// A filter that few of the words' newest matches pass still finds its
// records: past its scan budget the search walks the filter instead.
func TestSearchNarrowFilterPastTheBudget(t *testing.T) {
	f := newFixture(t)
	f.store.search = search.New(f.store.db.Read, search.Limits{ScanBudget: 2})
	f.put("fi/turku", "practice", "fi-1", practice("en", en("Walking", "Walk", "Walking."), 11))
	f.put("fi/turku", "practice", "fi-2", practice("en", en("Cycling", "Bike", "Lanes."), 11))
	for i := range 5 {
		f.put("se/malmo", "practice", fmt.Sprintf("p%d", i), practice("en", en("Walking", "Walk", "Walking."), 3))
	}
	for _, filt := range []*hcnetv1.SearchFilter{{Countries: []string{"fi"}}, {SdgGoals: []int32{11}}} {
		resp, err := f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Query: "walking", Filter: filt})
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(resp.GetHits()); !slices.Equal(got, []string{"fi-1"}) || resp.GetTotalSize() != 1 || resp.GetTotalSizeIsLowerBound() {
			t.Errorf("%v: hits %v (total %d, lower bound %v), want [fi-1]", filt, got, resp.GetTotalSize(), resp.GetTotalSizeIsLowerBound())
		}
	}
}

// Ranked pages are read from one window: records that arrive between
// pages neither shift them nor show up in them.
func TestSearchPagesStableUnderArrivals(t *testing.T) {
	f := newFixture(t)
	var all []string
	for i := range 7 {
		id := fmt.Sprintf("p%d", i)
		f.put("se/malmo", "practice", id, practice("en", en("Walking "+strings.Repeat("walking ", i%3), "Walk", "Walking.")))
		all = append(all, id)
	}
	var got []string
	token := ""
	for page := range 10 {
		resp, err := f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Query: "walking", PageSize: 3, PageToken: token})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ids(resp.GetHits())...)
		if token = resp.GetNextPageToken(); token == "" {
			break
		}
		// A better match than any arrives after each page.
		f.put("se/malmo", "practice", fmt.Sprintf("new%d", page), practice("en", en("Walking walking walking", "Walking", "Walking walking.")))
	}
	if !slices.Equal(sorted(got), all) {
		t.Errorf("pages gave %v, want each of %v once", got, all)
	}
}

func TestSearchRefuses(t *testing.T) {
	f := searchFixture(t)
	for _, tc := range []struct {
		title      string
		req        *hcnetv1.SearchPracticesRequest
		field, msg string
	}{
		{title: "unterminated phrase", req: &hcnetv1.SearchPracticesRequest{Query: `"unterminated`}, field: "query", msg: "double quotes"},
		{title: "operators without words", req: &hcnetv1.SearchPracticesRequest{Query: "AND OR"}, field: "query", msg: "cannot parse the query"},
		{title: "unknown column", req: &hcnetv1.SearchPracticesRequest{Query: "col:"}, field: "query", msg: "column"},
		{title: "hyphenated word", req: &hcnetv1.SearchPracticesRequest{Query: "covid-19"}, field: "query", msg: "double quotes"},
		{title: "a bare star", req: &hcnetv1.SearchPracticesRequest{Query: "*"}, field: "query", msg: "cannot parse"},
		{title: "page too large", req: &hcnetv1.SearchPracticesRequest{PageSize: 101}, field: "page_size", msg: "0–100"},
		{title: "not a page token", req: &hcnetv1.SearchPracticesRequest{PageToken: "x"}, field: "page_token", msg: "not a page token"},
		{title: "sdg out of range", req: &hcnetv1.SearchPracticesRequest{Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{18}}}, field: "filter.sdg_goals[0]", msg: "1–17"},
		{title: "unspecified setting", req: &hcnetv1.SearchPracticesRequest{Filter: &hcnetv1.SearchFilter{Settings: []hcnetv1.Setting{0}}}, field: "filter.settings[0]", msg: "required"},
		{title: "country", req: &hcnetv1.SearchPracticesRequest{Filter: &hcnetv1.SearchFilter{Countries: []string{"SE"}}}, field: "filter.countries[0]", msg: "country code"},
		{title: "kind", req: &hcnetv1.SearchPracticesRequest{Filter: &hcnetv1.SearchFilter{Kinds: []string{"partner"}}}, field: "filter.kinds[0]", msg: "one of"},
	} {
		t.Run(tc.title, func(t *testing.T) {
			_, err := f.store.Search(context.Background(), tc.req)
			wantInvalid(t, err, tc.field, tc.msg)
		})
	}
}

// wantInvalid fails unless err is Invalid with a violation on field whose
// description contains msg.
func wantInvalid(t testing.TB, err error, field, msg string) {
	t.Helper()
	if !errs.Is(err, errs.Invalid) {
		t.Fatalf("error %v (%v), want invalid argument", err, errs.KindOf(err))
	}
	for _, v := range errs.ViolationsOf(err) {
		if v.Field == field && strings.Contains(v.Description, msg) {
			return
		}
	}
	t.Errorf("violations %v, want %s: …%s…", errs.ViolationsOf(err), field, msg)
}

func TestGetRecord(t *testing.T) {
	f := searchFixture(t)
	city := func(name string) *hcnetv1.SharedRecord {
		return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_City{City: &hcnetv1.City{Id: "london", Name: name}}}
	}
	f.put("gb/london", "city", "london", city("London"))
	f.put("ca/london", "city", "london", city("London, Ontario"))
	svc := f.store
	for _, tc := range []struct {
		title, id string
		kind      errs.Kind
		wantCity  string
	}{
		{title: "by id", id: "p-roofs", wantCity: "malmo"},
		{title: "qualified", id: "ca/london/london", wantCity: "london"},
		{title: "missing", id: "nope", kind: errs.NotFound},
		{title: "ambiguous", id: "london", kind: errs.Invalid},
		{title: "empty", id: "", kind: errs.Invalid},
	} {
		t.Run(tc.title, func(t *testing.T) {
			resp, err := svc.GetRecord(context.Background(), &hcnetv1.GetRecordRequest{Id: tc.id})
			if tc.kind != errs.Other {
				if !errs.Is(err, tc.kind) {
					t.Fatalf("error %v, want %v", err, tc.kind)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			r := resp.GetRecord()
			if r.GetCityId() != tc.wantCity || r.GetVersion() != 1 || r.GetVisibility() != hcnetv1.Visibility_VISIBILITY_NETWORK ||
				r.GetSignTime() == nil || r.GetArriveTime() == nil || r.GetRecord().GetRecord() == nil {
				t.Errorf("got %v", r)
			}
			pub, err := f.keys[r.GetCountry()+"/"+r.GetCityId()].PublicKey()
			if err != nil {
				t.Fatal(err)
			}
			v, err := envelope.NewVerifier(pub)
			if err != nil {
				t.Fatal(err)
			}
			if _, rec, err := v.Open(r.GetEnvelope()); err != nil || !proto.Equal(rec, r.GetRecord()) {
				t.Errorf("envelope does not verify or differs from the record: %v", err)
			}
		})
	}
}

// Prefix queries get their snippets from the window's texts, shaped like
// FTS5's (see TestSnippetOf in package search).
func TestSearchPrefixSnippets(t *testing.T) {
	f := searchFixture(t)
	resp, err := f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Query: "einsam*"})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.GetHits()) != 1 || resp.GetHits()[0].GetSnippet() != "Begegnung gegen [Einsamkeit]" {
		t.Errorf("hits %v, want one with the snippet %q", resp.GetHits(), "Begegnung gegen [Einsamkeit]")
	}
}
