package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"
)

// reindexBatch is how many records one transaction of reindex indexes.
const reindexBatch = 5000

// reindex writes the full-text entries of the records held when the
// index changed its form (migration 0009 empties it and asks for this),
// from their envelopes, as Apply would have. It goes in batches, each
// committed with the last rowid it did, so a hub stopped halfway goes on
// where it was; nothing is done once the setting is gone.
func (s *Store) reindex(ctx context.Context) error {
	from, err := s.db.Setting(ctx, "search_reindex")
	if err != nil || from == "" {
		return err
	}
	after, err := strconv.ParseInt(from, 10, 64)
	if err != nil {
		return fmt.Errorf("setting search_reindex %q: %w", from, err)
	}
	start, n := time.Now(), 0
	for {
		var done int
		err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			var err error
			after, done, err = reindexAfter(ctx, tx, after)
			if err != nil {
				return err
			}
			if done == 0 {
				_, err = tx.ExecContext(ctx, `DELETE FROM settings WHERE key = 'search_reindex'`)
				return err
			}
			_, err = tx.ExecContext(ctx, `UPDATE settings SET value = ? WHERE key = 'search_reindex'`, strconv.FormatInt(after, 10))
			return err
		})
		if err != nil {
			return err
		}
		if done == 0 {
			break
		}
		n += done
	}
	if n > 0 {
		slog.Info("search index rebuilt with stems", "records", n, "took", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// reindexAfter indexes the next reindexBatch records after rowid after,
// and says the last rowid it did and how many.
func reindexAfter(ctx context.Context, tx *sql.Tx, after int64) (int64, int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT rowid, envelope FROM records WHERE rowid > ? ORDER BY rowid LIMIT ?`, after, reindexBatch)
	if err != nil {
		return 0, 0, err
	}
	type entry struct {
		rowid int64
		text  indexText
	}
	var all []entry
	for rows.Next() {
		var rowid int64
		var env []byte
		if err := rows.Scan(&rowid, &env); err != nil {
			rows.Close()
			return 0, 0, err
		}
		rec, err := payloadOf(env)
		if err != nil {
			rows.Close()
			return 0, 0, fmt.Errorf("record %d: %w", rowid, err)
		}
		d := Describe(rec)
		all = append(all, entry{rowid, indexTextOf(&d)})
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return 0, 0, err
	}
	st, err := prepareIndex(ctx, tx)
	if err != nil {
		return 0, 0, err
	}
	defer st.insertFTS.Close()
	defer st.insertLanguage.Close()
	a := &applier{ctx: ctx, st: st}
	for _, e := range all {
		if err := a.indexText(e.rowid, &e.text); err != nil {
			return 0, 0, err
		}
		after = e.rowid
	}
	return after, len(all), nil
}

// prepareIndex prepares on tx the statements applier.indexText runs.
func prepareIndex(ctx context.Context, tx *sql.Tx) (*applyStmts, error) {
	fts, err := tx.PrepareContext(ctx, sqlInsertFTS)
	if err != nil {
		return nil, err
	}
	lang, err := tx.PrepareContext(ctx, sqlInsertLanguage)
	if err != nil {
		fts.Close()
		return nil, err
	}
	return &applyStmts{insertFTS: fts, insertLanguage: lang}, nil
}
