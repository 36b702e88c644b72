package rpcserver

import (
	"context"
	"fmt"
	"math"
	"net"
	"time"

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

// limiter holds a bucket per client (Buckets).
type limiter struct {
	RateLimit
	*Buckets
}

func newLimiter(r RateLimit) *limiter {
	if r.Now == nil {
		r.Now = time.Now
	}
	return &limiter{RateLimit: r, Buckets: NewBuckets(r.Rate, time.Second, r.Burst)}
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
	wait := l.Take(key, l.Now())
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
