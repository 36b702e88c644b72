package sqlitedb

import (
	"context"
	"database/sql"
	"errors"
)

// Setting reads key from the settings table (key TEXT PRIMARY KEY, value
// TEXT) that node and hub schemas both have; "" when unset.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.Read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetSettings writes settings in one transaction.
func (db *DB) SetSettings(ctx context.Context, kv map[string]string) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		for k, v := range kv {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return err
			}
		}
		return nil
	})
}
