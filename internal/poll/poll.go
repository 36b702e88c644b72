package poll

import (
	"testing"
	"time"
)

// Limit is how long Until waits: long enough for a federation in one
// test process to settle on a loaded machine, short enough that a test
// that will never pass says so.
const Limit = 30 * time.Second

// first is the wait before the second check. Each wait after it is half
// as long again, up to a six-hundredth of the limit (50ms at Limit):
// what happens within a few milliseconds is seen within a few
// milliseconds, and a wait of minutes does not check a costly condition
// thousands of times.
const first = 10 * time.Millisecond

// Cond is a condition to wait for. A func() bool holds when it returns
// true. A func() string holds when it returns ""; until then it says why
// not, and the last reason is in the failure.
type Cond interface {
	func() bool | func() string
}

// Until checks cond until it holds and returns how long that took. When
// it does not hold within Limit it fails tb with what and the last
// reason cond gave.
func Until[C Cond](tb testing.TB, what string, cond C) time.Duration {
	tb.Helper()
	return Within(tb, Limit, what, cond)
}

// Within is Until with its own limit, for waits that take longer than
// Limit (a daemon's restart, a healed network partition) or must be
// shorter.
func Within[C Cond](tb testing.TB, limit time.Duration, what string, cond C) time.Duration {
	tb.Helper()
	check := checker(cond)
	start := time.Now()
	most := max(limit/600, first)
	wait := first
	for {
		ok, why := check()
		if ok {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			if why != "" {
				tb.Fatalf("%s: not within %s: %s", what, limit, why)
			} else {
				tb.Fatalf("%s: not within %s", what, limit)
			}
			return time.Since(start)
		}
		time.Sleep(wait)
		wait = min(wait+wait/2, most)
	}
}

// checker turns either kind of Cond into one that says whether it holds
// and, if it does not and can say, why not.
func checker[C Cond](cond C) func() (bool, string) {
	switch c := any(cond).(type) {
	case func() bool:
		return func() (bool, string) { return c(), "" }
	case func() string:
		return func() (bool, string) {
			why := c()
			return why == "", why
		}
	}
	panic("poll: a condition is a func() bool or a func() string")
}
