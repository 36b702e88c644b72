package web

import (
	"context"
	"net"
	"sync"
	"time"

	"github.com/hcnet/hcnet/internal/accounts"
	"golang.org/x/time/rate"
)

// Failed sign-ins per client address: a burst of signInBurst, then one
// more every signInEvery. Admin tokens are long random strings, so this is
// not what keeps them safe; it keeps a guessing script from filling the
// log and the CPU, and tells a person who mistyped what to do.
const (
	signInBurst = 5
	signInEvery = 12 * time.Second
	// signInClients bounds the table; addresses whose bucket is full again
	// are dropped when it grows past this.
	signInClients = 10000
)

// signInLimit counts failed sign-ins per client IP address: in the
// node's database when kept is set (the same buckets that count failed
// passwords from the address, so a restart forgets none), else in memory.
type signInLimit struct {
	mu   sync.Mutex
	now  func() time.Time
	by   map[string]*rate.Limiter
	kept *accounts.Store
}

func newSignInLimit(kept *accounts.Store) *signInLimit {
	return &signInLimit{now: time.Now, by: make(map[string]*rate.Limiter), kept: kept}
}

// keptTimeout bounds each look into the database's buckets.
const keptTimeout = 5 * time.Second

// wait is how long the client at remote must wait before its next
// attempt; zero lets it try.
func (l *signInLimit) wait(remote string) time.Duration {
	if l.kept != nil {
		ctx, cancel := context.WithTimeout(context.Background(), keptTimeout)
		defer cancel()
		// A database that does not answer fails the sign-in later
		// anyway; it must not lock everyone out here.
		d, _ := l.kept.AddrWait(ctx, clientIP(remote), l.now())
		return d
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.by[clientIP(remote)]
	if !ok {
		return 0
	}
	tokens := lim.TokensAt(l.now())
	if tokens >= 1 {
		return 0
	}
	return time.Duration((1 - tokens) / float64(lim.Limit()) * float64(time.Second))
}

// failed spends one attempt of the client at remote.
func (l *signInLimit) failed(remote string) {
	if l.kept != nil {
		ctx, cancel := context.WithTimeout(context.Background(), keptTimeout)
		defer cancel()
		l.kept.AddrFailed(ctx, clientIP(remote), l.now())
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	ip := clientIP(remote)
	lim, ok := l.by[ip]
	if !ok {
		if len(l.by) >= signInClients {
			l.prune(now)
		}
		lim = rate.NewLimiter(rate.Every(signInEvery), signInBurst)
		l.by[ip] = lim
	}
	lim.AllowN(now, 1)
}

// prune drops clients whose bucket has refilled: they are as if unseen.
func (l *signInLimit) prune(now time.Time) {
	for ip, lim := range l.by {
		if lim.TokensAt(now) >= signInBurst {
			delete(l.by, ip)
		}
	}
}

// clientIP is the address without its port; the whole string when it has
// none.
func clientIP(remote string) string {
	if host, _, err := net.SplitHostPort(remote); err == nil {
		return host
	}
	return remote
}
