package search

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/sqlitedb"
)

func TestRewritePrefixes(t *testing.T) {
	expand := func(w string) string {
		if w == "none" {
			return ""
		}
		return "(" + w + "1 OR " + w + "2)"
	}
	for _, c := range []struct{ title, query, want string }{
		{"a lone prefix", "generat*", "(generat1 OR generat2)"},
		{"quoted", `"Generat"*`, "(Generat1 OR Generat2)"},
		{"beside a word: an explicit AND", "health generat*", "(health AND (generat1 OR generat2))"},
		{"the run that binds tightest", "a b NOT c d*", "a b NOT (c AND (d1 OR d2))"},
		{"an operand", "generat* OR health", "(generat1 OR generat2) OR health"},
		{"column filter", "title: gen*", "title : (gen1 OR gen2)"},
		{"negated column filter", "-title: gen*", "- title : (gen1 OR gen2)"},
		{"column set", "{title summary}: gen*", "{ title summary } : (gen1 OR gen2)"},
		{"inside a group", "title: (gen* x) OR y", "title : ( ((gen1 OR gen2) AND x) ) OR y"},
		{"two prefixes", "ab* cd*", "((ab1 OR ab2) AND (cd1 OR cd2))"},
		{"prefix that stays", "health none*", "health none*"},
		{"no prefix", "health", "health"},
		{"phrase prefix stays", `"meeting plac"*`, `"meeting plac"*`},
		{"NEAR stays", "NEAR(gen* health, 2)", "NEAR(gen* health, 2)"},
		{"initial token stays", "^gen*", "^gen*"},
		{"phrase concatenation stays", "a + gen*", "a + gen*"},
		{"a separator inside stays", "covid_19*", "covid_19*"},
		{"no parse: FTS5 says why", "covid-19*", "covid-19*"},
		{"no parse: group beside a word", "(gen*) x", "(gen*) x"},
		{"no parse: trailing operator", "gen* AND", "gen* AND"},
		{"no parse: unterminated", `gen* "a`, `gen* "a`},
	} {
		if got := rewritePrefixes(c.query, expand); got != c.want {
			t.Errorf("%s: rewritePrefixes(%q) = %q, want %q", c.title, c.query, got, c.want)
		}
	}
}

// prefixCorpus fills records_fts alone (the index is what is read) over
// several commits, with pages small enough that terms span many leaves
// and segments are merged while it fills, then deletes some rows. It
// returns the words it wrote.
func prefixCorpus(t testing.TB) (*testIndex, map[string]bool) {
	t.Helper()
	st := openIndex(t)
	ctx := context.Background()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := st.db.Write.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO records_fts (records_fts, rank) VALUES ('pgsz', 64)`)
	rng := rand.New(rand.NewPCG(1, 2))
	written := map[string]bool{}
	word := func() string {
		// Few letters, so that prefixes share many terms; some words in
		// most records, so that doclists span pages.
		if rng.IntN(3) == 0 {
			return []string{"gen", "generate", "generations", "general"}[rng.IntN(4)]
		}
		b := make([]byte, 1+rng.IntN(6))
		for i := range b {
			b[i] = "abcgen"[rng.IntN(6)]
		}
		return string(b)
	}
	rowid := 0
	for range 30 {
		tx, err := st.db.Write.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		for range 40 {
			rowid++
			var cols [3]string
			for c := range cols {
				ws := make([]string, 1+rng.IntN(8))
				for i := range ws {
					ws[i] = word()
					written[ws[i]] = true
				}
				cols[c] = strings.Join(ws, " ")
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO records_fts (rowid, title, summary, body) VALUES (?, ?, ?, ?)`,
				rowid, cols[0], cols[1], cols[2]); err != nil {
				t.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	exec(`DELETE FROM records_fts WHERE rowid % 7 = 0`)
	var segments int
	if err := st.db.Read.QueryRowContext(ctx, `SELECT count(DISTINCT segid) FROM records_fts_idx`).Scan(&segments); err != nil {
		t.Fatal(err)
	}
	if segments < 2 {
		t.Fatalf("%d segments; the corpus should have several", segments)
	}
	return st, written
}

// TestPrefixTermsListsTheIndex checks the terms read from the leaves
// against FTS5's own list of them (fts5vocab), which counts documents
// and so lists only terms some row still holds.
func TestPrefixTermsListsTheIndex(t *testing.T) {
	st, written := prefixCorpus(t)
	ctx := context.Background()
	if _, err := st.db.Write.ExecContext(ctx, `CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, records_fts, row)`); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"a", "g", "ge", "gen", "gene", "genera", "generat", "generations", "generationsx", "e", "ab", "cab", "z", "n", "0"} {
		got, err := st.prefixTerms(ctx, p, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := st.db.Write.QueryContext(ctx, `SELECT term FROM temp.vocab WHERE term >= ? AND term < ?`, p, p[:len(p)-1]+string(p[len(p)-1]+1))
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for rows.Next() {
			var term string
			if err := rows.Scan(&term); err != nil {
				t.Fatal(err)
			}
			want = append(want, term)
		}
		rows.Close()
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("prefixTerms(%q) misses %q (has %d of fts5vocab's %d)", p, w, len(got), len(want))
			}
		}
		for _, g := range got {
			if !written[g] || !strings.HasPrefix(g, p) {
				t.Errorf("prefixTerms(%q) lists %q, a term never written with that prefix", p, g)
			}
		}
		if len(want) > 3 {
			if some, _ := st.prefixTerms(ctx, p, 3); len(some) != 4 {
				t.Errorf("prefixTerms(%q, 3) = %d terms, want 4 (the limit and one more)", p, len(some))
			}
		}
	}
}

