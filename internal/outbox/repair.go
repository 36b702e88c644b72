package outbox

import (
	"strconv"
	"time"
)

// RepairSuffix is what a repair queued at now adds to the Nats-Msg-Id of
// each row it queues ("…/repair-N"). The hub's stream drops a message
// whose id it saw within its dedup window (2 minutes), and a record lost
// behind the hub's back inside that window would otherwise be
// acknowledged and dropped again. A retry of the same row keeps the
// row's id, so retries are still deduplicated; and a second copy of a
// version changes nothing at the hub, which keeps the highest version.
func RepairSuffix(now time.Time) string {
	return "/repair-" + strconv.FormatInt(now.UnixNano(), 36)
}
