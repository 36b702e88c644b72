package hub

import (
	"cmp"
	"context"
	"database/sql"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// BenchmarkSearchDesigns compares, in one run over the same corpus, the
// hub's search (prefixes spelled out from the index pages, BM25 in Go over
// the window) with FTS5's own answer to the same two problems: a prefix
// index (prefix='2 3 4') and bm25() over the same bounded window. The
// corpus is BenchmarkSearchCorpus's (HCNET_SEARCH_CORPUS, HCNET_SEARCH_DB);
// the second design reads a copy of it whose records_fts is rebuilt with
// the prefix option, kept next to it. Building the copy logs what
// indexing the corpus costs with and without the option and the index's
// size on disk (go test -v).
func BenchmarkSearchDesigns(b *testing.B) {
	st, path := corpusStore(b)
	ctx := context.Background()
	prefixPath := path + ".fts-prefix"
	if _, err := os.Stat(prefixPath); err != nil {
		buildPrefixCopy(b, st, prefixPath)
	}
	sb, err := OpenStore(ctx, prefixPath)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sb.Close() })
	for _, name := range []string{"A", "B"} {
		db := st.db.Read
		if name == "B" {
			db = sb.db.Read
		}
		b.Logf("index %s: %.1f MiB", name, float64(ftsBytes(b, db))/(1<<20))
	}
	queries := append(slices.Clone(benchQueries), struct {
		Name    string
		Request *hcnetv1.SearchPracticesRequest
	}{"prefix3", &hcnetv1.SearchPracticesRequest{Query: "gen*"}})
	for _, q := range queries {
		for _, design := range []string{"A", "B"} {
			b.Run(q.Name+"/"+design, func(b *testing.B) {
				var lat []time.Duration
				for b.Loop() {
					start := time.Now()
					var res *hcnetv1.SearchPracticesResponse
					var err error
					if design == "A" {
						res, err = st.Search(ctx, q.Request)
					} else {
						res, err = searchFTS(ctx, sb, q.Request)
					}
					if err != nil {
						b.Fatal(err)
					}
					lat = append(lat, time.Since(start))
					if len(res.GetHits()) == 0 {
						b.Fatalf("%s: no hits", q.Name)
					}
				}
				b.ReportMetric(quantileMS(lat, 0.50), "p50-ms")
				b.ReportMetric(quantileMS(lat, 0.99), "p99-ms")
			})
		}
	}
}

// buildPrefixCopy copies the corpus to path and indexes it twice there,
// timing each: as records_fts is today, then with the prefix option, which
// it keeps.
func buildPrefixCopy(b *testing.B, st *Store, path string) {
	ctx := context.Background()
	if _, err := st.db.Write.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		b.Fatal(err)
	}
	copyFile(b, st.db.Path, path)
	sb, err := OpenStore(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer sb.Close()
	var n int
	if err := sb.db.Read.QueryRowContext(ctx, `SELECT count(*) FROM records`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	for _, prefix := range []string{"", ", prefix = '2 3 4'"} {
		start := time.Now()
		for _, q := range []string{`DROP TABLE records_fts`,
			`CREATE VIRTUAL TABLE records_fts USING fts5 (title, summary, body, content = 'records', content_rowid = 'rowid',
				tokenize = 'unicode61 remove_diacritics 2'` + prefix + `)`,
			`INSERT INTO records_fts (records_fts) VALUES ('rebuild')`} {
			if _, err := sb.db.Write.ExecContext(ctx, q); err != nil {
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
// the newest searchWindow matches the filter selects, ranked by bm25()
// with the same column weights, snippets by snippet().
func searchFTS(ctx context.Context, st *Store, req *hcnetv1.SearchPracticesRequest) (*hcnetv1.SearchPracticesResponse, error) {
	var vs record.Violations
	conds, args := filterConds(record.NewChecker("", &vs).At("filter"), req.GetFilter(), []record.Kind{record.KindPractice})
	q := strings.TrimSpace(req.GetQuery())
	m := &matchSet{fts: q, match: q, conds: conds, args: args}
	if q == "" {
		if err := st.filterWindow(ctx, m); err != nil {
			return nil, err
		}
	} else {
		rows, err := st.db.Read.QueryContext(ctx, `SELECT f.rowid, r.country, r.city_id, r.kind, bm25(records_fts, 4, 2, 1)
			FROM records_fts f CROSS JOIN records r INDEXED BY records_head ON r.rowid = f.rowid
			WHERE records_fts MATCH ? AND `+strings.Join(conds, " AND ")+` ORDER BY f.rowid DESC LIMIT ?`,
			slices.Concat([]any{q}, args, []any{searchWindow + 1})...)
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
		if len(m.window) > searchWindow {
			m.window, m.capped = m.window[:searchWindow], true
		}
		if len(m.window) > 0 {
			m.ceiling = m.window[0].rowid
		}
		slices.SortFunc(m.window, func(a, b match) int { return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.rowid, a.rowid)) })
	}
	out := &hcnetv1.SearchPracticesResponse{TotalSize: int64(len(m.window)), TotalSizeIsLowerBound: m.capped}
	var err error
	if out.Facets, err = st.facets(ctx, m); err != nil {
		return nil, err
	}
	hits, _, err := st.page(ctx, m, "", DefaultSearchPageSize)
	if err != nil {
		return nil, err
	}
	if q != "" && len(hits) > 0 {
		ids := make([]any, len(hits))
		lo, hi := hits[0].rowid, hits[0].rowid
		for i, h := range hits {
			ids[i] = h.rowid
			lo, hi = min(lo, h.rowid), max(hi, h.rowid)
		}
		rows, err := st.db.Read.QueryContext(ctx, `SELECT rowid, snippet(records_fts, -1, '[', ']', '…', 16) FROM records_fts
			WHERE records_fts MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN (`+placeholders(len(ids))+`)`, append([]any{q, lo, hi}, ids...)...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		byRow := map[int64]*hcnetv1.SearchHit{}
		for _, h := range hits {
			byRow[h.rowid] = h.hit
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
		out.Hits = append(out.Hits, h.hit)
	}
	return out, nil
}
