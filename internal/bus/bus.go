// Package bus connects hcnet to NATS JetStream: nodes and hubs
// authenticate with their ed25519 identity nkeys, and the hub's stream of
// shared records is set up in one place.
package bus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hcnet/hcnet/internal/subject"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
)

// Options say how to reach NATS.
type Options struct {
	URL string
	// Key authenticates with an nkey (the node's or hub's identity);
	// the connection's inbox prefix is then subject.MemberInbox of it.
	Key nkeys.KeyPair
	// CredsFile authenticates with a NATS credentials file instead
	// (an existing deployment).
	CredsFile string
	Name      string
	// Retry keeps reconnecting forever; without it a lost connection
	// ends after a few attempts.
	Retry bool
	// PingInterval is how often the server is pinged when the connection
	// is otherwise quiet; two unanswered pings drop the connection. A
	// server that vanishes without closing it (power cut, network cut)
	// is noticed only so; 0 is the NATS default of two minutes.
	PingInterval time.Duration
	// Log takes the connection's asynchronous errors (a permission the
	// server refused, a slow consumer). Without it nats.go writes them
	// to stderr as bare lines, outside the daemon's log format.
	Log *slog.Logger
}

// Connect opens a connection.
func Connect(o Options) (*nats.Conn, error) {
	opts := []nats.Option{
		nats.Name(o.Name),
		nats.Timeout(5 * time.Second),
		nats.ReconnectWait(500 * time.Millisecond),
		nats.ReconnectJitter(500*time.Millisecond, time.Second),
	}
	if o.Retry {
		opts = append(opts, nats.MaxReconnects(-1))
	}
	if o.PingInterval > 0 {
		opts = append(opts, nats.PingInterval(o.PingInterval), nats.MaxPingsOutstanding(2))
	}
	if o.Log != nil {
		opts = append(opts, nats.ErrorHandler(func(_ *nats.Conn, sub *nats.Subscription, err error) {
			args := []any{"url", o.URL, "err", err}
			if sub != nil {
				args = append(args, "subject", sub.Subject)
			}
			if errors.Is(err, nats.ErrAuthorization) || errors.Is(err, nats.ErrPermissionViolation) {
				args = append(args, "hint", "the NATS server refused this key: a hub refuses a member that is not approved (pending, rejected or revoked), or a member on a release from before its NATS permissions changed (README, Upgrading)")
			}
			o.Log.Warn("NATS connection error", args...)
		}))
	}
	switch {
	case o.CredsFile != "":
		opts = append(opts, nats.UserCredentials(o.CredsFile))
	case o.Key != nil:
		pub, err := o.Key.PublicKey()
		if err != nil {
			return nil, err
		}
		// Replies come to an inbox named after the key, the only one
		// the hub lets a member subscribe to (subject.MemberInbox).
		opts = append(opts, nats.Nkey(pub, o.Key.Sign), nats.CustomInboxPrefix(subject.MemberInbox(pub)))
	}
	nc, err := nats.Connect(o.URL, opts...)
	if err != nil {
		return nil, fmt.Errorf("connect to NATS at %s: %w", o.URL, err)
	}
	return nc, nil
}

// StreamConfig is the hub's record stream: every shared record's subject,
// one message kept per subject (the latest version or tombstone), so the
// stream is a compacted log a new replica or subscriber backfills from.
func StreamConfig(replicas int) jetstream.StreamConfig {
	return jetstream.StreamConfig{
		Name:              subject.RecordStream,
		Description:       "hcnet shared records: latest version of each record",
		Subjects:          []string{subject.Records, subject.Attestations},
		Storage:           jetstream.FileStorage,
		Retention:         jetstream.LimitsPolicy,
		MaxMsgsPerSubject: 1,
		Discard:           jetstream.DiscardOld,
		Duplicates:        2 * time.Minute,
		Replicas:          max(replicas, 1),
		MaxMsgSize:        4 << 20,
	}
}

// EnsureStream creates the record stream or brings its config up to
// date, with replicas copies (R3 on a three-server cluster). While a
// cluster elects its meta leader (at start, or after a server died) the
// JetStream API may not answer; EnsureStream asks again for up to
// ensureLimit before it gives up.
func EnsureStream(ctx context.Context, js jetstream.JetStream, replicas int) (jetstream.Stream, error) {
	deadline := time.Now().Add(ensureLimit)
	for {
		s, err := js.CreateOrUpdateStream(ctx, StreamConfig(replicas))
		if err == nil {
			return s, nil
		}
		if ctx.Err() != nil || time.Now().After(deadline) || !(IsUnreachable(err) || errors.Is(err, nats.ErrNoResponders)) {
			return nil, fmt.Errorf("stream %s: %w", subject.RecordStream, err)
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("stream %s: %w", subject.RecordStream, err)
		case <-time.After(time.Second):
		}
	}
}

// ensureLimit is how long EnsureStream keeps asking an API that does not
// answer.
const ensureLimit = time.Minute

// IsUnreachable tells errors that mean "try again later".
func IsUnreachable(err error) bool {
	return errors.Is(err, nats.ErrNoServers) || errors.Is(err, nats.ErrConnectionClosed) ||
		errors.Is(err, nats.ErrTimeout) || errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, jetstream.ErrNoStreamResponse)
}
