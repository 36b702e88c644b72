package search

import "context"

// paired are the facets whose values facet_pairs pairs (migration 0013):
// those facet_counts counts.
var paired = map[string]bool{"sdg": true, "mechanism": true, "sector": true, "setting": true}

// pairable is a condition of a filter that facet_pairs counts: values of
// a paired facet, or countries, or cities (a place).
type pairable struct {
	facet  string
	values []any
	place  bool
}

// pairCounts reads from facet_pairs what it tells of a filter's
// conditions. When they are its kinds and two conditions of one value
// each, at least one a facet's, n is how many records they select
// (exact). none says that two of the conditions, whatever the others,
// select no record together: no record holds any of one's values with
// any of the other's.
func (e *Engine) pairCounts(ctx context.Context, cs []cond, args []any) (n int64, exact, none bool, err error) {
	var kinds []any
	var ps []pairable
	others := 0
	for _, c := range cs {
		switch {
		case c.what == "kind":
			kinds = args[c.arg : c.arg+c.n]
		case c.what == "term" && paired[args[c.arg].(string)]:
			ps = append(ps, pairable{facet: args[c.arg].(string), values: args[c.arg+1 : c.arg+c.n]})
		case c.what == "country" || c.what == "city":
			ps = append(ps, pairable{facet: c.what, values: args[c.arg : c.arg+c.n], place: true})
		default:
			others++
		}
	}
	if kinds == nil {
		return 0, false, false, nil
	}
	for i, a := range ps {
		for _, b := range ps[i+1:] {
			// Two places, or one facet twice, are not paired.
			if a.place && b.place || a.facet == b.facet {
				continue
			}
			count, err := e.pairCount(ctx, kinds, a, b)
			if err != nil {
				return 0, false, false, err
			}
			if count == 0 {
				none = true
			}
			if len(ps) == 2 && others == 0 && len(a.values) == 1 && len(b.values) == 1 {
				n, exact = count, true
			}
		}
	}
	return n, exact, none, nil
}

// pairCount sums facet_pairs over every value of a with every value of
// b: exact for one value each; for more, a record holding several is
// counted for each, so the sum is 0 only when no record holds any pair.
func (e *Engine) pairCount(ctx context.Context, kinds []any, a, b pairable) (int64, error) {
	// A place is always second; of two facets, the lesser first, as
	// their values are compared after their names (see pairDeltas in
	// the store), and the two facets of a filter differ.
	if a.place || !b.place && a.facet > b.facet {
		a, b = b, a
	}
	q := `SELECT coalesce(sum(n), 0) FROM facet_pairs WHERE kind IN (` + Placeholders(len(kinds)) + `)
		AND facet = ? AND value IN (` + Placeholders(len(a.values)) + `) AND facet2 = ? AND value2 IN (` + Placeholders(len(b.values)) + `)`
	qargs := append(append(append(append(append([]any{}, kinds...), a.facet), a.values...), b.facet), b.values...)
	var n int64
	err := e.db.QueryRowContext(ctx, q, qargs...).Scan(&n)
	return n, err
}

// noneSelected says the filter's conditions select no record, by
// facet_pairs, so that a search need not walk the records of one of
// them to find none of the others.
func (e *Engine) noneSelected(ctx context.Context, m *Window) (bool, error) {
	if !e.table || !e.pairs {
		return false, nil
	}
	if _, err := e.share(ctx, m, readConds(m.conds)); err != nil {
		return false, err
	}
	return m.none, nil
}
