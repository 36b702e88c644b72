package node

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/hcnet/hcnet/internal/bus"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Settings that remember the node's hub.
const (
	settingHubAddr   = "hub_addr"
	settingHubID     = "hub_id"
	settingHubName   = "hub_name"
	settingHubStatus = "hub_status"
	settingNATSURL   = "hub_nats_url"
	settingPrefix    = "hub_subject_prefix"
	settingLastDeliv = "relay_last_delivery"
)

// Delivery pacing: a batch is as many envelopes as one round trip should
// carry; retries back off exponentially with jitter up to maxBackoff.
const (
	relayBatch   = 512
	minBackoff   = 250 * time.Millisecond
	maxBackoff   = 30 * time.Second
	idlePoll     = time.Second
	pendingPoll  = 3 * time.Second
	hubCallLimit = 10 * time.Second
)

// Sharing moves the node's outbox to its hub: it keeps asking the hub how
// the membership stands until approved, then publishes every envelope with
// Nats-Msg-Id origin/id/version and deletes it only after the PubAck.
type Sharing struct {
	store *Store
	id    *Identity
	log   *slog.Logger
	wake  chan struct{}

	mu        sync.Mutex
	lastErr   string
	lastErrAt time.Time
	lastDeliv time.Time
	delivered int64
	connected bool
	checked   time.Time
}

func newSharing(store *Store, id *Identity, log *slog.Logger) *Sharing {
	sh := &Sharing{store: store, id: id, log: log, wake: make(chan struct{}, 1)}
	if v, _ := store.setting(context.Background(), settingLastDeliv); v != "" {
		sh.lastDeliv, _ = time.Parse(time.RFC3339Nano, v)
	}
	store.onShare = sh.Wake
	return sh
}

// Wake tells the relay there is something new to deliver.
func (sh *Sharing) Wake() {
	select {
	case sh.wake <- struct{}{}:
	default:
	}
}

func (sh *Sharing) fail(err error) {
	sh.mu.Lock()
	sh.lastErr, sh.lastErrAt = err.Error(), time.Now().UTC()
	sh.mu.Unlock()
}

func (sh *Sharing) ok() {
	sh.mu.Lock()
	sh.lastErr = ""
	sh.mu.Unlock()
}

// sleep waits d, a wake-up or the end of ctx.
func (sh *Sharing) sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	case <-sh.wake:
	}
}

// backoff doubles d up to maxBackoff, with up to 50% jitter so a hub
// coming back is not hit by every city at once.
func backoff(d time.Duration) time.Duration {
	d *= 2
	if d > maxBackoff {
		d = maxBackoff
	}
	return d/2 + rand.N(d/2+1)
}

// Run shares until ctx ends.
func (sh *Sharing) Run(ctx context.Context) {
	wait := minBackoff
	for ctx.Err() == nil {
		link, err := sh.Link(ctx)
		if err != nil {
			sh.fail(err)
			sh.sleep(ctx, maxBackoff)
			continue
		}
		switch {
		case link == nil || link.GetHubAddr() == "":
			sh.sleep(ctx, idlePoll*10) // not joined: nothing to do until JoinHub
			continue
		case link.GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED:
			if _, err := sh.ask(ctx, link.GetHubAddr()); err != nil {
				sh.fail(err)
				wait = backoff(wait)
				sh.sleep(ctx, wait)
				continue
			}
			if l, _ := sh.Link(ctx); l.GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
				sh.sleep(ctx, pendingPoll)
			}
			continue
		}
		err = sh.relay(ctx, link.GetNatsUrl())
		if ctx.Err() != nil {
			return
		}
		sh.fail(err)
		sh.log.Warn("delivery to hub interrupted", "err", err, "retry_in", wait)
		// The hub may have revoked us: ask before trying again.
		if _, aerr := sh.ask(ctx, link.GetHubAddr()); aerr != nil {
			sh.log.Warn("hub membership check", "err", aerr)
		}
		wait = backoff(wait)
		sh.sleep(ctx, wait)
	}
}

// relay connects to the hub's NATS and drains the outbox until an error.
func (sh *Sharing) relay(ctx context.Context, url string) error {
	nc, err := bus.Connect(bus.Options{URL: url, Key: sh.id.Key, Name: "hcnode " + sh.id.Country + "/" + sh.id.City})
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	sh.setConnected(true)
	defer sh.setConnected(false)
	sh.ok()
	for ctx.Err() == nil {
		n, err := sh.drainOnce(ctx, js)
		if err != nil {
			return err
		}
		if nc.IsClosed() {
			return errors.New("connection to the hub's NATS closed")
		}
		if n == 0 {
			sh.sleep(ctx, idlePoll)
		}
	}
	return nil
}

func (sh *Sharing) setConnected(v bool) {
	sh.mu.Lock()
	sh.connected = v
	sh.mu.Unlock()
}

