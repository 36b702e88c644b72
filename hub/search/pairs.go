package search

import "context"

// paired are the facets whose values facet_pairs pairs (migration 0013):
// those facet_counts counts.
var paired = map[string]bool{"sdg": true, "mechanism": true, "sector": true, "setting": true}

// pairSize is how many records of the filter's kinds meet its conditions,
// read from facet_pairs, when the filter is its kinds and two conditions
// the table pairs: two facets of one value each, or one with one country
// or one city. ok is false for any other filter.
func (e *Engine) pairSize(ctx context.Context, cs []cond, args []any) (n int64, ok bool, err error) {
	var kinds []any
	var terms, places [][2]string
	for _, c := range cs {
		switch {
		case c.what == "kind":
			kinds = args[c.arg : c.arg+c.n]
		case c.what == "term" && c.n == 2 && paired[args[c.arg].(string)]:
			terms = append(terms, [2]string{args[c.arg].(string), args[c.arg+1].(string)})
		case (c.what == "country" || c.what == "city") && c.n == 1:
			places = append(places, [2]string{c.what, args[c.arg].(string)})
		default:
			return 0, false, nil
		}
	}
	var a, b [2]string
	switch {
	case kinds == nil || len(terms)+len(places) != 2 || len(terms) == 0:
		return 0, false, nil
	case len(places) == 1:
		a, b = terms[0], places[0]
	default:
		// The lesser term first, compared bytewise as SQLite compares
		// the row values that ordered them (see pairDeltas in the store).
		a, b = terms[0], terms[1]
		if a[0] > b[0] || a[0] == b[0] && a[1] > b[1] {
			a, b = b, a
		}
	}
	q := `SELECT coalesce(sum(n), 0) FROM facet_pairs WHERE kind IN (` + Placeholders(len(kinds)) + `)
		AND facet = ? AND value = ? AND facet2 = ? AND value2 = ?`
	err = e.db.QueryRowContext(ctx, q, append(append([]any{}, kinds...), a[0], a[1], b[0], b[1])...).Scan(&n)
	return n, err == nil, err
}

// noneSelected says the filter's conditions select no record, by
// facet_pairs, so that a search need not walk the records of one of
// them to find none of the other.
func (e *Engine) noneSelected(ctx context.Context, m *Window) (bool, error) {
	if !e.table || !e.pairs {
		return false, nil
	}
	if _, err := e.share(ctx, m, readConds(m.conds)); err != nil {
		return false, err
	}
	return m.paired && m.pair == 0, nil
}
