package crashtest

import (
	"testing"
	"time"
)

// waitFor polls cond every interval until it returns "" (done) or limit
// passes; then it fails with what and cond's last explanation.
func waitFor(t *testing.T, limit, interval time.Duration, what string, cond func() string) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		why := cond()
		if why == "" {
			return time.Since(start)
		}
		if time.Since(start) > limit {
			t.Fatalf("%s: not done within %s: %s", what, limit, why)
		}
		time.Sleep(interval)
	}
}
