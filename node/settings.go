package node

import (
	"context"
	"database/sql"
	"errors"
)

// Setting reads one node setting; "" when unset (relay.Settings).
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.Read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetSettings writes settings in one transaction (relay.Settings).
func (s *Store) SetSettings(ctx context.Context, kv map[string]string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		for k, v := range kv {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return err
			}
		}
		return nil
	})
}
