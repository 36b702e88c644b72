package search

import (
	"context"
	"database/sql"
)

// When a filter selects few of the records its words match, the walk of
// the words' newest matches (textWindow) can use up its budget before it
// fills the window. The window is then read walking the filter's records
// (planFor) instead, a chunk at a time, and keeping those the words
// match. FTS5 answers that either way at a cost, measured over a million
// practices: asked for a record's rowid, it seeks the words in every
// segment of the index, about 40 µs a record; asked for a stretch of
// rowids, it seeks once and reads the stretch, about 0.05–0.15 µs for
// each match in it. A chunk is checked as a stretch unless its records
// lie further apart than probeSpan rowids on average (Limits.ProbeSpan).
const (
	narrowChunk = 64 // the fewest records a chunk holds
	probeSpan   = 400
)

// narrowFirst reads the window walking the filter's records (as
// narrowWindow) without walking the words' matches first, when those
// are many and the filter, by the sizes of its conditions, selects too
// few of them for the walk's budget to fill the window. It says whether
// it did.
func (e *Engine) narrowFirst(ctx context.Context, m *Window, ceiling int64) (bool, error) {
	if !e.planned {
		return false, nil
	}
	share, err := e.share(ctx, m, readConds(m.conds))
	if err != nil || float64(e.budget)*share >= float64(e.window+1) {
		return false, err
	}
	var n int
	var lo, hi sql.NullInt64
	err = e.db.QueryRowContext(ctx, `SELECT count(*), min(rowid), max(rowid) FROM (SELECT rowid FROM records_fts
		WHERE records_fts MATCH ? AND rowid <= ? ORDER BY rowid DESC LIMIT ?)`, m.match, ceiling, e.budget).Scan(&n, &lo, &hi)
	if err != nil || n < e.budget {
		return false, err
	}
	// The words' newest matches are as dense among the filter's
	// records as among all, taking the two as independent.
	return true, e.narrowWindow(ctx, m, ceiling, n, float64(n)/float64(hi.Int64-lo.Int64+1))
}

// narrowWindow, when the walk used up e.budget matches without filling
// the window, reads it again walking the filter's records at or below
// ceiling instead, keeping those the words match. dense is the share of
// records the words match, when known (else 0).
func (e *Engine) narrowWindow(ctx context.Context, m *Window, ceiling int64, walked int, dense float64) error {
	if walked < e.budget {
		return nil
	}
	if none, err := e.noneSelected(ctx, m); err != nil || none {
		return err
	}
	p, err := e.planFor(ctx, m, e.window+1)
	if err != nil {
		return err
	}
	m.walk = p.lead
	m.window = m.window[:0]
	// Each statement lists more of the filter's records than the one
	// before: a walk led by a city sorts all its records every time. The
	// first lists twice the window, or, when the words match most
	// records, as many as should hold the window with a margin, so that
	// a walk led by a facet value tests no more records than it needs.
	first := 2 * (e.window + 1)
	if dense > 0 {
		first = min(first, int(float64(e.window+1)/dense*1.1)+narrowChunk)
	}
	for limit := first; len(m.window) <= e.window; limit *= 4 {
		q, args := p.walk(`r.rowid, r.country, r.city_id, r.kind`, ceiling, "", nil, limit)
		rows, err := e.db.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		listed, err := readMatches(rows)
		if err != nil || len(listed) == 0 {
			return err
		}
		for at := 0; at < len(listed) && len(m.window) <= e.window; {
			// A chunk is as many records as the window still needs: a
			// stretch read past the last of them is read in vain.
			size := max(e.window+1-len(m.window), narrowChunk)
			chunk := listed[at:min(at+size, len(listed))]
			at += len(chunk)
			words, err := e.wordsAmong(ctx, m.match, chunk)
			if err != nil {
				return err
			}
			for _, w := range chunk {
				if words[w.rowid] {
					m.window = append(m.window, w)
				}
			}
		}
		if len(listed) < limit {
			break
		}
		ceiling = listed[len(listed)-1].rowid - 1
	}
	if len(m.window) > m.limit {
		m.window, m.capped = m.window[:m.limit], true
	}
	return nil
}

// wordsAmong is which records of chunk, newest first, the words (an FTS5
// query) match: read as the stretch of rowids the chunk spans, or record
// by record when the chunk's records lie far apart.
func (e *Engine) wordsAmong(ctx context.Context, match string, chunk []match) (map[int64]bool, error) {
	lo, hi := chunk[len(chunk)-1].rowid, chunk[0].rowid
	var rows *sql.Rows
	var err error
	if hi-lo < int64(len(chunk))*e.span {
		// Only the chunk's records cross into Go: a stretch holds
		// every record a common word matches, and a row costs more to
		// hand over than to test.
		rows, err = e.db.QueryContext(ctx, `SELECT rowid FROM records_fts WHERE records_fts MATCH ? AND rowid BETWEEN ? AND ?
			AND +rowid IN (SELECT value FROM json_each(?))`, match, lo, hi, rowidList(chunk))
	} else {
		rows, err = e.db.QueryContext(ctx, `SELECT value FROM json_each(?)
			WHERE EXISTS (SELECT 1 FROM records_fts f WHERE records_fts MATCH ? AND f.rowid = value)`, rowidList(chunk), match)
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// readMatches reads rows of (rowid, country, city, kind).
func readMatches(rows *sql.Rows) ([]match, error) {
	defer rows.Close()
	var out []match
	for rows.Next() {
		var w match
		if err := rows.Scan(&w.rowid, &w.country, &w.city, &w.kind); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}
