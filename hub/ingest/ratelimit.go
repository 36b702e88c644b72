package ingest

import (
	"log/slog"
	"sync"
	"time"

	"github.com/hcnet/hcnet/internal/subject"
	"github.com/nats-io/nats.go/jetstream"
	"golang.org/x/time/rate"
)

// memberLimit gives every member its own token bucket of records, so
// that one member flooding the stream (a broken node, a stolen key) does
// not hold back the others: a record over its member's budget is not
// dropped but handed back to JetStream (NakWithDelay) to come again
// when the bucket will have a token for it. The token is reserved then,
// so the record is taken when it comes back. Records of everyone else
// go on being verified and committed meanwhile.
//
// The member is the city a record's subject names when that city is a
// member itself, and otherwise the member hubs of its country together,
// which relay the records of their cities.
type memberLimit struct {
	rate    rate.Limit
	burst   int
	members Members
	log     *slog.Logger

	mu      sync.Mutex
	buckets map[string]*rate.Limiter
	// reserved are the stream sequences handed back with a token
	// reserved for them, and when they are due.
	reserved map[uint64]time.Time
	deferred int64
	logged   map[string]time.Time
}

// Limits of deferring: a record is handed back for at most maxDefer
// (one beyond the reserved horizon is checked again then); a deferral is
// logged at most every deferLogEvery per member.
const (
	maxDefer      = 30 * time.Second
	deferLogEvery = 10 * time.Second
)

// newMemberLimit limits each member to perSecond records a second, burst
// at once; perSecond 0 is no limit (nil).
func newMemberLimit(perSecond float64, burst int, members Members, log *slog.Logger) *memberLimit {
	if perSecond <= 0 {
		return nil
	}
	if burst < 1 {
		burst = 1
	}
	return &memberLimit{rate: rate.Limit(perSecond), burst: burst, members: members, log: log,
		buckets: map[string]*rate.Limiter{}, reserved: map[uint64]time.Time{}, logged: map[string]time.Time{}}
}

// admit returns the messages to process now and hands the others back.
func (l *memberLimit) admit(msgs []jetstream.Msg, now time.Time) []jetstream.Msg {
	if l == nil {
		return msgs
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	keep := msgs[:0:0]
	over := map[string]int{}
	for _, m := range msgs {
		key := l.memberOf(m.Subject())
		meta, err := m.Metadata()
		if key == "" || err != nil {
			keep = append(keep, m) // not a member's: verify quarantines it
			continue
		}
		seq := meta.Sequence.Stream
		if _, ok := l.reserved[seq]; ok {
			delete(l.reserved, seq) // its token was taken when deferred
			keep = append(keep, m)
			continue
		}
		b := l.buckets[key]
		if b == nil {
			b = rate.NewLimiter(l.rate, l.burst)
			l.buckets[key] = b
		}
		r := b.ReserveN(now, 1)
		d := r.DelayFrom(now)
		if d == 0 {
			keep = append(keep, m)
			continue
		}
		if d > maxDefer {
			r.CancelAt(now)
			d = maxDefer
		} else {
			l.reserved[seq] = now.Add(d)
		}
		m.NakWithDelay(d)
		over[key]++
	}
	for key, n := range over {
		l.deferred += int64(n)
		if now.Sub(l.logged[key]) >= deferLogEvery {
			l.logged[key] = now
			l.log.Warn("ingest: member over its rate, records deferred", "member", key, "deferred", n,
				"rate_per_s", float64(l.rate), "burst", l.burst)
		}
	}
	l.sweep(now)
	return keep
}

// sweep forgets reservations long overdue: records replaced in the
// stream by a newer version never come back.
func (l *memberLimit) sweep(now time.Time) {
	if len(l.reserved) < 4*ingestMaxAckPending {
		return
	}
	for seq, due := range l.reserved {
		if now.Sub(due) > 2*maxDefer {
			delete(l.reserved, seq)
		}
	}
}

// Deferred counts records handed back for being over a member's rate.
func (l *memberLimit) Deferred() int64 {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.deferred
}

// memberOf names the member that publishes on subj: "country/city" for a
// member city, "hubs:country" for a country's member hubs, "" when the
// subject is not a record's or an attestation's.
func (l *memberLimit) memberOf(subj string) string {
	// The member whose prefix it is under, also when the rest is malformed.
	p, _ := subject.Parse(subj)
	if p.City == "" || p.Space == subject.SpacePublic {
		return ""
	}
	country, city := p.Country, p.City
	if p.Space == subject.SpaceRecord {
		if l.members.ApprovedCity(country, city) {
			return country + "/" + city
		}
	}
	return "hubs:" + country
}
