package poll

import (
	"fmt"
	"testing"
	"time"
)

// fakeTB records what a poll reports instead of failing the test that
// runs it.
type fakeTB struct {
	testing.TB
	failures []string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failures = append(f.failures, fmt.Sprintf(format, args...))
}

func TestUntilHolds(t *testing.T) {
	tb := &fakeTB{}
	calls := 0
	Until(tb, "the third call", func() bool {
		calls++
		return calls == 3
	})
	if len(tb.failures) > 0 {
		t.Errorf("failed although the condition held: %q", tb.failures)
	}
	if calls != 3 {
		t.Errorf("checked %d times, want 3: once it holds, it stops", calls)
	}
}

func TestUntilHoldsWithReasons(t *testing.T) {
	tb := &fakeTB{}
	calls := 0
	Until(tb, "the third call", func() string {
		if calls++; calls < 3 {
			return "not yet"
		}
		return ""
	})
	if len(tb.failures) > 0 {
		t.Errorf("failed although the condition held: %q", tb.failures)
	}
	if calls != 3 {
		t.Errorf("checked %d times, want 3: once it holds, it stops", calls)
	}
}

func TestWithinFailsWithTheLastReason(t *testing.T) {
	tb := &fakeTB{}
	calls := 0
	limit := 100 * time.Millisecond
	took := Within(tb, limit, "the hub holds the record", func() string {
		calls++
		return fmt.Sprintf("%d records missing", 100-calls)
	})
	if len(tb.failures) != 1 {
		t.Fatalf("failures = %q, want one", tb.failures)
	}
	got := tb.failures[0]
	want := fmt.Sprintf("the hub holds the record: not within 100ms: %d records missing", 100-calls)
	if got != want {
		t.Errorf("failure = %q, want %q (the description and the last reason)", got, want)
	}
	if took < limit {
		t.Errorf("gave up after %s, before the limit %s", took, limit)
	}
	// Each wait is at least 10ms, so a poll that keeps to its limit
	// checks at most a dozen times in 100ms.
	if calls < 2 || calls > 12 {
		t.Errorf("checked %d times in %s, want between 2 and 12", calls, limit)
	}
}

func TestWithinFailsWithoutAReason(t *testing.T) {
	tb := &fakeTB{}
	Within(tb, 30*time.Millisecond, "the connection closes", func() bool { return false })
	if len(tb.failures) != 1 || tb.failures[0] != "the connection closes: not within 30ms" {
		t.Errorf("failures = %q, want the description and the limit", tb.failures)
	}
}

// TestWithinBacksOff checks that the wait between checks grows: a
// condition that holds late is not checked every few milliseconds.
func TestWithinBacksOff(t *testing.T) {
	tb := &fakeTB{}
	var at []time.Time
	Within(tb, time.Minute, "the eighth call", func() bool {
		at = append(at, time.Now())
		return len(at) == 8
	})
	if len(tb.failures) > 0 {
		t.Fatalf("failed although the condition held: %q", tb.failures)
	}
	wait := first
	for i := 1; i < len(at); i++ {
		if gap := at[i].Sub(at[i-1]); gap < wait {
			t.Errorf("check %d came %s after the one before, want at least %s", i+1, gap, wait)
		}
		wait = min(wait+wait/2, time.Minute/600)
	}
}
