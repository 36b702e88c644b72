package rpcserver

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Buckets is a token bucket per key (a client, a source of membership
// applications), each holding burst tokens and refilled at n tokens per
// period. A bucket left alone for as long as it takes to fill up is the
// same as a new one, so it is dropped then: the map holds only keys seen
// recently, however many keys there are. It is safe for concurrent use.
type Buckets struct {
	limit  rate.Limit
	burst  int
	refill time.Duration // how long an untouched bucket takes to fill up

	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// maxRefill bounds refill, so that a rate near zero does not overflow a
// Duration (which would sweep every bucket on every call).
const maxRefill = 365 * 24 * time.Hour

// NewBuckets gives each key burst tokens (at least 1), refilled at n
// tokens per period.
func NewBuckets(n float64, period time.Duration, burst int) *Buckets {
	return &Buckets{
		limit:   rate.Limit(n / period.Seconds()),
		burst:   burst,
		refill:  time.Duration(math.Min(float64(burst)/n*float64(period), float64(maxRefill))),
		buckets: map[string]*bucket{},
	}
}

// Take takes a token from key's bucket at now, or says how long until
// one is there and takes none: a refused call or application costs
// nothing.
func (b *Buckets) Take(key string, now time.Time) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	if now.Sub(b.lastSweep) >= b.refill {
		for k, bk := range b.buckets {
			if now.Sub(bk.seen) >= b.refill {
				delete(b.buckets, k)
			}
		}
		b.lastSweep = now
	}
	bk := b.buckets[key]
	if bk == nil {
		bk = &bucket{lim: rate.NewLimiter(b.limit, b.burst)}
		b.buckets[key] = bk
	}
	bk.seen = now
	r := bk.lim.ReserveN(now, 1)
	wait := r.DelayFrom(now)
	if wait > 0 {
		r.CancelAt(now)
	}
	return wait
}
