package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/hcnet/hcnet/hub/store"
)

// memberQuota bounds the bytes each member may hold at the hub: the sizes
// of the envelopes of its records, as received. A record that would take
// its origin past the quota is refused: quarantined with the reason, its
// payload not kept (keeping it would spend the room the quota saves), and
// the member is named in the log and counted in the metrics. A smaller
// version of a record it holds, and a tombstone, always pass: they free
// room.
//
// Ingest's committer checks each batch just before writing it, when every
// batch before it has committed, so what a member holds is read exactly.
type memberQuota struct {
	bytes   int64
	store   Store
	log     *slog.Logger
	refused atomic.Int64
}

// OverQuota counts the records refused since start because their member
// was over its storage quota (also counted as quarantined).
func (in *Ingest) OverQuota() int64 {
	if in.quota == nil {
		return 0
	}
	return in.quota.refused.Load()
}

// quotaOrigin is a member's origin.
type quotaOrigin struct{ country, city string }

// admit refuses the verified records of batch that would take their
// member past the quota. A record whose size cannot be read passes: a
// read failure must not lose records.
func (q *memberQuota) admit(batch []store.Incoming) {
	if q == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	held := map[quotaOrigin]int64{}
	refused := map[quotaOrigin]int{}
	for i := range batch {
		in := &batch[i]
		if in.Header == nil || in.Record == nil {
			continue // refused already, a statement, or a tombstone
		}
		h := in.Header
		o := quotaOrigin{h.GetOriginCountry(), h.GetOriginCity()}
		n, ok := held[o]
		if !ok {
			var err error
			if n, err = q.heldBy(ctx, o); err != nil {
				q.log.Warn("member quota: reading what a member holds", "country", o.country, "city", o.city, "err", err)
				continue
			}
		}
		old, err := q.sizeOf(ctx, o, h.GetId())
		if err != nil {
			q.log.Warn("member quota: reading a record's size", "country", o.country, "city", o.city, "id", h.GetId(), "err", err)
			continue
		}
		grow := int64(len(in.Envelope)) - old
		if grow > 0 && n+grow > q.bytes {
			in.Refuse(fmt.Sprintf("over its storage quota: %s/%s holds %d bytes at this hub and this record of %d bytes would pass the quota of %d bytes (hchub --member-quota); payload not kept",
				o.country, o.city, n, len(in.Envelope), q.bytes))
			in.Envelope = []byte{}
			refused[o]++
			continue
		}
		held[o] = n + grow
	}
	for o, count := range refused {
		q.refused.Add(int64(count))
		q.log.Warn("member over its storage quota: records refused", "country", o.country, "city", o.city,
			"refused", count, "held_bytes", held[o], "quota_bytes", q.bytes)
	}
}

// heldBy is what o's records take at the hub now.
func (q *memberQuota) heldBy(ctx context.Context, o quotaOrigin) (int64, error) {
	return q.store.HeldBy(ctx, o.country, o.city)
}

// sizeOf is the size of the version of a record the hub holds, 0 if none.
func (q *memberQuota) sizeOf(ctx context.Context, o quotaOrigin, id string) (int64, error) {
	return q.store.SizeOf(ctx, o.country, o.city, id)
}
