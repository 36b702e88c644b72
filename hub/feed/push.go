package feed

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hcnet/hcnet/internal/subject"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// A push consumer delivers to the subject its creator names, and
// nats-server does not check that its creator may publish there: a feed
// subscriber's push consumer of the public stream could deliver into
// hcnet.rec.>, where the record stream stores what arrives and ingest
// reads it. Subscribers read the public stream through pull consumers
// only, so the hub deletes every consumer of it that has a deliver
// subject: the one the server announces as created at once, and any
// other (made while the hub was away, or whose announcement was lost) at
// the next sweep. Ingest drops what such a consumer delivered meanwhile
// (ingest.Ingest.foreign).
//
// The server cannot refuse such a consumer itself: the subject of the
// create request, the only thing permissions see, names the consumer
// but not where it delivers.

// consumerCreatedT is the server's announcement of a consumer created
// on a stream (the last token is the consumer's name).
const consumerCreatedT = "$JS.EVENT.ADVISORY.CONSUMER.CREATED.%s.*"

// PushConsumerSweep is how often the hub looks through the public
// stream's consumers for push consumers the announcements missed.
const PushConsumerSweep = time.Minute

// GuardPublicConsumers deletes push consumers of the public stream until
// ctx ends: when the server announces one, and every sweep.
func GuardPublicConsumers(ctx context.Context, nc *nats.Conn, js jetstream.JetStream, sweep time.Duration, log *slog.Logger) {
	// One pending wake-up is enough: a sweep looks at every consumer.
	created := make(chan struct{}, 1)
	sub, err := nc.Subscribe(fmt.Sprintf(consumerCreatedT, subject.PublicStream), func(*nats.Msg) {
		select {
		case created <- struct{}{}:
		default:
		}
	})
	if err != nil {
		log.Warn("public feed: push consumers are found by the sweep only", "err", err)
	} else {
		defer sub.Unsubscribe()
	}
	tick := time.NewTicker(sweep)
	defer tick.Stop()
	dropPushConsumers(ctx, js, log)
	for {
		select {
		case <-ctx.Done():
			return
		case <-created:
		case <-tick.C:
		}
		if ctx.Err() == nil {
			dropPushConsumers(ctx, js, log)
		}
	}
}

// dropPushConsumers deletes every consumer of the public stream that
// pushes. It looks through all of them, also when the server announced
// one: the client's lookup by name opens pull consumers only, and a
// stream has as many consumers as the hub has subscribers.
func dropPushConsumers(ctx context.Context, js jetstream.JetStream, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, subject.PublicStream)
	if err != nil {
		if !errors.Is(err, jetstream.ErrStreamNotFound) && ctx.Err() == nil {
			log.Warn("public feed: consumers", "err", err)
		}
		return
	}
	var infos []*jetstream.ConsumerInfo
	list := s.ListConsumers(ctx)
	for info := range list.Info() {
		infos = append(infos, info)
	}
	if err := list.Err(); err != nil && ctx.Err() == nil {
		log.Warn("public feed: consumers", "err", err)
	}
	for _, info := range infos {
		if info.Config.DeliverSubject == "" {
			continue
		}
		err := js.DeleteConsumer(ctx, subject.PublicStream, info.Name)
		if err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
			log.Warn("public feed: push consumer not deleted", "consumer", info.Name, "deliver_subject", info.Config.DeliverSubject, "err", err)
			continue
		}
		log.Warn("public feed: deleted a push consumer; subscribers read through pull consumers", "consumer", info.Name, "deliver_subject", info.Config.DeliverSubject)
	}
}
