package search

import (
	"cmp"
	"context"
	"database/sql"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/sqlitedb"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// BenchmarkSearchDesigns compares, in one run over the same corpus, this
// package's search (A: prefixes spelled out from the index pages, BM25 in
// Go over the window) with FTS5's own answer to the same two problems (B:
// a prefix index, prefix='2 3 4', and bm25() over the same bounded
// window), and with the prefix index alone (C: FTS5 answers the prefixes
// from it, ranking as in A).
// The corpus is the one the hub's BenchmarkSearchCorpus builds and keeps
// in HCNET_SEARCH_DB; the second design reads a copy of it whose
// records_fts is rebuilt with the prefix option, kept next to it. Building
// the copy logs what indexing the corpus costs with and without the option
// and, as every run does, the index's size on disk (go test -v):
//
//	HCNET_SEARCH_CORPUS=1000000 HCNET_SEARCH_DB=/tmp/search-1m.db \
//	    go test -run XXX -bench SearchCorpus -benchtime 1x ./hub/store
//	HCNET_SEARCH_DB=/tmp/search-1m.db go test -run XXX -bench SearchDesigns -v ./hub/search
func BenchmarkSearchDesigns(b *testing.B) {
	path := os.Getenv("HCNET_SEARCH_DB")
	if path == "" {
		b.Fatal("HCNET_SEARCH_DB names no corpus; build one with the hub's BenchmarkSearchCorpus")
	}
	ctx := context.Background()
	db := openCorpus(b, path)
	prefixPath := path + ".fts-prefix"
	if _, err := os.Stat(prefixPath); err != nil {
		buildPrefixCopy(b, db, prefixPath)
	}
	dbB := openCorpus(b, prefixPath)
	a, fts := New(db.Read, Limits{}), New(dbB.Read, Limits{})
	b.Logf("index A: %.1f MiB", float64(ftsBytes(b, db.Read))/(1<<20))
	b.Logf("index B: %.1f MiB", float64(ftsBytes(b, dbB.Read))/(1<<20))
	for _, q := range designQueries {
		for _, design := range []string{"A", "B", "C"} {
			b.Run(q.name+"/"+design, func(b *testing.B) {
				var lat []time.Duration
				for b.Loop() {
					start := time.Now()
					var res *hcnetv1.SearchPracticesResponse
					var err error
					switch design {
					case "A":
						res, err = a.Search(ctx, q.req)
					case "B":
						res, err = fts.searchFTS(ctx, q.req)
					default:
						res, err = fts.searchPrefixIndex(ctx, q.req)
					}
					if err != nil {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(start))
					if len(res.GetHits()) == 0 {
						b.Fatalf("%s: no hits", q.name)
					}
				}
				b.ReportMetric(quantileMS(lat, 0.50), "p50-ms")
				b.ReportMetric(quantileMS(lat, 0.99), "p99-ms")
			})
		}
	}
}

// designQueries are the hub's benchmark queries (benchQueries in package
// hub, which cmd/hcbench runs too), and a prefix of three letters, the
// length a prefix index serves.
var designQueries = []struct {
	name string
	req  *hcnetv1.SearchPracticesRequest
}{
	{"common", &hcnetv1.SearchPracticesRequest{Query: "health"}},
	{"rare", &hcnetv1.SearchPracticesRequest{Query: "zeppelin"}},
	{"phrase", &hcnetv1.SearchPracticesRequest{Query: `"meeting places"`}},
	{"prefix", &hcnetv1.SearchPracticesRequest{Query: "generat*"}},
	{"facet", &hcnetv1.SearchPracticesRequest{Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{11}}}},
	{"common+facet", &hcnetv1.SearchPracticesRequest{Query: "health", Filter: &hcnetv1.SearchFilter{SdgGoals: []int32{11}}}},
	{"prefix3", &hcnetv1.SearchPracticesRequest{Query: "gen*"}},
}

