package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/envelope"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

func success(title string, partners ...string) *hcnetv1.SharedRecord {
	s := &hcnetv1.Success{Title: title, Outcome: "Fewer lonely older residents"}
	for _, p := range partners {
		country, city, _ := strings.Cut(p, "/")
		s.PartnerCities = append(s.PartnerCities, &hcnetv1.CityRef{Country: country, CityId: city})
	}
	return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Success{Success: s}}
}

// endorsement of the success at ref ("se/malmo/s1").
func endorsement(ref string) *hcnetv1.SharedRecord {
	parts := strings.SplitN(ref, "/", 3)
	return &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Endorsement{Endorsement: &hcnetv1.Endorsement{
		Success: &hcnetv1.SuccessRef{Country: parts[0], CityId: parts[1], SuccessId: parts[2]}, Statement: "We did it together"}}}
}

// adopted is a practice adopted from the practice at ref ("se/malmo/p1").
func adopted(title, ref string) *hcnetv1.SharedRecord {
	rec := practice("en", en(title, "", ""))
	if ref != "" {
		parts := strings.SplitN(ref, "/", 3)
		rec.GetPractice().AdoptedFrom = &hcnetv1.PracticeRef{Country: parts[0], CityId: parts[1], PracticeId: parts[2]}
	}
	return rec
}

// withdraw applies a tombstone from the origin, as ingest would.
func (f *fixture) withdraw(origin, kind, id string) {
	f.t.Helper()
	country, city, _ := strings.Cut(origin, "/")
	f.versions[origin+"/"+id]++
	h := &hcnetv1.EnvelopeHeader{OriginCountry: country, OriginCity: city, Kind: kind, Id: id,
		Version: f.versions[origin+"/"+id], Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK}
	env, err := envelope.Seal(f.keys[origin], h, nil, f.clock)
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
		Subject: fmt.Sprintf("hcnet.rec.%s.%s.%s.%s", country, city, kind, id), Envelope: b, Header: sealed}})
	if err != nil || res.Deleted != 1 {
		f.t.Fatalf("withdraw %s/%s: %+v, %v", origin, id, res, err)
	}
}

