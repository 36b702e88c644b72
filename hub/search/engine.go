package search

import (
	"context"
	"database/sql"
)

// Limits bound the work of one search. The zero value is the hub's.
type Limits struct {
	// Window is how many records a search ranks at most: a text query
	// ranks only the newest Window records that match its words and its
	// filter. Finding them walks the FTS
	// doclist (or the table) newest first and stops, so a word in every
	// one of a million records costs what a word in a thousand does. When
	// more match, the page tokens of a text query reach the window only,
	// and total_size and the facets are counted as Count says. 1000 when
	// zero.
	Window int
	// ScanBudget bounds how many newest matches of the words a filtered
	// text query walks looking for ones the filter also selects. When the
	// budget runs out before the window fills, the filter is narrow, and
	// the query walks the filter's records instead, testing each against
	// the words. 20000 when zero.
	ScanBudget int
	// Count is how many matches a search counts exactly at most when
	// more match than its window: up to Count, total_size and the facets
	// count every match; beyond, they count the newest Count and say they
	// are lower bounds. A filter of one facet value, a country or a city
	// (or none) without words is counted exactly whatever its size, from
	// the counts ingest keeps (facet_counts). 5000 when zero.
	Count int
	// NoCountTable turns off the counts ingest keeps (facet_counts and
	// facet_pairs), so that tests can see the counting window at work on
	// a few records.
	NoCountTable bool
	// NoPairCounts turns off the counts of two conditions together
	// (facet_pairs), so that tests can compare the answers with and
	// without them.
	NoPairCounts bool
	// NoTermLead turns off the walk led by a facet term (textWindow), so
	// that tests can compare the walk with and without it.
	NoTermLead bool
	// NoFilterLead makes every walk of a filter's records walk them all,
	// newest first, rather than start from its narrowest condition
	// (planFor), so that tests can compare the two.
	NoFilterLead bool
	// ProbeSpan is how far apart, in rowids, the filter's records of a
	// chunk may lie on average for the narrow walk to read the words
	// over the chunk's stretch rather than record by record (narrow.go).
	// 400 when zero.
	ProbeSpan int
}

// Engine answers the hub's searches over its read model: the records,
// record_terms and records_fts tables of the hub's database.
type Engine struct {
	db      *sql.DB
	window  int
	budget  int
	count   int
	lead    bool
	table   bool
	pairs   bool
	planned bool
	span    int64
}

// New returns an engine that reads db, the hub database's pool of readers.
func New(db *sql.DB, l Limits) *Engine {
	e := &Engine{db: db, window: l.Window, budget: l.ScanBudget, count: l.Count, lead: !l.NoTermLead, table: !l.NoCountTable,
		pairs: !l.NoPairCounts, planned: !l.NoFilterLead}
	if e.window == 0 {
		e.window = 1000
	}
	if e.budget == 0 {
		e.budget = 20000
	}
	if e.count == 0 {
		e.count = 5000
	}
	if e.span = int64(l.ProbeSpan); e.span == 0 {
		e.span = probeSpan
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

// Walked says how the window's filter was walked, if it was: "all" its
// records newest first, or from the records of one of its conditions,
// "term" (a facet's values) or "place" (cities or countries); see planFor.
func (m *Window) Walked() string { return m.walk }

// FinishHits adds snippets, and the best-matching language's title and
// summary, to hits of a window with the given query (see finishHits).
func (e *Engine) FinishHits(ctx context.Context, query string, hits []Hit) error {
	return e.finishHits(ctx, query, hits)
}