// TestExpandPrefixesKeepsMatches runs queries with prefixes as written
// and as expanded, and wants the same rows, or an error from both.
func TestExpandPrefixesKeepsMatches(t *testing.T) {
	st, _ := prefixCorpus(t)
	ctx := context.Background()
	rowids := func(q string) ([]int64, error) { return matchRowids(ctx, st, q) }
	queries := []string{"generat*", "Gen*", `"gener"*`, "ab* gen*", "a* OR b*", "c NOT gen*", "title: gen*", "-title: a*",
		"{summary body}: ge*", "title: (gen* a) OR cab*", "gen* NOT generate", "a b* c", "zz*", "ab* AND (c* OR e*)",
		"NEAR(gen* a)", "^ge*", "ge* + a", "ge*:", "nosuch: ge*", "ge* (a)", "g*"}
	// Random queries, mostly of the grammar's parts, now and then with a
	// token out of place.
	rng := rand.New(rand.NewPCG(3, 4))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	var unit func(depth int) string
	unit = func(depth int) string {
		switch rng.IntN(8) {
		case 0:
			if depth < 2 {
				return pick("", "title: ", "-body: ", "{title summary}: ") + "(" + unit(depth+1) + " " + pick("OR", "AND", "NOT") + " " + unit(depth+1) + ")"
			}
		case 1:
			return pick("", "title: ", "-summary: ") + "NEAR(" + pick("a", "gen*", "ca") + " " + pick("b", "e*") + pick("", ", 3") + ")"
		case 2:
			return pick("^", "") + pick("a", "gen") + " + " + pick("b", "e*")
		case 3:
			return pick("(", ")", "*", "-", ":", `"`, "AND", "+")
		}
		return pick("", "", "title: ", "-title: ", "{summary body}: ") + pick("a", "ab*", "gen*", "genera*", `"gen"*`, "c", "e*", "ca*", "ba*", "generate")
	}
	for range 500 {
		q := unit(0)
		for range rng.IntN(4) {
			q += pick(" ", " ", " OR ", " AND ", " NOT ") + unit(0)
		}
		queries = append(queries, q)
	}
	expanded := 0
	for _, q := range queries {
		x, err := st.expandPrefixes(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if x != q {
			expanded++
		}
		want, werr := rowids(q)
		got, gerr := rowids(x)
		if (werr != nil) != (gerr != nil) || !slices.Equal(got, want) {
			t.Errorf("%q as %q: %d rows (%v), want %d (%v)", q, x, len(got), gerr, len(want), werr)
		}
	}
	if expanded < 50 {
		t.Errorf("%d queries expanded; the test means to compare more", expanded)
	}
}

// matchRowids runs an FTS5 query over records_fts alone.
func matchRowids(ctx context.Context, st *testIndex, q string) ([]int64, error) {
	rows, err := st.db.Read.QueryContext(ctx, `SELECT rowid FROM records_fts WHERE records_fts MATCH ? ORDER BY rowid DESC`, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// FuzzExpandPrefixes wants any query to match the same rows as written
// and with its prefixes spelled out, or to fail both ways.
func FuzzExpandPrefixes(f *testing.F) {
	st, _ := prefixCorpus(f)
	for _, q := range []string{"generat*", "a b* NOT c", "title: (gen* x) OR y", `"gen"*`, "-{title body}: ab*", "NEAR(gen* a, 2)"} {
		f.Add(q)
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, q string) {
		x, err := st.expandPrefixes(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		want, werr := matchRowids(ctx, st, q)
		got, gerr := matchRowids(ctx, st, x)
		if (werr != nil) != (gerr != nil) || !slices.Equal(got, want) {
			t.Fatalf("%q as %q: %d rows (%v), want %d (%v)", q, x, len(got), gerr, len(want), werr)
		}
	})
}

// testIndex is a database with the hub's schema, and an engine reading it.
type testIndex struct {
	db *sqlitedb.DB
	*Engine
}

func openIndex(t testing.TB) *testIndex {
	t.Helper()
	db, err := sqlitedb.Open(context.Background(), filepath.Join(t.TempDir(), "hub.db"), sqlitedb.SyncFull, os.DirFS("../store/migrations"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &testIndex{db: db, Engine: New(db.Read, Limits{})}
}
