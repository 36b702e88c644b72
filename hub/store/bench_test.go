package store

import (
	"context"
	"fmt"
	"github.com/hcnet/hcnet/internal/corpus"
	"path/filepath"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"github.com/oklog/ulid/v2"
	"google.golang.org/protobuf/proto"
)

// benchBatchSize is the size of one of ingest's batches.
const benchBatchSize = 1000

// benchBatch seals n practices from the given cities as ingest would
// hand them to Apply after Check.
func benchBatch(tb testing.TB, keys []nkeys.KeyPair, start, n int) []Incoming {
	tb.Helper()
	out := make([]Incoming, n)
	now := time.Now()
	for j := range out {
		i := start + j
		city := fmt.Sprintf("city%04d", i%len(keys))
		id := ulid.Make().String()
		rec := corpus.Practice(i, id)
		h := &hcnetv1.EnvelopeHeader{OriginCountry: "se", OriginCity: city, Kind: "practice", Id: id, Version: 1,
			Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK}
		env, err := envelope.Seal(keys[i%len(keys)], h, rec, now)
		if err != nil {
			tb.Fatal(err)
		}
		b, err := proto.Marshal(env)
		if err != nil {
			tb.Fatal(err)
		}
		sealed, err := envelope.PeekHeader(env)
		if err != nil {
			tb.Fatal(err)
		}
		out[j] = Incoming{Subject: subject.Record("se", city, "practice", id), Envelope: b, Header: sealed, Record: rec,
			Path: []*hcnetv1.Hop{{At: "se/" + city}}}
	}
	return out
}

// corpusBatch seals practices start..start+n-1 from the corpus's cities
// (corpus.Place), one key for each city of corpus.Cities.
func corpusBatch(tb testing.TB, keys []nkeys.KeyPair, start, n int) []Incoming {
	tb.Helper()
	cities := corpus.Cities()
	out := make([]Incoming, n)
	now := time.Now()
	for j := range out {
		i := start + j
		c := corpus.Place(i)
		country, city := cities[c].Country, cities[c].ID
		id := ulid.Make().String()
		rec := corpus.Practice(i, id)
		h := &hcnetv1.EnvelopeHeader{OriginCountry: country, OriginCity: city, Kind: "practice", Id: id, Version: 1,
			Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK}
		env, err := envelope.Seal(keys[c], h, rec, now)
		if err != nil {
			tb.Fatal(err)
		}
		b, err := proto.Marshal(env)
		if err != nil {
			tb.Fatal(err)
		}
		sealed, err := envelope.PeekHeader(env)
		if err != nil {
			tb.Fatal(err)
		}
		out[j] = Incoming{Subject: subject.Record(country, city, "practice", id), Envelope: b, Header: sealed, Record: rec,
			Path: []*hcnetv1.Hop{{At: country + "/" + city}}}
	}
	return out
}

func benchKeys(tb testing.TB, n int) []nkeys.KeyPair {
	tb.Helper()
	keys := make([]nkeys.KeyPair, n)
	for i := range keys {
		kp, err := nkeys.CreateUser()
		if err != nil {
			tb.Fatal(err)
		}
		keys[i] = kp
	}
	return keys
}

