package rpcserver

import (
	"context"
	"fmt"
	"math"
	"net"
	"sync"
	"time"

	"golang.org/x/time/rate"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/peer"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
)

// RateLimit bounds how often one client may call some methods: a token
// bucket per client holding Burst calls, refilled at Rate calls a second.
// A streaming method is counted once, when it starts.
type RateLimit struct {
	// Rate is calls per second per client; 0 turns the limit off.
	Rate float64
	// Burst is how many calls a client may make at once (at least 1).
	Burst int
	// Methods says which full method names are limited.
	Methods func(method string) bool
	// Now is the clock; time.Now when nil (tests set their own).
	Now func() time.Time
}

// On says whether the limit applies to anything.
func (r RateLimit) On() bool { return r.Rate > 0 && r.Methods != nil }

// Validate refuses a limit that cannot be what the operator meant.
func (r RateLimit) Validate() error {
	if r.Rate < 0 || math.IsNaN(r.Rate) || math.IsInf(r.Rate, 0) {
		return fmt.Errorf("the rate must be 0 (off) or a positive number of calls a second, not %v", r.Rate)
	}
	if r.Rate > 0 && r.Burst < 1 {
		return fmt.Errorf("the burst must be at least 1, not %d", r.Burst)
	}
	return nil
}

// limiter holds the buckets. A bucket left alone for burst/rate seconds
// is full again, the same as a new one, so it is dropped then: the map
// holds only clients seen recently, however many addresses call.
type limiter struct {
	RateLimit
	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter(r RateLimit) *limiter {
	if r.Now == nil {
		r.Now = time.Now
	}
	return &limiter{RateLimit: r, buckets: map[string]*bucket{}}
}

// refill is how long an untouched bucket takes to fill up.
func (l *limiter) refill() time.Duration {
	return time.Duration(float64(l.Burst) / l.Rate * float64(time.Second))
}

// check takes one call from the client's bucket, or says how long the
// client must wait, as ResourceExhausted with RetryInfo.
func (l *limiter) check(ctx context.Context, method string) error {
	if !l.Methods(method) {
		return nil
	}
	key := ClientKey(ctx)
	if key == "" {
		return nil // the daemon's own pages, in-process
	}
	now := l.Now()
	l.mu.Lock()
	if now.Sub(l.lastSweep) >= l.refill() {
		for k, b := range l.buckets {
			if now.Sub(b.seen) >= l.refill() {
				delete(l.buckets, k)
			}
		}
		l.lastSweep = now
	}
	b := l.buckets[key]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(rate.Limit(l.Rate), l.Burst)}
		l.buckets[key] = b
	}
	b.seen = now
	r := b.lim.ReserveN(now, 1)
	wait := r.DelayFrom(now)
	if wait > 0 {
		r.CancelAt(now) // a refused call uses no token
	}
	l.mu.Unlock()
	if wait <= 0 {
		return nil
	}
	wait = wait.Round(time.Millisecond) + time.Millisecond // never early
	st := status.New(codes.ResourceExhausted, fmt.Sprintf(
		"too many requests from %s: at most %g a second with bursts of %d; retry in %s", key, l.Rate, l.Burst, wait))
	if d, err := st.WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(wait)}); err == nil {
		st = d
	}
	return st.Err()
}

// ClientKey names the client a call comes from, for the rate limit: the
// subject of its verified certificate under mutual TLS ("cert CN=…"),
// else its IP address ("ip 192.0.2.7"; an IPv6 address by its /64
// network, which one client usually holds whole). It is "" for the
// daemon's in-process connections.
func ClientKey(ctx context.Context) string {
	p, ok := peer.FromContext(ctx)
	if !ok {
		return "unknown"
	}
	switch a := p.AuthInfo.(type) {
	case localAuth:
		return ""
	case credentials.TLSInfo:
		if ch := a.State.VerifiedChains; len(ch) > 0 && len(ch[0]) > 0 {
			return "cert " + ch[0][0].Subject.String()
		}
	}
	if p.Addr == nil {
		return "unknown"
	}
	host, _, err := net.SplitHostPort(p.Addr.String())
	if err != nil {
		host = p.Addr.String()
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return "ip " + host
	}
	if ip.To4() == nil {
		return "ip " + (&net.IPNet{IP: ip.Mask(net.CIDRMask(64, 128)), Mask: net.CIDRMask(64, 128)}).String()
	}
	return "ip " + ip.String()
}
