package relay

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// waits records the retry waits a relay chooses and holds each retry
// until the test rings the relay's bell, so failures come one at a time
// and no test waits for a real backoff.
type waits struct {
	mu  sync.Mutex
	got []time.Duration
}

func (w *waits) pause(r *Relay) func(context.Context, time.Duration) {
	return func(ctx context.Context, d time.Duration) {
		w.mu.Lock()
		w.got = append(w.got, d)
		w.mu.Unlock()
		r.sleep(ctx, time.Hour)
	}
}

func (w *waits) list() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.got...)
}

// TestHealthyDeliveryResetsBackoff: an outage grows the retry wait
// towards maxBackoff; once the hub takes the outbox again, the next
// outage starts over at the shortest wait instead of the long one the
// last outage left.
func TestHealthyDeliveryResetsBackoff(t *testing.T) {
	who, pub := applicant(t)
	url, js := startNATS(t, pub)
	out := newOutbox()
	out.add(row(1))
	r := New(out, approvedAt(url), who, quiet())
	var w waits
	r.pause = w.pause(r)
	run(t, r)

	// No stream yet: every publish fails. Retry until the wait is long.
	const failures = 8 // enough doublings from minBackoff to reach maxBackoff
	for n := 1; n <= failures; n++ {
		eventually(t, "a retry wait chosen", func() bool { return len(w.list()) >= n })
		r.Wake()
	}
	grown := w.list()[failures-1]
	if grown < maxBackoff/2 {
		t.Fatalf("after %d failures the wait is %v, want at least %v: %v", failures, grown, maxBackoff/2, w.list())
	}

	// The hub comes back and takes the outbox.
	testStream(t, js, jetstream.StreamConfig{})
	r.Wake()
	eventually(t, "the outbox delivered", func() bool { return len(out.waiting()) == 0 })
	before := len(w.list())

	// A short outage after a healthy delivery is retried quickly.
	if err := js.DeleteStream(context.Background(), "TEST"); err != nil {
		t.Fatal(err)
	}
	out.add(row(2))
	r.Wake()
	eventually(t, "a retry wait chosen after the new failure", func() bool { return len(w.list()) > before })
	if next := w.list()[before]; next > 2*minBackoff {
		t.Fatalf("after a healthy delivery the next failure waits %v, want at most %v (the wait before was %v)", next, 2*minBackoff, grown)
	}
}
