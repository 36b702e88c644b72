package node

import (
	"context"
	"database/sql"
	"errors"
)

// oncePerDatabase runs pass the first time a database is opened with it,
// and marks it done by setting key to "1" in the same transaction: a pass
// that fails leaves no mark and no half of its work, and runs again at
// the next start; one that succeeded never runs again.
func (s *Store) oncePerDatabase(ctx context.Context, key string, pass func(tx *sql.Tx) error) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var v string
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := pass(tx); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, '1')`, key)
		return err
	})
}
