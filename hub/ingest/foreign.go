package ingest

import (
	"log/slog"
	"sync"
	"time"

	"github.com/hcnet/hcnet/internal/subject"
	"github.com/nats-io/nats.go"
)

// foreign says why a message on the record stream is not one a member
// could have published, or "" when it may be. Such a message is dropped,
// counted and logged, never quarantined: the quarantine is for what
// members send, for the coordinator to look into, and anyone who can
// make the stream hold a message must not be able to fill it. A feed
// subscriber can: a push consumer of the public stream delivers to any
// subject its creator names (package feed, push.go), carrying the public feed's
// headers, which no member sets.
//
// A member's subject is one of a city the hub knows (approved, decided
// about or vouched for), or of a country a member hub relays.
func (in *Ingest) foreign(subj string, hdr nats.Header) string {
	if hdr.Get(subject.VersionHeader) != "" || hdr.Get(subject.WithdrawnHeader) != "" {
		return "carries the public feed's headers: delivered by a consumer of the public feed"
	}
	p, err := subject.Parse(subj)
	switch {
	case err == nil && p.Space == subject.SpaceAttestation:
	case err == nil && p.Space == subject.SpaceRecord:
		country, city := p.Country, p.City
		if in.members.Verifier(country, city) != nil || in.members.Decided(country, city) {
			return ""
		}
	default:
		return "not a record or attestation subject"
	}
	if len(in.members.HubsFor(p.Country)) > 0 {
		return ""
	}
	return "no member publishes under this subject"
}

// droppedLogEvery is how often dropped messages are logged at most: a
// flood of them is one line per interval, with the count.
const droppedLogEvery = 10 * time.Second

// dropLog logs dropped messages at a bounded rate.
type dropLog struct {
	mu     sync.Mutex
	last   time.Time
	missed int
}

// note logs n dropped messages, the last one's subject and reason, or
// counts them into the next line when one was logged lately.
func (d *dropLog) note(log *slog.Logger, n int, subj, reason string) {
	d.mu.Lock()
	now := time.Now()
	if now.Sub(d.last) < droppedLogEvery {
		d.missed += n
		d.mu.Unlock()
		return
	}
	n += d.missed
	d.last, d.missed = now, 0
	d.mu.Unlock()
	log.Warn("ingest dropped messages no member published", "count", n, "subject", subj, "reason", reason)
}
