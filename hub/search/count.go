package search

import (
	"context"
	"database/sql"
	"math"
	"slices"
	"strings"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// counted is a search's total and facet counts, each exact or a lower
// bound.
type counted struct {
	total             int64
	totalLow          bool
	facets            []*hcnetv1.Facet
	facetsLow, ranked bool
}

// countAll counts the records a search selects (see Limits.Count): from
// the ranked window when it holds them all; from facet_counts when the
// filter is one the table answers; else in SQLite, up to e.count matches,
// without reading them into Go.
func (e *Engine) countAll(ctx context.Context, m *Window) (counted, error) {
	if !m.capped {
		f, err := e.facets(ctx, m.window)
		return counted{total: int64(len(m.window)), facets: f}, err
	}
	if m.all != nil && len(m.all) <= e.count {
		// The walk for the window listed every record: count those.
		f, err := e.facets(ctx, m.all)
		return counted{total: int64(len(m.all)), facets: f}, err
	}
	c := counted{ranked: m.fts != ""}
	var tabled bool
	if m.fts == "" && e.table {
		var err error
		if c.total, tabled, err = e.tableTotal(ctx, m.conds, m.args); err != nil {
			return c, err
		}
		if tabled && len(m.conds) == 1 {
			c.facets, err = e.tableFacets(ctx, m.args)
			return c, err
		}
	}
	if m.fts == "" && !tabled && m.paired && m.pair > int64(e.count) {
		// facet_pairs says more match than the count: the walk would
		// stop at one past it and answer this.
		c.total, c.totalLow = int64(max(e.count, len(m.window))), true
		var err error
		c.facets, err = e.facets(ctx, m.window)
		c.facetsLow = true
		return c, err
	}
	if tabled && c.total > int64(e.count) {
		var err error
		c.facets, err = e.facets(ctx, m.window)
		c.facetsLow = true
		return c, err
	}
	// The words' newest countBudget matches: how many, and the oldest.
	var walked int
	var floor sql.NullInt64
	walk := func() error {
		return e.db.QueryRowContext(ctx, `SELECT count(*), min(rowid) FROM (SELECT rowid FROM records_fts WHERE records_fts MATCH ?
			ORDER BY rowid DESC LIMIT ?)`, m.match, e.countBudget()).Scan(&walked, &floor)
	}
	_, lead := termLead(m.conds, m.args)
	lead = lead && m.fts != ""
	if lead {
		if err := walk(); err != nil {
			return c, queryError(err)
		}
	}
	sub, args, err := e.matchSQL(ctx, m, lead, floor.Int64)
	if err != nil {
		return c, err
	}
	var n int
	err = e.db.QueryRowContext(ctx, `SELECT count(*) FROM (`+sub+`)`, args...).Scan(&n)
	if err == nil && m.fts != "" && !lead && n <= e.count {
		err = walk()
	}
	if err != nil {
		return c, queryError(err)
	}
	// Past the count, or past the words' matches the count may walk, the
	// counts are of the newest matches; the facets count the ranked
	// window then, which costs a fifth of the counted one.
	if n > e.count || walked >= e.countBudget() {
		if !tabled {
			c.total, c.totalLow = int64(max(min(n, e.count), len(m.window))), true
		}
		c.facets, err = e.facets(ctx, m.window)
		c.facetsLow = true
		return c, err
	}
	if !tabled {
		c.total = int64(n)
	}
	c.facets, err = e.facetsOf(ctx, sub, args)
	return c, err
}

// countBudget is how many of the words' newest matches a count walks
// looking for ones the filter selects: one more than it counts, so that
// words that match more records than that, of any kind, are counted as
// at least what the walk found. Each match walked costs the filter's
// probe (a record's row, a facet value's list): 20,000 of them cost a
// common word with a facet value 20 ms at a million records.
func (e *Engine) countBudget() int {
	return e.count + 1
}

// matchSQL is a statement that lists the rowids of the newest e.count+1
// records a search selects, and its arguments. With words, it looks
// among their newest countBudget matches only, the oldest of which is
// floor. When lead, the filter's one facet value is tested against its
// records from floor on, read once, rather than probed per match (see
// textWindow).
func (e *Engine) matchSQL(ctx context.Context, m *Window, lead bool, floor int64) (string, []any, error) {
	conds, args := m.conds, m.args
	if lead {
		l, _ := termLead(conds, args)
		conds = slices.Clone(conds)
		conds[l.cond] = `r.rowid IN (SELECT record FROM record_terms WHERE facet = ? AND value = ? AND record >= ?)`
		args = slices.Concat(args[:l.arg+2], []any{floor}, args[l.arg+2:])
	}
	if m.fts == "" {
		p, err := e.planFor(ctx, m, e.count+1)
		if err != nil {
			return "", nil, err
		}
		q, qargs := p.walk(`r.rowid`, math.MaxInt64, "", nil, e.count+1)
		return q, qargs, nil
	}
	return `SELECT r.rowid FROM (SELECT rowid FROM records_fts WHERE records_fts MATCH ? ORDER BY rowid DESC LIMIT ?) f
		CROSS JOIN records r INDEXED BY records_head ON r.rowid = f.rowid WHERE ` + strings.Join(conds, " AND ") + ` LIMIT ?`,
		slices.Concat([]any{m.match, e.countBudget()}, args, []any{e.count + 1}), nil
}

// facetsOf counts the facets of the records a statement lists, in
// SQLite, so that the rows never cross into Go. Each record's kind,
// country and city are read once, from records_head: the table's rows,
// with their texts and envelopes, are a page each.
func (e *Engine) facetsOf(ctx context.Context, sub string, args []any) ([]*hcnetv1.Facet, error) {
	rows, err := e.db.QueryContext(ctx, `WITH m (rowid) AS MATERIALIZED (`+sub+`)
		SELECT '', r.kind, r.country, r.city_id, count(*) FROM m JOIN records r INDEXED BY records_head ON r.rowid = m.rowid
			GROUP BY r.kind, r.country, r.city_id
		UNION ALL SELECT t.facet, t.value, '', '', count(*) FROM m JOIN record_terms t INDEXED BY record_terms_by_record ON t.record = m.rowid
			WHERE +t.facet IN ('sdg', 'mechanism', 'sector', 'setting') GROUP BY t.facet, t.value`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sums := map[[2]string]int64{}
	for rows.Next() {
		var facet, value, country, city string
		var n int64
		if err := rows.Scan(&facet, &value, &country, &city, &n); err != nil {
			return nil, err
		}
		if facet != "" {
			sums[[2]string{facet, value}] += n
			continue
		}
		sums[[2]string{"kind", value}] += n
		sums[[2]string{"country", country}] += n
		sums[[2]string{"city", city}] += n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return facetList(sums), nil
}

// tableTotal is how many records the conditions of a filter without
// words select, read from facet_counts, when the filter is one it holds:
// kinds alone, or with one facet value, or with countries, or with
// cities. ok is false for any other filter.
func (e *Engine) tableTotal(ctx context.Context, conds []string, args []any) (n int64, ok bool, err error) {
	last := conds[len(conds)-1]
	if !strings.HasPrefix(last, "r.kind IN") {
		return 0, false, nil
	}
	kinds := args[len(args)-strings.Count(last, "?"):]
	var facet string
	var values []any
	switch {
	case len(conds) == 1:
		facet, values = "kind", kinds
	case len(conds) != 2:
		return 0, false, nil
	case conds[0] == termCond(1):
		facet, values = args[0].(string), args[1:2]
	case strings.HasPrefix(conds[0], "r.country IN"):
		facet, values = "country", args[:len(args)-len(kinds)]
	case strings.HasPrefix(conds[0], "r.city_id IN"):
		facet, values = "city", args[:len(args)-len(kinds)]
	default:
		return 0, false, nil
	}
	q := `SELECT coalesce(sum(n), 0) FROM facet_counts WHERE kind IN (` + Placeholders(len(kinds)) + `) AND facet = ? AND value IN (` + Placeholders(len(values)) + `)`
	err = e.db.QueryRowContext(ctx, q, append(append(append([]any{}, kinds...), facet), values...)...).Scan(&n)
	return n, err == nil, err
}

// tableFacets reads the facets of every record of the given kinds from
// facet_counts.
func (e *Engine) tableFacets(ctx context.Context, kinds []any) ([]*hcnetv1.Facet, error) {
	rows, err := e.db.QueryContext(ctx, `SELECT facet, value, sum(n) FROM facet_counts
		WHERE kind IN (`+Placeholders(len(kinds))+`) AND n > 0 GROUP BY facet, value`, kinds...)
	if err != nil {
		return nil, err
	}
	return readFacets(rows)
}

// readFacets reads rows of (facet, value, count) into facets in
// FacetOrder, each's counts sorted.
func readFacets(rows *sql.Rows) ([]*hcnetv1.Facet, error) {
	defer rows.Close()
	sums := map[[2]string]int64{}
	for rows.Next() {
		var facet, value string
		var n int64
		if err := rows.Scan(&facet, &value, &n); err != nil {
			return nil, err
		}
		sums[[2]string{facet, value}] += n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return facetList(sums), nil
}

// facetList is counts by facet and value as facets in FacetOrder, each's
// counts sorted.
func facetList(sums map[[2]string]int64) []*hcnetv1.Facet {
	byName := map[string][]*hcnetv1.FacetCount{}
	for k, n := range sums {
		byName[k[0]] = append(byName[k[0]], &hcnetv1.FacetCount{Value: k[1], Count: n})
	}
	out := make([]*hcnetv1.Facet, 0, len(FacetOrder))
	for _, name := range FacetOrder {
		f := &hcnetv1.Facet{Name: name, Counts: byName[name]}
		SortCounts(f.Counts)
		out = append(out, f)
	}
	return out
}
