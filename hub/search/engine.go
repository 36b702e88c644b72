package search

import (
	"context"
	"database/sql"
)

// Limits bound the work of one search. The zero value is the hub's.
type Limits struct {
	// Window is how many records a search reads at most: a text query
	// ranks, counts and facets only the newest Window records that match
	// its words and its filter, and a filter alone counts and facets the
	// newest Window records it selects. Finding them walks the FTS
	// doclist (or the table) newest first and stops, so a word in every
	// one of a million records costs what a word in a thousand does. When
	// more match, total_size is Window and total_size_is_lower_bound says
	// so; the facets then count the window. 1000 when zero.
	Window int
	// ScanBudget bounds how many newest matches of the words a filtered
	// text query walks looking for ones the filter also selects. When the
	// budget runs out before the window fills, the filter is narrow, and
	// the query walks the filter's records instead, testing each against
	// the words. 20000 when zero.
	ScanBudget int
	// NoTermLead turns off the walk led by a facet term (textWindow), so
	// that tests can compare the walk with and without it.
	NoTermLead bool
}

// Engine answers the hub's searches over its read model: the records,
// record_terms and records_fts tables of the hub's database.
type Engine struct {
	db     *sql.DB
	window int
	budget int
	lead   bool
}

// New returns an engine that reads db, the hub database's pool of readers.
func New(db *sql.DB, l Limits) *Engine {
	e := &Engine{db: db, window: l.Window, budget: l.ScanBudget, lead: !l.NoTermLead}
	if e.window == 0 {
		e.window = 1000
	}
	if e.budget == 0 {
		e.budget = 20000
	}
	return e
}

// Window finds the newest records (up to the engine's window) that a
// query and the conditions of a filter (FilterConds) select, ranked best
// first when there is a query. A query FTS5 cannot parse is Invalid on
// the field "query".
func (e *Engine) Window(ctx context.Context, query string, conds []string, args []any) (*Window, error) {
	return e.matches(ctx, query, conds, args, "")
}

// Query is the text query of the window, "" for a filter alone.
func (m *Window) Query() string { return m.fts }

// Len is how many records the window holds.
func (m *Window) Len() int { return len(m.window) }

// Rowids are the window's records, best (or newest) first.
func (m *Window) Rowids() []int64 {
	out := make([]int64, len(m.window))
	for i, w := range m.window {
		out[i] = w.rowid
	}
	return out
}

// Ranks maps each record of the window to its relevance (BM25, higher is
// better); 0 without a query.
func (m *Window) Ranks() map[int64]float64 {
	out := make(map[int64]float64, len(m.window))
	for _, w := range m.window {
		out[w.rowid] = w.score
	}
	return out
}

// Capped says more records match than the window holds.
func (m *Window) Capped() bool { return m.capped }

// Led says a facet term of the filter led the walk for the words.
func (m *Window) Led() bool { return m.led }

// FinishHits adds snippets, and the best-matching language's title and
// summary, to hits of a window with the given query (see finishHits).
func (e *Engine) FinishHits(ctx context.Context, query string, hits []Hit) error {
	return e.finishHits(ctx, query, hits)
}
