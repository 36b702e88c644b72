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
	keys := benchKeys(b, 100)
	ctx := context.Background()
	for i := 0; i < benchCorpus; i += benchBatchSize {
		if _, err := st.Apply(ctx, benchBatch(b, keys, i, benchBatchSize)); err != nil {
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
				if len(res.GetHits()) == 0 {
					b.Fatalf("%s: no hits", q.Name)
				}
			}
		})
	}
}

// benchQueries is the fixed query set; cmd/hcbench runs the same.
var benchQueries = []struct {
	Name    string
	Request *hcnetv1.SearchPracticesRequest
}{
	{"common", &hcnetv1.SearchPracticesRequest{Query: "health"}},
	{"rare", &hcnetv1.SearchPracticesRequest{Query: "zeppelin"}},
	{"phrase", &hcnetv1.SearchPracticesRequest{Query: `"meeting places"`}},
	{"prefix", &hcnetv1.SearchPracticesRequest{Query: "generat*"}},
	{"facet", &hcnetv1.SearchPracticesRequest{Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{11}}}},
	{"common+facet", &hcnetv1.SearchPracticesRequest{Query: "health", Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{11}}}},
}
