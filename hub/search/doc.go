// Package search answers the hub's full-text and faceted searches over its
// read model: it checks a request, finds a bounded window of matching
// records with FTS5, ranks it (BM25 with column weights), counts facets and
// pages through it, and adds snippets to the page. The index holds
// words stemmed by their records' languages (package stem); a query's
// words are looked for in each form they may have there (forms.go).
//
// The hub constructs an Engine with its database's readers; nothing here
// writes. The tables read (records, record_terms, records_fts,
// search_languages, and the counts facet_counts and facet_pairs) are the
// hub's schema, created by its migrations.
package search