// endorsementsOf is GetRecord's answer for a success, as one line:
// "partners=se/lund,se/umea endorsed=se/lund mutual=false".
func endorsementsOf(t *testing.T, f *fixture, id string) string {
	t.Helper()
	resp, err := f.store.GetRecord(context.Background(), &hcnetv1.GetRecordRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	e := resp.GetEndorsements()
	if e == nil {
		t.Fatalf("no endorsements in the answer for success %s", id)
	}
	return fmt.Sprintf("partners=%s endorsed=%s mutual=%v", strings.Join(e.GetPartnerCities(), ","), strings.Join(e.GetEndorsedBy(), ","), e.GetMutual())
}

func mutualCount(t *testing.T, f *fixture, country, city string) int64 {
	t.Helper()
	st, err := f.store.Stats(context.Background(), country, city)
	if err != nil {
		t.Fatal(err)
	}
	return st.GetMutualSuccesses()
}

// The steps build on each other: each changes the network and says what
// the hub then tells about success s1 of se/malmo.
func TestMutualSuccess(t *testing.T) {
	f := newFixture(t)
	f.put("se/malmo", "success", "s1", success("Meeting places", "se/lund", "se/umea"))
	f.put("se/malmo", "success", "s-alone", success("Cycling school"))
	for _, step := range []struct {
		title  string
		do     func()
		want   string
		mutual int64 // mutual successes in the network
	}{
		{title: "named, nobody endorsed yet", do: func() {},
			want: "partners=se/lund,se/umea endorsed= mutual=false"},
		{title: "a city the success does not name endorses it", do: func() { f.put("se/orebro", "endorsement", "e-orebro", endorsement("se/malmo/s1")) },
			want: "partners=se/lund,se/umea endorsed= mutual=false"},
		{title: "a named city endorses another success", do: func() { f.put("se/umea", "endorsement", "e-other", endorsement("se/malmo/s-alone")) },
			want: "partners=se/lund,se/umea endorsed= mutual=false"},
		{title: "a named city endorses a success of the same id elsewhere", do: func() { f.put("se/umea", "endorsement", "e-elsewhere", endorsement("fi/turku/s1")) },
			want: "partners=se/lund,se/umea endorsed= mutual=false"},
		{title: "the first partner endorses", do: func() { f.put("se/lund", "endorsement", "e-lund", endorsement("se/malmo/s1")) },
			want: "partners=se/lund,se/umea endorsed=se/lund mutual=false"},
		{title: "the last partner endorses", do: func() { f.put("se/umea", "endorsement", "e-umea", endorsement("se/malmo/s1")) },
			want: "partners=se/lund,se/umea endorsed=se/lund,se/umea mutual=true", mutual: 1},
		{title: "an endorsement twice counts once", do: func() { f.put("se/umea", "endorsement", "e-umea-2", endorsement("se/malmo/s1")) },
			want: "partners=se/lund,se/umea endorsed=se/lund,se/umea mutual=true", mutual: 1},
		{title: "an endorsement updated to point elsewhere no longer counts", do: func() { f.put("se/lund", "endorsement", "e-lund", endorsement("se/malmo/s-alone")) },
			want: "partners=se/lund,se/umea endorsed=se/umea mutual=false"},
		{title: "endorsed again", do: func() { f.put("se/lund", "endorsement", "e-lund-2", endorsement("se/malmo/s1")) },
			want: "partners=se/lund,se/umea endorsed=se/lund,se/umea mutual=true", mutual: 1},
		{title: "a withdrawn endorsement no longer counts", do: func() {
			f.withdraw("se/umea", "endorsement", "e-umea")
			f.withdraw("se/umea", "endorsement", "e-umea-2")
		},
			want: "partners=se/lund,se/umea endorsed=se/lund mutual=false"},
		{title: "the success names one more partner", do: func() {
			f.put("se/umea", "endorsement", "e-umea-3", endorsement("se/malmo/s1"))
			f.put("se/malmo", "success", "s1", success("Meeting places", "se/lund", "se/umea", "fi/turku"))
		},
			want: "partners=se/lund,se/umea,fi/turku endorsed=se/lund,se/umea mutual=false"},
		{title: "the success drops the partner that did not endorse", do: func() { f.put("se/malmo", "success", "s1", success("Meeting places", "se/umea", "se/lund")) },
			want: "partners=se/umea,se/lund endorsed=se/umea,se/lund mutual=true", mutual: 1},
	} {
		t.Run(step.title, func(t *testing.T) {
			step.do()
			if got := endorsementsOf(t, f, "s1"); got != step.want {
				t.Errorf("got  %s\nwant %s", got, step.want)
			}
			if got := mutualCount(t, f, "", ""); got != step.mutual {
				t.Errorf("mutual successes %d, want %d", got, step.mutual)
			}
		})
	}
	if got := endorsementsOf(t, f, "s-alone"); got != "partners= endorsed= mutual=false" {
		t.Errorf("a success naming no partner: %s", got)
	}
	for _, tc := range []struct {
		title, country, city string
		want                 int64
	}{
		{title: "the city of the success", country: "se", city: "malmo", want: 1},
		{title: "a partner city", country: "se", city: "lund", want: 0},
	} {
		t.Run("stats of "+tc.title, func(t *testing.T) {
			if got := mutualCount(t, f, tc.country, tc.city); got != tc.want {
				t.Errorf("%d, want %d", got, tc.want)
			}
		})
	}
}

// An endorsement may reach a hub before the success it endorses.
func TestEndorsementBeforeSuccess(t *testing.T) {
	f := newFixture(t)
	f.put("fi/turku", "endorsement", "e1", endorsement("se/malmo/s1"))
	f.put("se/malmo", "success", "s1", success("Meeting places", "fi/turku"))
	if got, want := endorsementsOf(t, f, "s1"), "partners=fi/turku endorsed=fi/turku mutual=true"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	f.withdraw("se/malmo", "success", "s1")
	if got := mutualCount(t, f, "", ""); got != 0 {
		t.Errorf("a withdrawn success still counts: %d", got)
	}
}

func hitNames(hits ...*hcnetv1.SearchHit) []string {
	var out []string
	for _, h := range hits {
		if h != nil {
			out = append(out, h.GetCountry()+"/"+h.GetCityId()+"/"+h.GetId()+" "+h.GetTitle())
		}
	}
	return out
}

func TestAdoptions(t *testing.T) {
	f := newFixture(t)
	f.put("se/malmo", "practice", "p1", adopted("Meeting places", ""))
	f.put("se/umea", "practice", "p2", adopted("Meeting places in Umeå", "se/malmo/p1"))
	f.put("fi/turku", "practice", "p3", adopted("Kohtaamispaikat", "se/malmo/p1"))
	f.put("se/lund", "practice", "p4", adopted("Meeting places in Lund", "dk/odense/p9"))
	f.put("se/lund", "practice", "p5", adopted("Meeting places, again", "se/umea/p2"))
	// Another city's practice with the same id is not the origin.
	f.put("dk/odense", "practice", "p6", adopted("Mødesteder", "se/orebro/p1"))
	svc := f.store
	for _, tc := range []struct {
		title, id string
		from      []string
		adoptions []string
	}{
		{title: "the origin lists its adoptions across countries", id: "p1",
			adoptions: []string{"fi/turku/p3 Kohtaamispaikat", "se/umea/p2 Meeting places in Umeå"}},
		{title: "an adoption links to its origin and is adopted itself", id: "p2",
			from: []string{"se/malmo/p1 Meeting places"}, adoptions: []string{"se/lund/p5 Meeting places, again"}},
		{title: "an origin this hub does not hold", id: "p4"},
	} {
		t.Run(tc.title, func(t *testing.T) {
			resp, err := svc.GetRecord(context.Background(), &hcnetv1.GetRecordRequest{Id: tc.id})
			if err != nil {
				t.Fatal(err)
			}
			if got := hitNames(resp.GetAdoptedFrom()); !slices.Equal(got, tc.from) {
				t.Errorf("adopted from %q, want %q", got, tc.from)
			}
			if got := hitNames(resp.GetAdoptions()...); !slices.Equal(got, tc.adoptions) {
				t.Errorf("adoptions %q, want %q", got, tc.adoptions)
			}
		})
	}

	// An adoption that is withdrawn or stops naming the origin drops out.
	f.withdraw("fi/turku", "practice", "p3")
	f.put("se/umea", "practice", "p2", adopted("Meeting places in Umeå, our own now", ""))
	resp, err := svc.GetRecord(context.Background(), &hcnetv1.GetRecordRequest{Id: "p1"})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitNames(resp.GetAdoptions()...); len(got) != 0 {
		t.Errorf("adoptions after withdrawal and update: %q", got)
	}
}

// A hub that held records before record_links existed links them when
// it opens, once.
func TestLinksBuiltForRecordsHeldBefore(t *testing.T) {
	f := newFixture(t)
	f.put("se/malmo", "success", "s1", success("Meeting places", "se/lund"))
	f.put("se/lund", "endorsement", "e1", endorsement("se/malmo/s1"))
	f.put("se/malmo", "practice", "p1", adopted("Meeting places", ""))
	f.put("se/lund", "practice", "p2", adopted("Meeting places in Lund", "se/malmo/p1"))
	ctx := context.Background()
	for _, q := range []string{`DELETE FROM record_links`, `DELETE FROM settings WHERE key = 'links_built'`} {
		if _, err := f.store.DB().Write.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	path := f.store.DB().Path
	if err := f.store.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f.store = st
	if got, want := endorsementsOf(t, f, "s1"), "partners=se/lund endorsed=se/lund mutual=true"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	resp, err := st.GetRecord(ctx, &hcnetv1.GetRecordRequest{Id: "p1"})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitNames(resp.GetAdoptions()...); !slices.Equal(got, []string{"se/lund/p2 Meeting places in Lund"}) {
		t.Errorf("adoptions %q", got)
	}
	var n int
	if err := st.DB().Read.QueryRowContext(ctx, `SELECT count(*) FROM record_links`).Scan(&n); err != nil || n != 3 {
		t.Errorf("%d links, want 3 (%v)", n, err)
	}
}
