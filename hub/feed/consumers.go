package feed

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hcnet/hcnet/internal/subject"
	"github.com/nats-io/nats.go/jetstream"
)

// DefaultConsumerIdle is how long a consumer of the public stream may
// go unused before the server deletes it: long enough for a peer that
// reads once a week, short enough that consumers nobody reads do not
// pile up. A peer that comes back later creates its consumer again and
// backfills from the stream.
const DefaultConsumerIdle = 7 * 24 * time.Hour

// The server, not the subscriber, bounds how long a consumer of the
// public stream lives: the stream's consumer limits give every consumer
// created without an InactiveThreshold this one, and refuse a longer one.
// A subscriber creates its consumer with its own client, so the hub
// cannot rely on it to ask for expiry.
func publicConsumerLimits(idle time.Duration) jetstream.StreamConsumerLimits {
	return jetstream.StreamConsumerLimits{InactiveThreshold: idle}
}

// capPublicConsumers brings the consumers of the public stream within the
// idle limit before the stream takes it: the server refuses a new limit
// that an existing consumer exceeds (the feed would stop), and a limit
// applies to consumers created after it only, so those created without
// one (before the limit existed) would never expire.
func capPublicConsumers(ctx context.Context, js jetstream.JetStream, idle time.Duration) error {
	s, err := js.Stream(ctx, subject.PublicStream)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	list := s.ListConsumers(ctx)
	var errs []error
	for info := range list.Info() {
		cfg := info.Config
		if cfg.InactiveThreshold > 0 && cfg.InactiveThreshold <= idle {
			continue
		}
		cfg.InactiveThreshold = idle
		_, err := js.UpdateConsumer(ctx, subject.PublicStream, cfg)
		if err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
			// One the server will not change goes: its subscriber
			// creates it again, where a stream left without the new
			// limit would stop the feed.
			err = js.DeleteConsumer(ctx, subject.PublicStream, info.Name)
		}
		if err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
			errs = append(errs, fmt.Errorf("consumer %s: %w", info.Name, err))
		}
	}
	if err := list.Err(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