func benchStore(tb testing.TB) *Store {
	tb.Helper()
	st, err := Open(context.Background(), filepath.Join(tb.TempDir(), "hub.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// BenchmarkStoreApply measures one ingest batch commit: 1000 verified
// practices upserted, FTS-indexed and fsynced (synchronous FULL) in one
// transaction.
func BenchmarkStoreApply(b *testing.B) {
	const batch = benchBatchSize
	st := benchStore(b)
	keys := benchKeys(b, 100)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		in := benchBatch(b, keys, i*batch, batch)
		b.StartTimer()
		res, err := st.Apply(ctx, in)
		if err != nil || res.Upserted != batch {
			b.Fatalf("apply: %+v, %v", res, err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkSearch runs the query set over benchCorpus practices.
func BenchmarkSearch(b *testing.B) {
	const benchCorpus = 20000
	st := benchStore(b)
	keys := benchKeys(b, len(corpus.Cities()))
	ctx := context.Background()
	for i := 0; i < benchCorpus; i += benchBatchSize {
		if _, err := st.Apply(ctx, corpusBatch(b, keys, i, benchBatchSize)); err != nil {
			b.Fatal(err)
		}
	}
	for _, q := range benchQueries {
		b.Run(q.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				res, err := st.Search(ctx, q.Request)
				if err != nil {
					b.Fatal(err)
				}
				checkHits(b, q.Name, q.None, res)
			}
		})
	}
}

// benchQueries is the fixed query set, and the shapes a
// coordinator's search page asks besides (two facets, a facet and a
// country or city, words and two facets); cmd/hcbench runs the first six.
// The corpus (package corpus) is eight countries of unequal size: at
// 1,000,000 practices sdg 11 selects 1 in 8 (125,000), sdg 11 and the
// schools setting about 1 in 30, sdg 11 in Germany about 27,500, in
// Stockholm (the biggest city, 8.4% of all practices) about 10,500 and
// in se-town-20 (a small Swedish town, 0.2%) about 270. No practice of
// sdg 11 is set on an island: that filter selects nothing, which the
// pair counts (facet_pairs) tell at once; without them it is the longest
// walk a filter of two facets takes, every island practice tested.
var benchQueries = []struct {
	Name    string
	Request *hcnetv1.SearchPracticesRequest
	None    bool // the corpus holds no match
}{
	{Name: "common", Request: &hcnetv1.SearchPracticesRequest{Query: "health"}},
	{Name: "rare", Request: &hcnetv1.SearchPracticesRequest{Query: "zeppelin"}},
	{Name: "phrase", Request: &hcnetv1.SearchPracticesRequest{Query: `"meeting places"`}},
	{Name: "prefix", Request: &hcnetv1.SearchPracticesRequest{Query: "generat*"}},
	{Name: "facet", Request: &hcnetv1.SearchPracticesRequest{Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{11}}}},
	{Name: "common+facet", Request: &hcnetv1.SearchPracticesRequest{Query: "health", Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{11}}}},
	{Name: "two-facets", Request: &hcnetv1.SearchPracticesRequest{Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{11},
		Settings: []hcnetv1.Setting{hcnetv1.Setting_SETTING_SCHOOLS}}}},
	{Name: "two-facets-none", Request: &hcnetv1.SearchPracticesRequest{Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{11},
		Settings: []hcnetv1.Setting{hcnetv1.Setting_SETTING_ISLANDS}}}, None: true},
	{Name: "facet+country", Request: &hcnetv1.SearchPracticesRequest{Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{11}, Countries: []string{"de"}}}},
	{Name: "facet+city", Request: &hcnetv1.SearchPracticesRequest{Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{11}, Cities: []string{"stockholm"}}}},
	{Name: "facet+town", Request: &hcnetv1.SearchPracticesRequest{Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{11}, Cities: []string{"se-town-20"}}}},
	{Name: "common+two-facets", Request: &hcnetv1.SearchPracticesRequest{Query: "health", Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{11},
		Settings: []hcnetv1.Setting{hcnetv1.Setting_SETTING_SCHOOLS}}}},
	{Name: "common+two-facets-none", Request: &hcnetv1.SearchPracticesRequest{Query: "health", Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{11},
		Settings: []hcnetv1.Setting{hcnetv1.Setting_SETTING_ISLANDS}}}, None: true},
	{Name: "common+facet+city", Request: &hcnetv1.SearchPracticesRequest{Query: "health", Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{11},
		Cities: []string{"stockholm"}}}},
	{Name: "common+facet+town", Request: &hcnetv1.SearchPracticesRequest{Query: "health", Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{11},
		Cities: []string{"se-town-20"}}}},
}

// checkHits fails a benchmark whose query found no hits where the corpus
// holds some, or found some where it holds none.
func checkHits(b *testing.B, name string, none bool, res *hcnetv1.SearchPracticesResponse) {
	if got := len(res.GetHits()) > 0; got == none {
		b.Fatalf("%s: %d hits, total %d; want hits %v", name, len(res.GetHits()), res.GetTotalSize(), !none)
	}
}
