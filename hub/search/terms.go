package search

import (
	"bytes"
	"context"
	"encoding/binary"
	"slices"
	"unicode/utf8"
)

// prefixTerms lists the terms of records_fts that begin with prefix, in
// order, stopping past limit (so more than limit means "more").
//
// FTS5 has no cheap way to list them: its fts5vocab table counts each
// term's documents as it lists it, which for a word in every record is a
// walk of a million entries. The terms themselves sit in the leaves of
// each segment's b-tree, and a leaf's footer locates every term that
// starts on it; the %_idx table maps the first term of each leaf to its
// page. So for each segment this reads the leaf where the prefix would
// start and the leaves that begin within it, and decodes only their
// terms, never a doclist. Everything is read by one statement, so the
// segments are one snapshot, however ingest merges them.
//
// A term deleted from every record may still be listed, until a merge
// drops it: an OR with it matches nothing more. The format read is
// FTS5's since 2015 (fts5_index.c, "PAGE FORMAT"); should a page not
// decode, the answer is nil, and the prefix stays for FTS5 to expand.
//
// FTS5's own prefix index (records_fts with prefix='2 3 4') is no
// substitute: it serves only prefixes of the lengths it was built for, so
// "generat*" still merges its doclists, and it costs the index and ingest
// much more. Over a million practices (BenchmarkSearchDesigns, two runs):
// "generat*" p50 7–8 ms spelled out here, 58–249 ms from the prefix index;
// a prefix index of three lengths made the index 866 MiB instead of 251
// and indexing 82 µs a record instead of 13.
func (e *Engine) prefixTerms(ctx context.Context, prefix string, limit int) ([]string, error) {
	// Terms of the main index carry '0' before them; prefix indexes
	// have '1', '2' and so on.
	key := append([]byte{'0'}, prefix...)
	upper := slices.Clone(key)
	upper[len(upper)-1]++ // prefix is ASCII: no carry
	rows, err := e.db.QueryContext(ctx, `WITH RECURSIVE seg(id) AS (
			SELECT min(segid) FROM records_fts_idx
			UNION ALL
			SELECT (SELECT min(segid) FROM records_fts_idx WHERE segid > seg.id) FROM seg WHERE seg.id IS NOT NULL)
		SELECT d.block FROM seg
		JOIN records_fts_idx i ON i.segid = seg.id AND i.term < ?2
			AND i.term >= coalesce((SELECT max(term) FROM records_fts_idx WHERE segid = seg.id AND term <= ?1), x'')
		JOIN records_fts_data d ON d.id = (seg.id << 37) + (i.pgno >> 1)`, key, upper)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	found := map[string]bool{}
	for rows.Next() && len(found) <= limit {
		var block []byte
		if err := rows.Scan(&block); err != nil {
			return nil, err
		}
		if !leafTerms(block, func(term []byte) {
			if bytes.HasPrefix(term, key) && len(found) <= limit {
				found[string(term[1:])] = true
			}
		}) {
			return nil, nil
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	terms := make([]string, 0, len(found))
	for t := range found {
		if !utf8.ValidString(t) {
			return nil, nil
		}
		terms = append(terms, t)
	}
	slices.Sort(terms)
	return terms, nil
}

// leafTerms calls f with each term that starts on an FTS5 leaf page. A
// leaf begins with two big-endian 16-bit numbers, the second the offset
// of its footer; the footer is a varint per term starting on the page,
// its offset, each but the first as a delta on the one before. The first
// term is a varint length and the bytes; each later one the number of
// bytes it shares with the one before, a varint length and the bytes it
// adds. It reports false when the page does not decode so.
func leafTerms(block []byte, f func(term []byte)) bool {
	if len(block) < 4 {
		return false
	}
	footer := int(binary.BigEndian.Uint16(block[2:4]))
	if footer < 4 || footer > len(block) {
		return false
	}
	var term []byte
	off := 0
	for at, i := footer, 0; at < len(block); i++ {
		d, n := sqliteVarint(block[at:])
		if n == 0 {
			return false
		}
		at += n
		off += int(d)
		if off < 4 || off >= footer {
			return false
		}
		p := block[off:footer]
		keep := 0
		if i > 0 {
			k, n := sqliteVarint(p)
			if n == 0 || int(k) > len(term) {
				return false
			}
			keep, p = int(k), p[n:]
		}
		size, n := sqliteVarint(p)
		if n == 0 || uint64(len(p)-n) < size {
			return false
		}
		term = append(term[:keep], p[n:n+int(size)]...)
		f(term)
	}
	return true
}

// sqliteVarint decodes SQLite's varint: big-endian groups of seven bits,
// the high bit set on all but the last, and a ninth byte of eight. It
// returns the value and its length, 0 when b ends first.
func sqliteVarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < 9 && i < len(b); i++ {
		if i == 8 {
			return v<<8 | uint64(b[i]), 9
		}
		v = v<<7 | uint64(b[i]&0x7f)
		if b[i]&0x80 == 0 {
			return v, i + 1
		}
	}
	return 0, 0
}
