package search

import (
	"context"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// inLanguage shows each hit of a page as the record's page shows it to
// a reader of lang (hub/web): in lang where its city wrote the record in
// it, else as it is, and says which language each hit's title is in and
// which the record's original is. As it is means the original, or, for
// a practice written in several languages, the language the query's
// words matched best (finishHits): the reader searched in that
// language's words, and the hit's link asks the page for it.
func (e *Engine) inLanguage(ctx context.Context, lang string, hits []Hit) error {
	ids := make([]any, 0, len(hits))
	byRow := make(map[int64]*hcnetv1.SearchHit, len(hits))
	for _, h := range hits {
		ids = append(ids, h.Rowid)
		byRow[h.Rowid] = h.Hit
	}
	if len(ids) == 0 {
		return nil
	}
	rows, err := e.db.QueryContext(ctx, `SELECT rowid, envelope FROM records WHERE rowid IN (`+Placeholders(len(ids))+`)`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var rowid int64
		var envBytes []byte
		if err := rows.Scan(&rowid, &envBytes); err != nil {
			return err
		}
		// Verified at ingest: read, not checked again.
		env, rec := &hcnetv1.Envelope{}, &hcnetv1.SharedRecord{}
		if proto.Unmarshal(envBytes, env) != nil || proto.Unmarshal(env.GetPayload(), rec) != nil {
			continue
		}
		in, m := record.Unwrap(rec)
		if in == nil {
			continue
		}
		h, t := byRow[rowid], in.Text(m, lang)
		h.OriginalLanguage = t.Original
		// The reader's own language comes first; a hit finishHits put in
		// the language that matched keeps it when the record has none.
		if h.Lang != "" && (lang == "" || t.Lang != lang) {
			continue
		}
		if t.Title != "" {
			h.Title, h.Summary = t.Title, t.Summary
		}
		h.Lang = t.Lang
	}
	return rows.Err()
}
