package search

import (
	"cmp"
	"context"
	"database/sql"
	"math"
	"slices"
	"strconv"
	"strings"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// match is one record of a search's window.
type match struct {
	rowid               int64
	country, city, kind string
	tf                  []float64 // text queries only: per phrase, column weights applied
	length              int       // text queries only: words in all columns
	score               float64   // relevance; higher is better
}

// Window is the window of a search: the newest records (up to the
// engine's window) that the query and the filter select.
type Window struct {
	limit  int    // the engine's window
	led    bool   // a facet term of the filter led the walk (textWindow)
	fts    string // the FTS5 query; "" when there is none
	match  string // fts as run, its prefixes spelled out (expandPrefixes)
	conds  []string
	args   []any
	window []match // newest first; ranked best first with words
	capped bool    // more records match than the window holds
	// ceiling is the newest rowid a ranked window holds: later pages
	// rebuild the same window below it, so arrivals do not shift them.
	ceiling int64
	// sizes are how many records each condition selects, by its place,
	// and total how many records of the filter's kinds there are, read
	// from facet_counts when a walk is first planned (planFor).
	sizes map[int]int64
	total int64
	// pair is how many records the filter selects, when it is two
	// conditions facet_pairs counts together (paired); none says two of
	// its conditions select no record together (see pairCounts).
	pair         int64
	paired, none bool
	walk         string // how the filter's records were last walked (plan.lead)
	// all are every record a filter without words selects, newest
	// first, when its walk, expecting few, listed up to one more than
	// the engine counts; else nil.
	all []match
}

// matches finds the window of a query and a filter. pos is the page
// position of a ranked query, whose ceiling it keeps.
func (e *Engine) matches(ctx context.Context, fts string, conds []string, args []any, pos string) (*Window, error) {
	m := &Window{limit: e.window, fts: fts, conds: conds, args: args}
	if fts == "" {
		return m, e.filterWindow(ctx, m)
	}
	ceiling := int64(1<<63 - 1)
	if pos != "" {
		_, c, err := parseRankPos(pos)
		if err != nil {
			return nil, err
		}
		ceiling = c
	}
	lex, err := e.newLexicon(ctx)
	if err != nil {
		return nil, err
	}
	if m.match, err = lex.rewrite(ctx, fts); err != nil {
		return nil, err
	}
	if err := e.textWindow(ctx, m, ceiling); err != nil {
		return nil, queryError(err)
	}
	if len(m.window) > 0 {
		m.ceiling = m.window[0].rowid
	}
	phrases := queryPhrases(fts)
	if err := lex.attach(ctx, phrases); err != nil {
		return nil, err
	}
	if err := e.countTexts(ctx, m.window, phrases); err != nil {
		return nil, err
	}
	rankWindow(phrases, m.window)
	return m, nil
}

// filterWindow reads the newest records the filter selects.
func (e *Engine) filterWindow(ctx context.Context, m *Window) error {
	if none, err := e.noneSelected(ctx, m); err != nil || none {
		return err
	}
	p, err := e.planFor(ctx, m, e.window+1)
	if err != nil {
		return err
	}
	m.walk = p.lead
	// A walk from a narrow condition tests each record it lists, and
	// counting them would walk again: when the filter selects few, list
	// them all (up to the count) at once.
	limit, few := e.window+1, false
	if p.lead != "all" {
		share, err := e.share(ctx, m, readConds(m.conds))
		if err != nil {
			return err
		}
		if few = share*float64(m.total) <= float64(e.count); few {
			limit = e.count + 1
		}
	}
	q, args := p.walk(`r.rowid, r.country, r.city_id, r.kind`, math.MaxInt64, "", nil, limit)
	rows, err := e.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	listed, err := readMatches(rows)
	if err != nil {
		return err
	}
	if few {
		m.all = listed
	}
	m.window = listed[:min(len(listed), e.window+1)]
	if len(m.window) > m.limit {
		m.window, m.capped = m.window[:m.limit], true
	}
	return nil
}

// textWindow reads the newest records at or below ceiling that match the
// words and the filter. It walks the words' matches newest first, probing
// the filter for each; when e.budget matches give too few, the filter
// is narrow and it walks the filter's records instead, probing the words.
//
// When the filter names one facet term (sdg 11), the walk starts with
// the stretch of rowids that holds the term's newest window+1
// records, testing each match against that list, read once, instead of
// seeking the term's index per match; below the stretch it goes on as
// before. For a common word and a term of one record in eight that is
// the whole window, at a fraction of the cost.
func (e *Engine) textWindow(ctx context.Context, m *Window, ceiling int64) error {
	if narrow, err := e.narrowFirst(ctx, m, ceiling); err != nil || narrow {
		return err
	}
	walked, floor, top := 0, int64(math.MinInt64), ceiling
	if lead, ok := termLead(m.conds, m.args); ok && e.lead {
		m.led = true
		var n int
		var lo sql.NullInt64
		err := e.db.QueryRowContext(ctx, `SELECT count(*), min(record) FROM (SELECT record FROM record_terms
			WHERE facet = ? AND value = ? AND record <= ? ORDER BY record DESC LIMIT ?)`,
			m.args[lead.arg], m.args[lead.arg+1], ceiling, e.window+1).Scan(&n, &lo)
		if err != nil {
			return err
		}
		if n > e.window {
			floor = lo.Int64
		}
		conds := slices.Clone(m.conds)
		conds[lead.cond] = `f.rowid IN (SELECT record FROM record_terms WHERE facet = ? AND value = ? AND record BETWEEN ? AND ?)`
		args := slices.Concat(m.args[:lead.arg+2], []any{floor, ceiling}, m.args[lead.arg+2:])
		if walked, err = e.walkWords(ctx, m, conds, args, floor, ceiling, e.budget); err != nil || m.capped {
			return err
		}
		if floor == math.MinInt64 || walked >= e.budget {
			return e.narrowWindow(ctx, m, top, walked, 0)
		}
		ceiling = floor - 1
	}
	more, err := e.walkWords(ctx, m, m.conds, m.args, math.MinInt64, ceiling, e.budget-walked)
	if err != nil || m.capped {
		return err
	}
	return e.narrowWindow(ctx, m, top, walked+more, 0)
}

// walkWords adds to the window, newest first, the records among the
// words' newest budget matches in [lo, hi] that conds select, and says
// how many matches it walked (not counted when the window is full).
func (e *Engine) walkWords(ctx context.Context, m *Window, conds []string, args []any, lo, hi int64, budget int) (int, error) {
	rows, err := e.db.QueryContext(ctx, `SELECT r.rowid, r.country, r.city_id, r.kind
		FROM (SELECT rowid FROM records_fts WHERE records_fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ?) f
		CROSS JOIN records r INDEXED BY records_head ON r.rowid = f.rowid WHERE `+strings.Join(conds, " AND ")+` ORDER BY f.rowid DESC LIMIT ?`,
		slices.Concat([]any{m.match, lo, hi, budget}, args, []any{e.window + 1 - len(m.window)})...)
	if err != nil {
		return 0, err
	}
	if err := m.read(rows); err != nil || m.capped {
		return 0, err
	}
	var walked int
	err = e.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT rowid FROM records_fts WHERE records_fts MATCH ? AND rowid BETWEEN ? AND ?
		ORDER BY rowid DESC LIMIT ?)`, m.match, lo, hi, budget).Scan(&walked)
	return walked, err
}

// lead is a filter's condition on one value of one facet (see
// FilterConds): its place among the conditions and of its two arguments
// (facet, value) among theirs.
type lead struct{ cond, arg int }

func termLead(conds []string, args []any) (lead, bool) {
	at := 0
	for i, c := range conds {
		n := strings.Count(c, "?")
		if c == termCond(1) {
			return lead{cond: i, arg: at}, at+n <= len(args)
		}
		at += n
	}
	return lead{}, false
}

// countTexts reads the title, summary and body of the window's records
// and counts in them what ranking needs (counter), a row at a time.
func (e *Engine) countTexts(ctx context.Context, window []match, phrases []phrase) error {
	if len(window) == 0 || len(phrases) == 0 {
		return nil
	}
	at := make(map[int64]int, len(window))
	for i, w := range window {
		at[w.rowid] = i
	}
	rows, err := e.db.QueryContext(ctx, `SELECT rowid, title, summary, body FROM records
		WHERE rowid IN (SELECT value FROM json_each(?))`, rowidList(window))
	if err != nil {
		return err
	}
	defer rows.Close()
	c := counter{phrases: phrases}
	tfs := make([]float64, len(window)*len(phrases))
	var texts [3]sql.RawBytes
	for rows.Next() {
		var rowid int64
		if err := rows.Scan(&rowid, &texts[0], &texts[1], &texts[2]); err != nil {
			return err
		}
		if i, ok := at[rowid]; ok {
			n := len(phrases)
			c.count(&window[i], tfs[i*n:(i+1)*n:(i+1)*n], [3][]byte{texts[0], texts[1], texts[2]})
		}
	}
	return rows.Err()
}

// rowidList is the window's rowids as a JSON array, one parameter for
// json_each: a statement with a thousand Placeholders costs more to
// prepare than to run.
func rowidList(window []match) string {
	b := make([]byte, 0, 8*len(window)+2)
	b = append(b, '[')
	for i, w := range window {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, w.rowid, 10)
	}
	return string(append(b, ']'))
}

// read fills the window from rows of (rowid, country, city, kind), newest
// first, one more than the window holds if more match.
func (m *Window) read(rows *sql.Rows) error {
	defer rows.Close()
	for rows.Next() {
		var w match
		if err := rows.Scan(&w.rowid, &w.country, &w.city, &w.kind); err != nil {
			return err
		}
		m.window = append(m.window, w)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(m.window) > m.limit {
		m.window, m.capped = m.window[:m.limit], true
	}
	return nil
}

// facets counts each facet's values over records of a walk. Country,
// city and kind come with them; SQLite counts the terms, read by the
// (record) index: as one range when they are every record of their
// rowid range (a common word, the newest records), else record by record.
func (e *Engine) facets(ctx context.Context, list []match) ([]*hcnetv1.Facet, error) {
	byName := map[string]map[string]int64{}
	for _, name := range FacetOrder {
		byName[name] = map[string]int64{}
	}
	lo, hi := int64(1<<63-1), int64(0)
	for _, w := range list {
		byName["country"][w.country]++
		byName["city"][w.city]++
		byName["kind"][w.kind]++
		lo, hi = min(lo, w.rowid), max(hi, w.rowid)
	}
	if len(list) > 0 {
		var rows *sql.Rows
		var err error
		const terms = `SELECT t.facet, t.value, count(*) FROM record_terms t INDEXED BY record_terms_by_record
			WHERE +t.facet IN ('sdg', 'mechanism', 'sector', 'setting') AND `
		if hi-lo+1 == int64(len(list)) {
			rows, err = e.db.QueryContext(ctx, terms+`t.record BETWEEN ? AND ? GROUP BY t.facet, t.value`, lo, hi)
		} else {
			rows, err = e.db.QueryContext(ctx, terms+`t.record IN (SELECT value FROM json_each(?)) GROUP BY t.facet, t.value`, rowidList(list))
		}
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var facet, value string
			var n int64
			if err := rows.Scan(&facet, &value, &n); err != nil {
				return nil, err
			}
			if byName[facet] != nil {
				byName[facet][value] += n
			}
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	out := make([]*hcnetv1.Facet, 0, len(FacetOrder))
	for _, name := range FacetOrder {
		f := &hcnetv1.Facet{Name: name}
		for v, n := range byName[name] {
			f.Counts = append(f.Counts, &hcnetv1.FacetCount{Value: v, Count: n})
		}
		SortCounts(f.Counts)
		out = append(out, f)
	}
	return out, nil
}

// page reads one page: best first from the ranked window with words
// (offset paging under the window's ceiling), else newest first (keyset
// paging on rowid, which grows with every arrival). It returns the next
// page's position.
func (e *Engine) page(ctx context.Context, m *Window, pos string, size int) ([]Hit, string, error) {
	if m.fts != "" {
		offset := 0
		if pos != "" {
			offset, _, _ = parseRankPos(pos)
		}
		if offset >= len(m.window) {
			return nil, "", nil
		}
		part := m.window[offset:min(offset+size, len(m.window))]
		ids := make([]int64, len(part))
		for i, w := range part {
			ids[i] = w.rowid
		}
		hits, err := e.hitsByRowid(ctx, ids)
		if err != nil || offset+size >= len(m.window) {
			return hits, "", err
		}
		return hits, rankPos(offset+size, m.ceiling), nil
	}
	before := int64(1<<63 - 1)
	if pos != "" {
		var err error
		if before, err = strconv.ParseInt(strings.TrimPrefix(pos, "r"), 10, 64); err != nil || pos[0] != 'r' {
			return nil, "", badSearchToken()
		}
	}
	// The window holds the newest records the filter selects: a page
	// inside it needs no walk of its own.
	var ids []int64
	for _, w := range m.window {
		if w.rowid < before && len(ids) <= size {
			ids = append(ids, w.rowid)
		}
	}
	if len(ids) > size || !m.capped {
		hits, err := e.hitsByRowid(ctx, ids)
		if err != nil || len(hits) <= size {
			return hits, "", err
		}
		return hits[:size], "r" + strconv.FormatInt(hits[size-1].Rowid, 10), nil
	}
	if before <= 1 { // rowids start at 1
		return nil, "", nil
	}
	p, err := e.planFor(ctx, m, size+1)
	if err != nil {
		return nil, "", err
	}
	q, args := p.walk(`r.rowid`, before-1, "", nil, size+1)
	rows, err := e.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	ids = ids[:0]
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, "", err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	hits, err := e.hitsByRowid(ctx, ids)
	if err != nil || len(hits) <= size {
		return hits, "", err
	}
	hits = hits[:size]
	return hits, "r" + strconv.FormatInt(hits[size-1].Rowid, 10), nil
}

// hitsByRowid reads the hits of the given records, in the given order.
func (e *Engine) hitsByRowid(ctx context.Context, ids []int64) ([]Hit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := e.db.QueryContext(ctx, `SELECT `+HitColumns+` FROM records r WHERE r.rowid IN (`+Placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byRow := make(map[int64]Hit, len(ids))
	for rows.Next() {
		h, err := ScanHit(rows)
		if err != nil {
			return nil, err
		}
		byRow[h.Rowid] = h
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Hit, 0, len(ids))
	for _, id := range ids {
		if h, ok := byRow[id]; ok {
			out = append(out, h)
		}
	}
	return out, nil
}

// rankPos is the position of a ranked page: its offset in the window and
// the window's ceiling.
func rankPos(offset int, ceiling int64) string {
	return "o" + strconv.Itoa(offset) + "." + strconv.FormatInt(ceiling, 10)
}

func parseRankPos(pos string) (int, int64, error) {
	o, c, ok := strings.Cut(strings.TrimPrefix(pos, "o"), ".")
	offset, err1 := strconv.Atoi(o)
	ceiling, err2 := strconv.ParseInt(c, 10, 64)
	if !ok || pos[0] != 'o' || err1 != nil || err2 != nil || offset < 0 {
		return 0, 0, badSearchToken()
	}
	return offset, ceiling, nil
}

// byScore orders a ranked window: best first, then newest.
func byScore(a, b match) int {
	return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.rowid, a.rowid))
}
