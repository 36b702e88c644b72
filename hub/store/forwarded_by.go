package store

import (
	"context"
	"time"
)

// ForwardedBy counts the records of country/city that the hub holds as
// forwarded by member hub hubID, and says when the newest of them
// arrived (zero when none). The forwarding hub is the hop before this
// hub in each record's path: a regional hub uses it to show a national
// network's cities with what each sent through it. The path is
// informational (ingest trusts signatures, not paths), and so is the
// count.
func (s *Store) ForwardedBy(ctx context.Context, country, city, hubID string) (int64, time.Time, error) {
	var n int64
	var last string
	// The expression is the one indexed by records_by_forwarder.
	err := s.db.Read.QueryRowContext(ctx, `SELECT count(*), coalesce(max(arrive_time), '') FROM records
		WHERE country = ? AND city_id = ? AND (CASE WHEN json_valid(path) THEN json_extract(path, '$[#-2].at') END) = ?`,
		country, city, hubID).Scan(&n, &last)
	if err != nil || last == "" {
		return n, time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339Nano, last)
	return n, t, err
}