// drainOnce publishes one batch in outbox order and deletes what the hub
// acknowledged. A failed publish leaves its row for the next attempt; the
// hub's dedup window and version check make a resend harmless.
func (sh *Sharing) drainOnce(ctx context.Context, js jetstream.JetStream) (int, error) {
	rows, err := sh.store.outboxBatch(ctx, relayBatch)
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	futures := make([]jetstream.PubAckFuture, len(rows))
	for i, r := range rows {
		msg := &nats.Msg{Subject: r.Subject, Data: r.Envelope, Header: nats.Header{}}
		msg.Header.Set(jetstream.MsgIDHeader, r.MsgID)
		if futures[i], err = js.PublishMsgAsync(msg); err != nil {
			futures = futures[:i]
			break
		}
	}
	var acked []int64
	var firstErr error
	timer := time.NewTimer(hubCallLimit)
	defer timer.Stop()
	expired := false
	for i, f := range futures {
		if expired {
			select { // after the deadline, take only acks already in
			case <-f.Ok():
				acked = append(acked, rows[i].Seq)
			default:
			}
			continue
		}
		select {
		case <-f.Ok():
			acked = append(acked, rows[i].Seq)
		case e := <-f.Err():
			if firstErr == nil {
				firstErr = fmt.Errorf("publish %s: %w", rows[i].MsgID, e)
			}
		case <-timer.C:
			expired = true
			if firstErr == nil {
				firstErr = errors.New("hub did not acknowledge within " + hubCallLimit.String())
			}
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	if err == nil {
		err = firstErr
	}
	if derr := sh.store.delivered(context.WithoutCancel(ctx), acked); derr != nil {
		return 0, derr
	}
	if len(acked) > 0 {
		now := time.Now().UTC()
		sh.mu.Lock()
		sh.lastDeliv = now
		sh.delivered += int64(len(acked))
		sh.mu.Unlock()
		sh.store.setSettings(context.WithoutCancel(ctx), map[string]string{settingLastDeliv: formatTime(now)})
	}
	return len(acked), err
}

// Join applies to the hub at addr and remembers it.
func (sh *Sharing) Join(ctx context.Context, addr string) (*hcnetv1.HubLink, error) {
	if err := sh.store.setSettings(ctx, map[string]string{settingHubAddr: addr, settingHubStatus: ""}); err != nil {
		return nil, err
	}
	link, err := sh.ask(ctx, addr)
	if err != nil {
		return nil, err
	}
	sh.Wake()
	return link, nil
}

// ask sends a freshly signed join request and stores the answer.
func (sh *Sharing) ask(ctx context.Context, addr string) (*hcnetv1.HubLink, error) {
	ctx, cancel := context.WithTimeout(ctx, hubCallLimit)
	defer cancel()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, errs.Wrap("node.JoinHub", errs.Invalid, fmt.Errorf("hub address %q: %w", addr, err))
	}
	defer conn.Close()
	hub := hcnetv1.NewHubServiceClient(conn)
	info, err := hub.GetHub(ctx, &hcnetv1.GetHubRequest{})
	if err != nil {
		return nil, errs.Wrap("node.JoinHub", errs.Unavailable, fmt.Errorf("reach hub at %s: %w", addr, err))
	}
	city, err := sh.store.City(ctx)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, 16)
	crand.Read(nonce)
	req, err := envelope.SignJoin(sh.id.Key, &hcnetv1.JoinApplication{
		CityId: city.GetId(), Country: city.GetCountry(), Name: city.GetName(), HubId: info.GetId(),
	}, hex.EncodeToString(nonce), time.Now())
	if err != nil {
		return nil, err
	}
	res, err := hub.Join(ctx, req)
	if err != nil {
		return nil, errs.Wrap("node.JoinHub", errs.Unavailable, fmt.Errorf("hub %s refused the join request: %w", info.GetId(), err))
	}
	sh.mu.Lock()
	sh.checked = time.Now().UTC()
	sh.mu.Unlock()
	kv := map[string]string{
		settingHubAddr: addr, settingHubID: info.GetId(), settingHubName: info.GetName(),
		settingHubStatus: record.ShortName(res.GetStatus()), settingNATSURL: res.GetNatsUrl(), settingPrefix: res.GetSubjectPrefix(),
	}
	if err := sh.store.setSettings(context.WithoutCancel(ctx), kv); err != nil {
		return nil, err
	}
	sh.ok()
	return sh.Link(ctx)
}

// Link reads the stored membership; nil before any join.
func (sh *Sharing) Link(ctx context.Context) (*hcnetv1.HubLink, error) {
	get := func(k string) string {
		v, _ := sh.store.setting(ctx, k)
		return v
	}
	addr := get(settingHubAddr)
	if addr == "" {
		return nil, nil
	}
	st, _ := record.ParseEnum[hcnetv1.MemberStatus](get(settingHubStatus))
	link := &hcnetv1.HubLink{
		HubAddr: addr, HubId: get(settingHubID), HubName: get(settingHubName), Status: st,
		NatsUrl: get(settingNATSURL), SubjectPrefix: get(settingPrefix),
	}
	sh.mu.Lock()
	if !sh.checked.IsZero() {
		link.CheckTime = timestamppb.New(sh.checked)
	}
	sh.mu.Unlock()
	return link, nil
}

// Status reports membership and outbox for hcctl status.
func (sh *Sharing) Status(ctx context.Context) (*hcnetv1.GetStatusResponse, error) {
	link, err := sh.Link(ctx)
	if err != nil {
		return nil, err
	}
	depth, oldest, err := sh.store.OutboxDepth(ctx)
	if err != nil {
		return nil, err
	}
	out := &hcnetv1.GetStatusResponse{Hub: link, OutboxDepth: depth}
	if !oldest.IsZero() {
		out.OldestUndeliveredTime = timestamppb.New(oldest)
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if !sh.lastDeliv.IsZero() {
		out.LastDeliveryTime = timestamppb.New(sh.lastDeliv)
	}
	out.Delivered, out.Connected, out.LastError = sh.delivered, sh.connected, sh.lastErr
	if sh.lastErr != "" {
		out.LastErrorTime = timestamppb.New(sh.lastErrAt)
	}
	return out, nil
}
