package members

import (
	"database/sql"
	"errors"
	"time"
)

// timeForm is the hub's stored time format (hub/store/store.go): it has a fixed
// width, so stored times compare as text, as the nonce window's
// clean-up does.
const timeForm = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeForm) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
