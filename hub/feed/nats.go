package feed

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// The settings of the public feed: the last change it published, and the
// last change the hub had applied when the feed first ran (withdrawals up
// to it concern records the feed never published).
const (
	publicFeedSetting      = "public_feed_seq"
	publicFeedStartSetting = "public_feed_start"
)

// PublicStreamConfig is the stream peers follow over NATS: one message
// per public record subject, the latest version or its withdrawal. Its
// consumers expire after idle unused (publicConsumerLimits).
func PublicStreamConfig(replicas int, idle time.Duration) jetstream.StreamConfig {
	return jetstream.StreamConfig{
		Name:              subject.PublicStream,
		Description:       "hcnet public feed: latest version of each public record",
		Subjects:          []string{subject.PublicRecords},
		Storage:           jetstream.FileStorage,
		Retention:         jetstream.LimitsPolicy,
		MaxMsgsPerSubject: 1,
		Discard:           jetstream.DiscardOld,
		Duplicates:        2 * time.Minute,
		Replicas:          max(replicas, 1),
		MaxMsgSize:        4 << 20,
		ConsumerLimits:    publicConsumerLimits(idle),
	}
}

// Public republishes the hub's public records, in change order, to
// the public stream: the origin's envelope as signed, so a peer verifies
// what it reads. It follows the store as Watch does, from the last change
// it published (kept in settings after each page's PubAcks), so a
// restart re-sends at most a page, which the stream's dedup window and
// one-message-per-subject make harmless.
type Public struct {
	store  Store
	js     jetstream.JetStream
	stream jetstream.Stream
	log    *slog.Logger
	// idle is how long a consumer of the stream may go unused.
	idle  time.Duration
	start int64
	// last is the change the feed has read up to; saved, the one kept
	// in settings.
	last, saved int64
}

// NewPublic returns the feed of store's public records to the public
// stream through js; the stream's consumers expire after idle unused
// (0 is DefaultConsumerIdle).
func NewPublic(store Store, js jetstream.JetStream, idle time.Duration, log *slog.Logger) *Public {
	if idle <= 0 {
		idle = DefaultConsumerIdle
	}
	return &Public{store: store, js: js, idle: idle, log: log}
}

// feedSaveEvery is how far the feed's cursor may run ahead of the one in
// settings while it passes changes that publish nothing (network
// records): a restart reads at most that many changes again, and a busy
// hub does not write a setting after every commit.
const feedSaveEvery = 10000

// holds says whether the feed's latest message on subj is a record (not
// nothing, nor a withdrawal).
func (p *Public) holds(ctx context.Context, subj string) (bool, error) {
	m, err := p.stream.GetLastMsgForSubject(ctx, subj)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return m.Header.Get(subject.WithdrawnHeader) == "", nil
}

// Run publishes until ctx ends.
func (p *Public) Run(ctx context.Context, replicas int) error {
	for {
		err := capPublicConsumers(ctx, p.js, p.idle)
		if err == nil {
			_, err = p.js.CreateOrUpdateStream(ctx, PublicStreamConfig(replicas, p.idle))
		}
		if err == nil {
			break
		}
		// A hub stopping while it sets the stream up (a later flag
		// refused, say) has nothing to warn about.
		if ctx.Err() != nil {
			return nil
		}
		p.log.Warn("public feed stream", "err", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
	q, err := newWatchQuery(p.store, &hcnetv1.WatchRequest{})
	if err != nil {
		return err
	}
	if err := p.begin(ctx); err != nil {
		return err
	}
	for ctx.Err() == nil {
		wake := p.store.NextChange()
		more, err := p.page(ctx, q)
		if err != nil {
			if ctx.Err() == nil {
				p.log.Warn("public feed", "err", err)
			}
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
			continue
		}
		if more {
			continue
		}
		select {
		case <-ctx.Done():
		case <-wake:
		}
	}
	return nil
}

// begin notes where a first run starts.
func (p *Public) begin(ctx context.Context) error {
	v, err := p.store.Setting(ctx, publicFeedStartSetting)
	if err != nil {
		return err
	}
	if v == "" {
		head, err := p.store.ChangeHead(ctx)
		if err != nil {
			return err
		}
		v = strconv.FormatInt(head, 10)
		if err := p.store.SetSettings(ctx, map[string]string{publicFeedStartSetting: v}); err != nil {
			return err
		}
	}
	if p.start, err = strconv.ParseInt(v, 10, 64); err != nil {
		return err
	}
	if v, err = p.store.Setting(ctx, publicFeedSetting); err != nil {
		return err
	}
	p.last, _ = strconv.ParseInt(v, 10, 64)
	p.saved = p.last
	return nil
}

// page publishes one page of changes and says whether there may be more.
//
// It reads up to the change head read first, as Watch does, so that its
// cursor passes the changes that publish nothing instead of reading them
// again after every commit.
func (p *Public) page(ctx context.Context, q *watchQuery) (bool, error) {
	head, err := p.store.ChangeHead(ctx)
	if err != nil || head <= p.last {
		return false, err
	}
	rows, err := q.sel.Read(ctx, p.last, head, watchPage)
	if err != nil {
		return false, err
	}
	more := len(rows) == watchPage
	last := head
	if more {
		last = rows[len(rows)-1].Seq
	}
	if len(rows) == 0 {
		return false, p.advance(ctx, last, false)
	}
	if p.stream == nil {
		if p.stream, err = p.js.Stream(ctx, subject.PublicStream); err != nil {
			return false, err
		}
	}
	var acks []jetstream.PubAckFuture
	for _, w := range rows {
		r := w.Message
		if r.GetDeleted() && w.Seq <= p.start {
			continue // changed before the feed began: never published
		}
		subj := subject.PublicRecord(r.GetCountry(), r.GetCityId(), r.GetKind(), r.GetId())
		if r.GetDeleted() {
			// Withdraw only what the feed holds: a record that was never
			// public is not named in it.
			held, err := p.holds(ctx, subj)
			if err != nil {
				return false, err
			}
			if !held {
				continue
			}
		}
		m := nats.NewMsg(subj)
		id := fmt.Sprintf("pub/%s/%s/%s/%d", r.GetCountry(), r.GetCityId(), r.GetId(), r.GetVersion())
		m.Header.Set(subject.VersionHeader, strconv.FormatInt(r.GetVersion(), 10))
		if r.GetDeleted() {
			m.Header.Set(subject.WithdrawnHeader, strconv.FormatInt(r.GetVersion(), 10))
			id += "/w"
		} else {
			m.Data = w.Envelope
		}
		m.Header.Set(nats.MsgIdHdr, id)
		f, err := p.js.PublishMsgAsync(m)
		if err != nil {
			return false, err
		}
		acks = append(acks, f)
	}
	for _, f := range acks {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			return false, err
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(30 * time.Second):
			return false, errors.New("no PubAck from the public stream within 30s")
		}
	}
	return more, p.advance(ctx, last, true)
}

// advance moves the cursor to last, saving it when the page published
// something (so a restart does not publish it again) or when it has run
// feedSaveEvery changes ahead of the saved one.
func (p *Public) advance(ctx context.Context, last int64, published bool) error {
	if published || last-p.saved >= feedSaveEvery {
		if err := p.store.SetSettings(ctx, map[string]string{publicFeedSetting: strconv.FormatInt(last, 10)}); err != nil {
			return err
		}
		p.saved = last
	}
	p.last = last
	return nil
}
