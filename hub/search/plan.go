package search

import (
	"context"
	"math"
	"slices"
	"strings"
)

// A filter's records are found by a walk newest first that tests each
// record against the filter's conditions (FilterConds). Walking every
// record (records_head) is cheapest when the filter selects many of them;
// when it selects few, that walk tests a million records to find none.
// The walk can instead start from the records of one condition: a facet
// value's list in record_terms (in rowid order), or a city's or country's
// records in records_by_kind (sorted first). A plan picks the start that
// tests the fewest records, from the sizes ingest keeps (facet_counts),
// taking the conditions as independent.

// cond is one condition of a filter as FilterConds writes it: its place,
// the place of its first argument and how many it has, and what it tests.
type cond struct {
	at, arg, n int
	what       string // "term", "country", "city", "kind", or "" for any other
}

// readConds reads what each condition of a filter tests.
func readConds(conds []string) []cond {
	out := make([]cond, len(conds))
	arg := 0
	for i, c := range conds {
		n := strings.Count(c, "?")
		out[i] = cond{at: i, arg: arg, n: n}
		switch {
		case n >= 2 && c == termCond(n-1):
			out[i].what = "term"
		case strings.HasPrefix(c, "r.country IN ("):
			out[i].what = "country"
		case strings.HasPrefix(c, "r.city_id IN ("):
			out[i].what = "city"
		case strings.HasPrefix(c, "r.kind IN ("):
			out[i].what = "kind"
		}
		arg += n
	}
	return out
}

// plan is a walk of a filter's records newest first: the tables it reads
// (r is the record), the column it orders by, and the conditions it tests.
type plan struct {
	from     string
	fromArgs []any
	key      string
	conds    []string
	args     []any
	lead     string // what leads: "all", "term" or "place"
}

// walk is a statement that lists cols of the newest limit records the
// plan selects with a key at most atMost that also meet extra, and its
// arguments.
func (p plan) walk(cols string, atMost int64, extra string, extraArgs []any, limit int) (string, []any) {
	q := `SELECT ` + cols + ` FROM ` + p.from + ` WHERE ` + strings.Join(p.conds, " AND ") + ` AND ` + p.key + ` <= ?`
	if extra != "" {
		q += ` AND ` + extra
	}
	return q + ` ORDER BY ` + p.key + ` DESC LIMIT ?`, slices.Concat(p.fromArgs, p.args, []any{atMost}, extraArgs, []any{limit})
}

// allPlan walks every record: records_head holds what the conditions
// read, in rowid order.
func allPlan(conds []string, args []any) plan {
	return plan{from: "records r INDEXED BY records_head", key: "r.rowid", conds: conds, args: args, lead: "all"}
}

// planFor picks the walk that finds need records of the window's filter
// testing the fewest records. It reads the sizes of the filter's
// conditions from facet_counts once per window.
func (e *Engine) planFor(ctx context.Context, m *Window, need int) (plan, error) {
	all := allPlan(m.conds, m.args)
	if !e.planned {
		return all, nil
	}
	cs := readConds(m.conds)
	sel, err := e.share(ctx, m, cs)
	if err != nil || m.total == 0 {
		return all, err
	}
	total := float64(m.total)
	// walked is how many records a walk over start records tests to
	// find need, when the other conditions select a share others.
	walked := func(start float64, others float64) float64 {
		if others <= 0 {
			return start
		}
		return min(start, float64(need)/others)
	}
	best, cost := all, walked(total, sel)
	kinds := -1
	place, placeSize := -1, math.Inf(1)
	for i, c := range cs {
		s, ok := m.sizes[c.at]
		switch {
		case c.what == "kind":
			kinds = i
		case !ok:
		case c.what == "term" && c.n == 2:
			// One value's list is in rowid order: the walk stops
			// when it has found need records.
			size := float64(s)
			others := 0.0
			if size > 0 {
				others = sel / (size / total)
			}
			if w := walked(size, others); w < cost {
				best, cost = termPlan(m.conds, m.args, c), w
			}
		case c.what == "term":
			// Several values' lists are merged and sorted first:
			// every record of them is read, and sorting costs about
			// as much again.
			if w := 2 * float64(s); w < cost {
				best, cost = termPlan(m.conds, m.args, c), w
			}
		case c.what == "country" || c.what == "city":
			if float64(s) < placeSize {
				place, placeSize = i, float64(s)
			}
		}
	}
	if place >= 0 && kinds >= 0 && 2*placeSize < cost {
		best = placePlan(m.conds, m.args, cs, cs[kinds])
	}
	return best, nil
}

