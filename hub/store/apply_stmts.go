package store

import (
	"context"
	"database/sql"
	"errors"
)

// The statements of Store.Apply. Preparing is a good part of a small
// statement's cost in SQLite, and ingest runs the same few for every
// record, so they are prepared once on the write connection and bound to
// each batch's transaction (database/sql reuses the prepared statement of
// that connection).
const (
	sqlHeld = `SELECT (SELECT version FROM records WHERE country = ?1 AND city_id = ?2 AND id = ?3),
		(SELECT version FROM tombstones WHERE country = ?1 AND city_id = ?2 AND id = ?3)`
	sqlDeleteRecord    = `DELETE FROM records WHERE country = ? AND city_id = ? AND id = ?`
	sqlDeleteTombstone = `DELETE FROM tombstones WHERE country = ? AND city_id = ? AND id = ?`
	sqlUpsertTombstone = `INSERT INTO tombstones (country, city_id, id, version, kind, change_seq) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (country, city_id, id) DO UPDATE SET version = excluded.version, kind = excluded.kind, change_seq = excluded.change_seq`
	sqlInsertRecord = `INSERT INTO records (country, city_id, kind, id, version, visibility, status, level, sign_time, arrive_time,
		title, summary, languages, body, envelope, change_seq, path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	sqlInsertFTS        = `INSERT INTO records_fts (rowid, title, summary, body, written) VALUES (?, ?, ?, ?, ?)`
	sqlInsertTerm       = `INSERT INTO record_terms (facet, value, record) VALUES (?, ?, ?)`
	sqlInsertLink       = `INSERT OR IGNORE INTO record_links (rel, target_country, target_city, target_id, record) VALUES (?, ?, ?, ?, ?)`
	sqlInsertQuarantine = `INSERT INTO quarantine (subject, origin, reason, receive_time, size, envelope) VALUES (?, ?, ?, ?, ?, ?)`
	sqlAttest           = `INSERT INTO attested_keys (country, city_id, public_key, hub_id, revoked, attest_time, city_name) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (country, city_id, hub_id) DO UPDATE SET public_key = excluded.public_key,
			revoked = excluded.revoked, attest_time = excluded.attest_time, city_name = excluded.city_name
		WHERE excluded.attest_time >= attested_keys.attest_time`
	sqlInsertLanguage = `INSERT OR IGNORE INTO search_languages (lang) VALUES (?)`
	sqlAddCount       = `INSERT INTO facet_counts (kind, facet, value, n) VALUES (?, ?, ?, ?)
		ON CONFLICT (kind, facet, value) DO UPDATE SET n = n + excluded.n`
	sqlAddPair = `INSERT INTO facet_pairs (kind, facet, value, facet2, value2, n) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, facet, value, facet2, value2) DO UPDATE SET n = n + excluded.n`
	sqlChangeHead    = `SELECT seq FROM change_counter WHERE id = 1`
	sqlSetChangeHead = `UPDATE change_counter SET seq = ? WHERE id = 1`
)

// applyStmts are the statements prepared on the write connection.
type applyStmts struct {
	held, deleteRecord, deleteTombstone, upsertTombstone, insertRecord,
	insertTerm, insertLink, insertQuarantine, attest, changeHead, setChangeHead, insertFTS, insertLanguage, addCount, addPair *sql.Stmt
}

func (a *applyStmts) all() []**sql.Stmt {
	return []**sql.Stmt{&a.held, &a.deleteRecord, &a.deleteTombstone, &a.upsertTombstone, &a.insertRecord,
		&a.insertTerm, &a.insertLink, &a.insertQuarantine, &a.attest, &a.changeHead, &a.setChangeHead, &a.insertFTS, &a.insertLanguage, &a.addCount, &a.addPair}
}

var applySQL = []string{sqlHeld, sqlDeleteRecord, sqlDeleteTombstone, sqlUpsertTombstone, sqlInsertRecord,
	sqlInsertTerm, sqlInsertLink, sqlInsertQuarantine, sqlAttest, sqlChangeHead, sqlSetChangeHead, sqlInsertFTS, sqlInsertLanguage, sqlAddCount, sqlAddPair}

func prepareApply(ctx context.Context, db *sql.DB) (*applyStmts, error) {
	a := &applyStmts{}
	for i, p := range a.all() {
		st, err := db.PrepareContext(ctx, applySQL[i])
		if err != nil {
			a.close()
			return nil, err
		}
		*p = st
	}
	return a, nil
}

// in binds the statements to tx.
func (a *applyStmts) in(ctx context.Context, tx *sql.Tx) *applyStmts {
	b := &applyStmts{}
	dst, src := b.all(), a.all()
	for i := range dst {
		*dst[i] = tx.StmtContext(ctx, *src[i])
	}
	return b
}

func (a *applyStmts) close() error {
	var err error
	for _, p := range a.all() {
		if *p != nil {
			err = errors.Join(err, (*p).Close())
		}
	}
	return err
}