// openCorpus opens a hub database with the hub's schema.
func openCorpus(b *testing.B, path string) *sqlitedb.DB {
	db, err := sqlitedb.Open(context.Background(), path, sqlitedb.SyncFull, os.DirFS("../store/migrations"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// quantileMS is the q-quantile of d in milliseconds.
func quantileMS(d []time.Duration, q float64) float64 {
	s := slices.Clone(d)
	slices.Sort(s)
	return float64(s[int(float64(len(s)-1)*q+0.5)].Microseconds()) / 1000
}

// buildPrefixCopy copies the corpus to path and indexes it twice there,
// timing each: as records_fts is today, then with the prefix option, which
// it keeps.
func buildPrefixCopy(b *testing.B, db *sqlitedb.DB, path string) {
	ctx := context.Background()
	if _, err := db.Write.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
	copyFile(b, db.Path, path)
	sb, err := sqlitedb.Open(ctx, path, sqlitedb.SyncFull, os.DirFS("../store/migrations"))
	if err != nil {
		b.Fatal(err)
	}
	defer sb.Close()
	var n int
	if err := sb.Read.QueryRowContext(ctx, `SELECT count(*) FROM records`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	for _, prefix := range []string{"", ", prefix = '2 3 4'"} {
		start := time.Now()
		for _, q := range []string{`DROP TABLE records_fts`,
			`CREATE VIRTUAL TABLE records_fts USING fts5 (title, summary, body, content = 'records', content_rowid = 'rowid',
				tokenize = 'unicode61 remove_diacritics 2'` + prefix + `)`,
			`INSERT INTO records_fts (records_fts) VALUES ('rebuild')`} {
			if _, err := sb.Write.ExecContext(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
		d := time.Since(start)
		b.Logf("indexing %d records%s: %s, %.0f ns/record, %.0f records/s", n, prefix, d.Round(time.Millisecond),
			float64(d.Nanoseconds())/float64(n), float64(n)/d.Seconds())
	}
}

func copyFile(b *testing.B, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}

// ftsBytes is what records_fts's own tables hold on disk.
func ftsBytes(b *testing.B, db *sql.DB) int64 {
	var n int64
	if err := db.QueryRow(`SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'records_fts%'`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}

// searchFTS is Search with FTS5 doing the work: the query as written
// (FTS5 answers prefixes from its prefix index where one fits), the window
// the newest e.window matches the filter selects, ranked by bm25()
// with the same column weights, snippets by snippet().
func (e *Engine) searchFTS(ctx context.Context, req *hcnetv1.SearchPracticesRequest) (*hcnetv1.SearchPracticesResponse, error) {
	var vs record.Violations
	conds, args := FilterConds(record.NewChecker("", &vs).At("filter"), req.GetFilter(), []record.Kind{record.KindPractice})
	q := strings.TrimSpace(req.GetQuery())
	m := &Window{limit: e.window, fts: q, match: q, conds: conds, args: args}
	if q == "" {
		if err := e.filterWindow(ctx, m); err != nil {
			return nil, err
		}
	} else {
		rows, err := e.db.QueryContext(ctx, `SELECT f.rowid, r.country, r.city_id, r.kind, bm25(records_fts, 4, 2, 1)
			FROM records_fts f CROSS JOIN records r INDEXED BY records_head ON r.rowid = f.rowid
			WHERE records_fts MATCH ? AND `+strings.Join(conds, " AND ")+` ORDER BY f.rowid DESC LIMIT ?`,
			slices.Concat([]any{q}, args, []any{e.window + 1})...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var w match
			if err := rows.Scan(&w.rowid, &w.country, &w.city, &w.kind, &w.score); err != nil {
				return nil, err
			}
			w.score = -w.score // bm25() is lower for better
			m.window = append(m.window, w)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(m.window) > e.window {
			m.window, m.capped = m.window[:e.window], true
		}
		if len(m.window) > 0 {
			m.ceiling = m.window[0].rowid
		}
		slices.SortFunc(m.window, func(a, b match) int { return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.rowid, a.rowid)) })
	}
	out := &hcnetv1.SearchPracticesResponse{TotalSize: int64(len(m.window)), TotalSizeIsLowerBound: m.capped}
	var err error
	if out.Facets, err = e.facets(ctx, m.window); err != nil {
		return nil, err
	}
	hits, _, err := e.page(ctx, m, "", DefaultPageSize)
	if err != nil {
		return nil, err
	}
	if q != "" && len(hits) > 0 {
		ids := make([]any, len(hits))
		lo, hi := hits[0].Rowid, hits[0].Rowid
		for i, h := range hits {
			ids[i] = h.Rowid
			lo, hi = min(lo, h.Rowid), max(hi, h.Rowid)
		}
		rows, err := e.db.QueryContext(ctx, `SELECT rowid, snippet(records_fts, -1, '[', ']', '…', 16) FROM records_fts
			WHERE records_fts MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN (`+Placeholders(len(ids))+`)`, append([]any{q, lo, hi}, ids...)...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		byRow := map[int64]*hcnetv1.SearchHit{}
		for _, h := range hits {
			byRow[h.Rowid] = h.Hit
		}
		for rows.Next() {
			var rowid int64
			var snippet string
			if err := rows.Scan(&rowid, &snippet); err != nil {
				return nil, err
			}
			if h := byRow[rowid]; h != nil {
				h.Snippet = snippet
			}
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for _, h := range hits {
		out.Hits = append(out.Hits, h.Hit)
	}
	return out, nil
}

// searchPrefixIndex is Search with the query run as written, so that FTS5
// answers a prefix from its prefix index where one fits and by merging
// its terms' doclists where none does; the window, ranking, facets and
// snippets are Search's.
func (e *Engine) searchPrefixIndex(ctx context.Context, req *hcnetv1.SearchPracticesRequest) (*hcnetv1.SearchPracticesResponse, error) {
	var vs record.Violations
	conds, args := FilterConds(record.NewChecker("", &vs).At("filter"), req.GetFilter(), []record.Kind{record.KindPractice})
	q := strings.TrimSpace(req.GetQuery())
	m := &Window{limit: e.window, fts: q, match: q, conds: conds, args: args}
	if q == "" {
		if err := e.filterWindow(ctx, m); err != nil {
			return nil, err
		}
	} else {
		if err := e.textWindow(ctx, m, math.MaxInt64); err != nil {
			return nil, err
		}
		phrases := queryPhrases(q)
		if err := e.countTexts(ctx, m.window, phrases); err != nil {
			return nil, err
		}
		rankWindow(phrases, m.window)
	}
	out := &hcnetv1.SearchPracticesResponse{TotalSize: int64(len(m.window)), TotalSizeIsLowerBound: m.capped}
	var err error
	if out.Facets, err = e.facets(ctx, m.window); err != nil {
		return nil, err
	}
	hits, _, err := e.page(ctx, m, "", DefaultPageSize)
	if err != nil {
		return nil, err
	}
	if err := e.finishHits(ctx, q, hits); err != nil {
		return nil, err
	}
	for _, h := range hits {
		out.Hits = append(out.Hits, h.Hit)
	}
	return out, nil
}