// share is the part of the records of the filter's kinds that its
// conditions select: counted, for two conditions facet_pairs holds, else
// taking them as independent; 1 for a filter of kinds alone, or of
// conditions facet_counts knows nothing of.
func (e *Engine) share(ctx context.Context, m *Window, cs []cond) (float64, error) {
	if m.sizes == nil {
		var err error
		if m.sizes, m.total, err = e.sizes(ctx, cs, m.args); err != nil {
			return 0, err
		}
		if e.table && e.pairs {
			if m.pair, m.paired, m.none, err = e.pairCounts(ctx, cs, m.args); err != nil {
				return 0, err
			}
		}
	}
	if m.total == 0 {
		return 1, nil
	}
	if m.none {
		return 0, nil
	}
	if m.paired {
		// Counted together, not taken as independent.
		return min(float64(m.pair)/float64(m.total), 1), nil
	}
	sel := 1.0
	for _, c := range cs {
		if s, ok := m.sizes[c.at]; ok {
			sel *= min(float64(s)/float64(m.total), 1)
		}
	}
	return sel, nil
}

// termPlan walks the records of one facet's values (record_terms), newest
// first, testing each record's head against the conditions. The lead's
// own condition, which its list already meets, becomes one that always
// holds without a probe of record_terms for each record, and takes the
// same arguments, so that they keep their places.
func termPlan(conds []string, args []any, c cond) plan {
	conds = slices.Clone(conds)
	conds[c.at] = `coalesce(` + Placeholders(c.n) + `) IS NOT NULL`
	p := plan{key: "l.record", conds: conds, args: args, lead: "term", fromArgs: args[c.arg : c.arg+c.n]}
	if c.n == 2 {
		p.from = `record_terms l CROSS JOIN records r INDEXED BY records_head ON l.facet = ? AND l.value = ? AND r.rowid = l.record`
		return p
	}
	// A record holding several of the values is listed once.
	p.from = `(SELECT DISTINCT record FROM record_terms WHERE facet = ? AND value IN (` + Placeholders(c.n-1) + `)) l
		CROSS JOIN records r INDEXED BY records_head ON r.rowid = l.record`
	return p
}

// placePlan walks the records of the filter's cities or countries by
// records_by_kind (kind, country, city_id), sorted newest first. Without
// countries in the filter, the countries that hold records of its kinds
// (facet_counts) stand in for them, so the index is read by its prefix.
func placePlan(conds []string, args []any, cs []cond, kinds cond) plan {
	hasCountry := false
	for _, c := range cs {
		hasCountry = hasCountry || c.what == "country"
	}
	if !hasCountry {
		conds = append(slices.Clone(conds), `r.country IN (SELECT value FROM facet_counts WHERE kind IN (`+Placeholders(kinds.n)+`) AND facet = 'country' AND n > 0)`)
		args = slices.Concat(args, args[kinds.arg:kinds.arg+kinds.n])
	}
	return plan{from: "records r INDEXED BY records_by_kind", key: "r.rowid", conds: conds, args: args, lead: "place"}
}

// sizes reads from facet_counts how many records of the filter's kinds
// (every kind when it names none) each term, country and city condition
// selects, by the condition's place, and how many records of those kinds
// there are.
func (e *Engine) sizes(ctx context.Context, cs []cond, args []any) (map[int]int64, int64, error) {
	var kinds []any
	for _, c := range cs {
		if c.what == "kind" {
			kinds = args[c.arg : c.arg+c.n]
		}
	}
	count := func(facet string, values []any) (int64, error) {
		q := `SELECT coalesce(sum(n), 0) FROM facet_counts WHERE facet = ? AND value IN (` + Placeholders(len(values)) + `)`
		qargs := append([]any{facet}, values...)
		if kinds != nil {
			q += ` AND kind IN (` + Placeholders(len(kinds)) + `)`
			qargs = append(qargs, kinds...)
		}
		var n int64
		err := e.db.QueryRowContext(ctx, q, qargs...).Scan(&n)
		return n, err
	}
	out := map[int]int64{}
	for _, c := range cs {
		var facet string
		var values []any
		// c.what names a facet (a city is a facet here, not a kind of record).
		if c.what == "term" {
			facet, values = args[c.arg].(string), args[c.arg+1:c.arg+c.n]
		} else if c.what == "country" || c.what == "city" {
			facet, values = c.what, args[c.arg:c.arg+c.n]
		} else {
			continue
		}
		n, err := count(facet, values)
		if err != nil {
			return nil, 0, err
		}
		out[c.at] = n
	}
	var total int64
	var err error
	if kinds != nil {
		total, err = count("kind", kinds)
	} else {
		err = e.db.QueryRowContext(ctx, `SELECT coalesce(sum(n), 0) FROM facet_counts WHERE facet = 'kind'`).Scan(&total)
	}
	return out, total, err
}
