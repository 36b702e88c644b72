package store

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/corpus"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// BenchmarkSearchCorpus runs the query set over a corpus whose
// size HCNET_SEARCH_CORPUS sets (default 20,000 practices, built in a
// temporary folder). With HCNET_SEARCH_DB the corpus is kept in that file
// and reused by later runs when it already holds that many practices, so
// a million-practice corpus is built once:
//
//	HCNET_SEARCH_CORPUS=1000000 HCNET_SEARCH_DB=/tmp/search-1m.db \
//	    go test -run XXX -bench SearchCorpus -benchmem ./hub/store
//
// Besides ns/op it reports each query's p50 and p99 over its runs, and the
// median CPU time the process spent on one (user and system, all
// threads), which a machine shared with other work inflates less.
func BenchmarkSearchCorpus(b *testing.B) {
	n := 20000
	if v := os.Getenv("HCNET_SEARCH_CORPUS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("HCNET_SEARCH_CORPUS=%q is not a positive number", v)
		}
	}
	path := os.Getenv("HCNET_SEARCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "hub.db")
	}
	ctx := context.Background()
	st, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	var have int
	if err := st.db.Read.QueryRow(`SELECT count(*) FROM records`).Scan(&have); err != nil {
		b.Fatal(err)
	}
	if have < n {
		start := time.Now()
		fillCorpus(b, st, have, n)
		b.Logf("corpus: %d practices added in %s", n-have, time.Since(start).Round(time.Second))
	}
	for _, q := range benchQueries {
		b.Run(q.Name, func(b *testing.B) {
			b.ReportAllocs()
			var lat, cpu []time.Duration
			var last *hcnetv1.SearchPracticesResponse
			for b.Loop() {
				start, startCPU := time.Now(), cpuTime()
				res, err := st.Search(ctx, q.Request)
				if err != nil {
					b.Fatal(err)
				}
				lat, cpu = append(lat, time.Since(start)), append(cpu, cpuTime()-startCPU)
				checkHits(b, q.Name, q.None, res)
				last = res
			}
			// What a reader is told: the total, and 1 where it or the
			// facets are lower bounds ("at least").
			b.ReportMetric(float64(last.GetTotalSize()), "total")
			b.ReportMetric(float64(boolInt(last.GetTotalSizeIsLowerBound() || last.GetFacetCountsAreLowerBound())), "at-least")
			b.ReportMetric(quantileMS(lat, 0.50), "p50-ms")
			b.ReportMetric(quantileMS(lat, 0.99), "p99-ms")
			b.ReportMetric(quantileMS(cpu, 0.50), "cpu-p50-ms")
		})
	}
}

// fillCorpus adds practices have..n-1 through Apply, as ingest would, in
// batches sealed on every core while the previous batch commits.
func fillCorpus(tb testing.TB, st *Store, have, n int) {
	const batch = 5000
	keys := benchKeys(tb, len(corpus.Cities()))
	type job struct {
		start int
		in    []Incoming
	}
	batches := make(chan job, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	starts := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range starts {
				batches <- job{s, corpusBatch(tb, keys, s, min(batch, n-s))}
			}
		}()
	}
	go func() {
		for s := have; s < n; s += batch {
			starts <- s
		}
		close(starts)
		wg.Wait()
		close(batches)
	}()
	ctx := context.Background()
	for j := range batches {
		if _, err := st.Apply(ctx, j.in); err != nil {
			tb.Fatal(err)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// quantileMS is the q-quantile of d in milliseconds.
func quantileMS(d []time.Duration, q float64) float64 {
	s := slices.Clone(d)
	slices.Sort(s)
	return float64(s[int(float64(len(s)-1)*q+0.5)].Microseconds()) / 1000
}
