package accounts

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Limit is a token bucket of failed sign-ins: Burst failures at once, then
// one more every Every. Only failures spend from it.
type Limit struct {
	Burst int
	Every time.Duration
}

// DefaultLimit allows five failures, then one every twelve seconds: a
// person who mistypes is barely slowed, a script guessing passwords gets
// 300 guesses an hour per account and per address.
var DefaultLimit = Limit{Burst: 5, Every: 12 * time.Second}

// Keys of the buckets: one per account, one per client address.
func accountKey(name string) string { return "account:" + name }
func addrKey(addr string) string    { return "addr:" + addr }

// tokensAt is the bucket's level at now, refilled since at.
func (l Limit) tokensAt(tokens float64, at, now time.Time) float64 {
	if d := now.Sub(at); d > 0 {
		tokens += float64(d) / float64(l.Every)
	}
	return min(tokens, float64(l.Burst))
}

// wait is how long a caller must wait before the next attempt under key;
// zero lets it try.
func (s *Store) wait(ctx context.Context, key string, now time.Time) (time.Duration, error) {
	var tokens float64
	var at int64
	err := s.db.Read.QueryRowContext(ctx, `SELECT tokens, at FROM signin_limits WHERE key = ?`, key).Scan(&tokens, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	t := s.limit.tokensAt(tokens, time.Unix(0, at), now)
	if t >= 1 {
		return 0, nil
	}
	return time.Duration((1 - t) * float64(s.limit.Every)), nil
}

// failed spends one attempt under each key, and forgets buckets that have
// refilled, so the table holds only addresses and accounts seen lately.
func (s *Store) failed(ctx context.Context, now time.Time, keys ...string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		full := now.Add(-time.Duration(s.limit.Burst) * s.limit.Every)
		if _, err := tx.ExecContext(ctx, `DELETE FROM signin_limits WHERE at < ?`, full.UnixNano()); err != nil {
			return err
		}
		for _, key := range keys {
			tokens, at := float64(s.limit.Burst), now
			var ns int64
			err := tx.QueryRowContext(ctx, `SELECT tokens, at FROM signin_limits WHERE key = ?`, key).Scan(&tokens, &ns)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if err == nil {
				at = time.Unix(0, ns)
			}
			t := s.limit.tokensAt(tokens, at, now)
			if t >= 1 {
				t--
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO signin_limits (key, tokens, at) VALUES (?, ?, ?)
				ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, at = excluded.at`, key, t, now.UnixNano()); err != nil {
				return err
			}
		}
		return nil
	})
}

// AddrWait is how long the client at addr (an IP address) must wait
// before its next sign-in attempt of any kind, at now.
func (s *Store) AddrWait(ctx context.Context, addr string, now time.Time) (time.Duration, error) {
	return s.wait(ctx, addrKey(addr), now)
}

// AddrFailed counts a failed sign-in from addr that named no account, such
// as a wrong admin token.
func (s *Store) AddrFailed(ctx context.Context, addr string, now time.Time) error {
	return s.failed(ctx, now, addrKey(addr))
}
