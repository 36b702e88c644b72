package store

import "context"

// Setting reads one hub setting; "" when unset (relay.Settings).
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	return s.db.Setting(ctx, key)
}

// SetSettings writes settings in one transaction (relay.Settings).
func (s *Store) SetSettings(ctx context.Context, kv map[string]string) error {
	return s.db.SetSettings(ctx, kv)
}
