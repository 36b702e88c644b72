package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/hcnet/hcnet/internal/corpus"
	"google.golang.org/protobuf/proto"
)

// pairsRecount counts facet_pairs afresh from record_terms and records,
// as migration 0013 fills it.
const pairsRecount = `SELECT r.kind, a.facet, a.value, b.facet, b.value, count(*)
        FROM record_terms a JOIN record_terms b ON b.record = a.record AND (a.facet, a.value) < (b.facet, b.value)
        JOIN records r ON r.rowid = a.record
        WHERE a.facet IN ('sdg', 'mechanism', 'sector', 'setting') AND b.facet IN ('sdg', 'mechanism', 'sector', 'setting')
        GROUP BY r.kind, a.facet, a.value, b.facet, b.value
    UNION ALL SELECT r.kind, t.facet, t.value, 'country', r.country, count(*)
        FROM record_terms t JOIN records r ON r.rowid = t.record
        WHERE t.facet IN ('sdg', 'mechanism', 'sector', 'setting') GROUP BY r.kind, t.facet, t.value, r.country
    UNION ALL SELECT r.kind, t.facet, t.value, 'city', r.city_id, count(*)
        FROM record_terms t JOIN records r ON r.rowid = t.record
        WHERE t.facet IN ('sdg', 'mechanism', 'sector', 'setting') GROUP BY r.kind, t.facet, t.value, r.city_id`

// The pairs ingest keeps are the pairs the records hold: after new
// records, new versions with other terms (twice in one batch, and in a
// later one) and withdrawals, facet_pairs equals a recount, zero rows
// aside.
func TestFacetPairsEqualARecount(t *testing.T) {
	ctx := context.Background()
	st := benchStore(t)
	keys := benchKeys(t, len(corpus.Cities()))
	first := corpusBatch(t, keys, 0, 400)
	if res, err := st.Apply(ctx, first); err != nil || res.Upserted != 400 {
		t.Fatalf("apply: %+v, %v", res, err)
	}
	check := func(when string) {
		t.Helper()
		got, want := readPairs(t, st, `SELECT kind, facet, value, facet2, value2, n FROM facet_pairs WHERE n != 0`), readPairs(t, st, pairsRecount)
		if len(want) < 100 {
			t.Fatalf("%s: %d pairs held; the test means many", when, len(want))
		}
		for k, n := range want {
			if got[k] != n {
				t.Errorf("%s: %s counted %d, held by %d", when, k, got[k], n)
			}
		}
		for k, n := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("%s: %s counted %d, held by none", when, k, n)
			}
		}
	}
	check("after the first batch")
	// Versions 2 and 3 of the first 50 in one batch, each the terms of
	// another practice; the withdrawal of the next 30.
	var next []Incoming
	for i := range 50 {
		for _, v := range []int64{2, 3} {
			in := first[i]
			h := proto.CloneOf(in.Header)
			h.Version = v
			rec := corpus.Practice(int(v)*1000+i, h.Id)
			rec.GetPractice().Version = v
			next = append(next, Incoming{Subject: in.Subject, Envelope: in.Envelope, Header: h, Record: rec, Path: in.Path})
		}
	}
	for i := 50; i < 80; i++ {
		h := proto.CloneOf(first[i].Header)
		h.Version = 2
		next = append(next, Incoming{Subject: first[i].Subject, Envelope: first[i].Envelope, Header: h})
	}
	if res, err := st.Apply(ctx, next); err != nil || res.Upserted != 100 || res.Deleted != 30 {
		t.Fatalf("apply: %+v, %v", res, err)
	}
	check("after new versions and withdrawals")
}

// readPairs reads rows of (kind, facet, value, facet2, value2, n).
func readPairs(t *testing.T, st *Store, q string) map[string]int64 {
	t.Helper()
	rows, err := st.db.Read.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var k pairKey
		var n int64
		if err := rows.Scan(&k.kind, &k.facet, &k.value, &k.facet2, &k.value2, &n); err != nil {
			t.Fatal(err)
		}
		out[fmt.Sprint(k)] += n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
