// Package relay moves signed envelopes from an outbox to the hub above:
// it applies for membership with a signed join request, keeps asking until
// the coordinator decides, then publishes the outbox in order over
// JetStream with Nats-Msg-Id origin/id/version and deletes a row only
// after the PubAck. A node relays its own records through it; a hub
// relays what it forwards to its parent through the same code, since a
// hub is a node to its parent.
package relay

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
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// PathHeader carries a record's route (hub hops with times) from hub to
// hub. It is informational: trust comes from signatures, not from it.
const PathHeader = "Hcnet-Path"

// Row is one envelope waiting for delivery.
type Row struct {
	Seq      int64
	Subject  string
	MsgID    string
	Envelope []byte
	Path     string // PathHeader value, "" from a node
	// Statement, when set, marks the row as a hub's signed statement of
	// this kind (subject.StatementHeader), not a city's envelope.
	Statement string
}

// Outbox is where envelopes wait: the node's or the hub's table.
type Outbox interface {
	// OutboxBatch returns up to n of the oldest rows after seq after, in
	// write order.
	OutboxBatch(ctx context.Context, after int64, n int) ([]Row, error)
	// Delivered removes acknowledged rows.
	Delivered(ctx context.Context, seqs []int64) error
	// OutboxDepth counts waiting rows and gives the oldest one's time.
	OutboxDepth(ctx context.Context) (int64, time.Time, error)
}

// Settings remember the membership across restarts.
type Settings interface {
	Setting(ctx context.Context, key string) (string, error)
	SetSettings(ctx context.Context, kv map[string]string) error
}

// Applicant is who applies: a city, or a hub joining its parent.
type Applicant struct {
	ID, Country, Name string
	Hub               bool
	Key               nkeys.KeyPair
}

// Keys of the settings the relay keeps.
const (
	settingHubAddr   = "upstream_addr"
	settingHubID     = "upstream_id"
	settingHubName   = "upstream_name"
	settingHubStatus = "upstream_status"
	settingNATSURL   = "upstream_nats_url"
	settingPrefix    = "upstream_subject_prefix"
	settingLastDeliv = "relay_last_delivery"
)

// Delivery pacing: a batch is as many envelopes as one round trip should
// carry, and two batches are in flight at once (window); retries back off
// exponentially with jitter up to maxBackoff.
const (
	batchSize    = 1024
	window       = 2 * batchSize
	minBackoff   = 250 * time.Millisecond
	maxBackoff   = 30 * time.Second
	idlePoll     = time.Second
	pendingPoll  = 3 * time.Second
	hubCallLimit = 10 * time.Second
	// hubPing paces NATS pings to the hub, so that a hub gone without a
	// word (a network cut) shows as not connected within a minute rather
	// than the NATS default of several; 10,000 cities ping a hub 500
	// times a second, which NATS hardly notices.
	hubPing = 20 * time.Second
)

// Relay delivers an outbox to the hub above.
type Relay struct {
	outbox   Outbox
	settings Settings
	who      func(context.Context) (Applicant, error)
	log      *slog.Logger
	wake     Bell

	mu        sync.Mutex
	lastErr   string
	lastErrAt time.Time
	lastDeliv time.Time
	lastSaved time.Time // when lastDeliv was last written to settings
	delivered int64
	// conn is the connection to the hub's NATS while delivery runs. The
	// NATS client keeps reconnecting for a minute or more after the hub
	// goes; its own state, not delivery still running, says whether the
	// node is connected.
	conn    *nats.Conn
	checked time.Time
	// interrupted is set by Run when a delivery failed and logged so,
	// and cleared by the next connection, which logs that delivery
	// resumed: an IT team reading warnings sees when they stopped.
	// Only Run's goroutine, in which deliver runs, reads and sets it.
	interrupted bool
	// caughtUp is set by deliver when the hub acknowledged rows or the
	// outbox was drained: the connection worked, so Run starts backing
	// off afresh at the next failure. Only Run's goroutine uses it.
	caughtUp bool
	// pause waits between retries; tests replace it to see the wait
	// chosen and to retry on their own signal.
	pause func(ctx context.Context, d time.Duration)

	// creds secure the gRPC calls to the hub (join, membership checks,
	// comparisons); nil is plaintext.
	creds credentials.TransportCredentials
}

// Dial connects to the hub's gRPC service at addr with the relay's
// transport credentials; every gRPC call to the hub goes through it.
func (r *Relay) Dial(addr string) (*grpc.ClientConn, error) {
	creds := r.creds
	if creds == nil {
		creds = insecure.NewCredentials()
	}
	return grpc.NewClient(addr, grpc.WithTransportCredentials(creds))
}

// New prepares a relay; who says who applies (read at every join request,
// so a renamed city applies under its new name).
func New(outbox Outbox, settings Settings, who func(context.Context) (Applicant, error), log *slog.Logger, opts ...Option) *Relay {
	r := &Relay{outbox: outbox, settings: settings, who: who, log: log}
	for _, o := range opts {
		o(r)
	}
	if r.wake == nil {
		r.wake = NewBell()
	}
	if r.pause == nil {
		r.pause = r.sleep
	}
	if v, _ := settings.Setting(context.Background(), settingLastDeliv); v != "" {
		r.lastDeliv, _ = time.Parse(time.RFC3339Nano, v)
	}
	return r
}

// An Option sets up a relay when New builds it.
type Option func(*Relay)

// WithCreds secures the gRPC calls to the hub (join, membership checks,
// comparisons) with c; without it they are plaintext, as with a nil c.
func WithCreds(c credentials.TransportCredentials) Option {
	return func(r *Relay) { r.creds = c }
}

// WithBell makes the relay wake when b rings. The writer of the outbox
// rings it after each commit; since the bell exists before both, the
// writer and the relay each take it in their constructor.
func WithBell(b Bell) Option {
	return func(r *Relay) { r.wake = b }
}

// A Bell tells a relay its outbox has something new to deliver. Rings
// while the relay is busy collapse into one.
type Bell chan struct{}

// NewBell makes a bell for one relay.
func NewBell() Bell { return make(Bell, 1) }

// Ring wakes the relay without waiting for it.
func (b Bell) Ring() {
	select {
	case b <- struct{}{}:
	default:
	}
}

// Wake tells the relay there is something new to deliver.
func (r *Relay) Wake() { r.wake.Ring() }

func (r *Relay) fail(err error) {
	r.mu.Lock()
	r.lastErr, r.lastErrAt = err.Error(), time.Now().UTC()
	r.mu.Unlock()
}

func (r *Relay) ok() {
	r.mu.Lock()
	r.lastErr = ""
	r.mu.Unlock()
}

func (r *Relay) sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	case <-r.wake:
	}
}

// backoff doubles the retry step up to maxBackoff. The step grows
// without jitter, so that failures in a row reach the longest wait in a
// known number of failures rather than by chance.
func backoff(step time.Duration) time.Duration {
	return min(2*step, maxBackoff)
}

// jitter waits between half of step and step, so a hub coming back is
// not hit by every city at once.
func jitter(step time.Duration) time.Duration {
	return step/2 + rand.N(step/2+1)
}

// Run delivers until ctx ends.
func (r *Relay) Run(ctx context.Context) {
	step := minBackoff
	for ctx.Err() == nil {
		link, err := r.Link(ctx)
		if err != nil {
			r.fail(err)
			r.sleep(ctx, maxBackoff)
			continue
		}
		switch {
		case link == nil:
			r.sleep(ctx, 10*idlePoll) // not joined: nothing to do until Join
			continue
		case link.GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED:
			if _, err := r.ask(ctx, link.GetHubAddr()); err != nil {
				r.fail(err)
				step = backoff(step)
				r.pause(ctx, jitter(step))
				continue
			}
			if l, _ := r.Link(ctx); l.GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
				r.sleep(ctx, pendingPoll)
			}
			continue
		}
		r.caughtUp = false
		err = r.deliver(ctx, link.GetNatsUrl())
		if ctx.Err() != nil {
			return
		}
		// A delivery that got through before failing ends the previous
		// outage: the next one is retried quickly again, not at the
		// long wait an earlier outage grew.
		if r.caughtUp {
			step = minBackoff
		}
		step = backoff(step)
		wait := jitter(step)
		r.fail(err)
		r.log.Warn("delivery to hub interrupted", "err", err, "retry_in", wait)
		r.interrupted = true
		// The hub may have revoked us or moved: ask before trying again.
		if _, aerr := r.ask(ctx, link.GetHubAddr()); aerr != nil {
			r.log.Warn("hub membership check", "err", aerr)
		}
		r.pause(ctx, wait)
	}
}

// deliver connects to the hub's NATS and drains the outbox until an error.
func (r *Relay) deliver(ctx context.Context, url string) error {
	who, err := r.who(ctx)
	if err != nil {
		return err
	}
	nc, err := bus.Connect(bus.Options{URL: url, Key: who.Key, Name: "hcnet relay " + who.Country + "/" + who.ID, PingInterval: hubPing, Log: r.log})
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(2*window))
	if err != nil {
		return err
	}
	r.setConn(nc)
	defer r.setConn(nil)
	r.ok()
	if r.interrupted {
		r.interrupted = false
		r.log.Info("connected to the hub's NATS again; delivering", "url", url)
	}
	// Batch N+1 is read and published while the PubAcks of batch N come
	// back and its rows are deleted: the outbox is read past what is in
	// flight (after), and both batches are settled before any error
	// returns, so what the hub acknowledged is deleted and the rest is
	// sent again on the next connection, from the oldest row.
	var inFlight *sent
	var after int64
	for ctx.Err() == nil {
		rows, err := r.outbox.OutboxBatch(ctx, after, batchSize)
		if err != nil {
			return errors.Join(err, r.settle(ctx, inFlight))
		}
		cur := r.publish(js, rows)
		if len(rows) > 0 {
			after = rows[len(rows)-1].Seq
		}
		err = r.settle(ctx, inFlight)
		inFlight = cur
		if err != nil || cur.err != nil {
			// Delete what the hub acknowledged of the batch just sent too.
			return errors.Join(err, r.settle(ctx, cur))
		}
		if nc.IsClosed() {
			return errors.New("connection to the hub's NATS closed")
		}
		if len(rows) == 0 {
			if err := r.settle(ctx, inFlight); err != nil {
				return err
			}
			inFlight = nil
			r.caughtUp = true
			r.sleep(ctx, idlePoll)
		}
	}
	return r.settle(ctx, inFlight)
}

func (r *Relay) setConn(nc *nats.Conn) {
	r.mu.Lock()
	r.conn = nc
	r.mu.Unlock()
}

// sent is a batch published and waiting for its PubAcks.
type sent struct {
	rows    []Row
	futures []jetstream.PubAckFuture
	err     error // a publish that failed to go out; later rows were not sent
}

// publish sends rows asynchronously in outbox order. A failed publish
// leaves its row for the next attempt; the hub's dedup window and
// version check make a resend harmless.
func (r *Relay) publish(js jetstream.JetStream, rows []Row) *sent {
	s := &sent{rows: rows, futures: make([]jetstream.PubAckFuture, 0, len(rows))}
	for _, row := range rows {
		msg := &nats.Msg{Subject: row.Subject, Data: row.Envelope, Header: nats.Header{}}
		msg.Header.Set(jetstream.MsgIDHeader, row.MsgID)
		if row.Path != "" {
			msg.Header.Set(PathHeader, row.Path)
		}
		if row.Statement != "" {
			msg.Header.Set(subject.StatementHeader, row.Statement)
		}
		f, err := js.PublishMsgAsync(msg)
		if err != nil {
			s.err = err
			break
		}
		s.futures = append(s.futures, f)
	}
	return s
}

// settle waits for a batch's PubAcks (up to hubCallLimit) and deletes
// the rows the hub acknowledged, in one transaction; it reports the
// first failure. Nothing is deleted without its PubAck.
func (r *Relay) settle(ctx context.Context, s *sent) error {
	if s == nil {
		return nil
	}
	var acked []int64
	firstErr := s.err
	timer := time.NewTimer(hubCallLimit)
	defer timer.Stop()
	expired := false
	for i, f := range s.futures {
		if expired {
			select { // after the deadline, take only acks already in
			case <-f.Ok():
				acked = append(acked, s.rows[i].Seq)
			default:
			}
			continue
		}
		select {
		case <-f.Ok():
			acked = append(acked, s.rows[i].Seq)
		case e := <-f.Err():
			if firstErr == nil {
				firstErr = fmt.Errorf("publish %s: %w", s.rows[i].MsgID, e)
			}
		case <-timer.C:
			expired = true
			if firstErr == nil {
				firstErr = errors.New("hub did not acknowledge within " + hubCallLimit.String())
			}
		case <-ctx.Done():
			expired = true // still delete what the hub has acknowledged
			if firstErr == nil {
				firstErr = ctx.Err()
			}
		}
	}
	if derr := r.outbox.Delivered(context.WithoutCancel(ctx), acked); derr != nil {
		return derr
	}
	if len(acked) > 0 {
		r.caughtUp = true
		now := time.Now().UTC()
		r.mu.Lock()
		r.lastDeliv = now
		r.delivered += int64(len(acked))
		persist := now.Sub(r.lastSaved) >= time.Second
		if persist {
			r.lastSaved = now
		}
		r.mu.Unlock()
		// The time of the last delivery survives restarts; written at
		// most once a second, as each write is an fsync.
		if persist {
			r.settings.SetSettings(context.WithoutCancel(ctx), map[string]string{settingLastDeliv: now.Format(time.RFC3339Nano)})
		}
	}
	return firstErr
}

// Join applies to the hub at addr and, once the hub has answered,
// remembers it. A mistyped address or an unreachable hub leaves an
// existing membership as it was.
func (r *Relay) Join(ctx context.Context, addr string) (*hcnetv1.HubLink, error) {
	link, err := r.ask(ctx, addr)
	if err != nil {
		return nil, err
	}
	r.Wake()
	return link, nil
}

// ask sends a freshly signed join request and stores the answer.
func (r *Relay) ask(ctx context.Context, addr string) (*hcnetv1.HubLink, error) {
	const op = "relay.Join"
	ctx, cancel := context.WithTimeout(ctx, hubCallLimit)
	defer cancel()
	conn, err := r.Dial(addr)
	if err != nil {
		return nil, errs.Wrap(op, errs.Invalid, fmt.Errorf("hub address %q: %w", addr, err))
	}
	defer conn.Close()
	hub := hcnetv1.NewHubServiceClient(conn)
	info, err := hub.GetHub(ctx, &hcnetv1.GetHubRequest{})
	if err != nil {
		return nil, errs.Wrap(op, errs.Unavailable, fmt.Errorf("reach hub at %s: %w", addr, err))
	}
	who, err := r.who(ctx)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, 16)
	crand.Read(nonce)
	req, err := envelope.SignJoin(who.Key, &hcnetv1.JoinApplication{
		CityId: who.ID, Country: who.Country, Name: who.Name, HubId: info.GetId(), Hub: who.Hub,
	}, hex.EncodeToString(nonce), time.Now())
	if err != nil {
		return nil, err
	}
	res, err := hub.Join(ctx, req)
	if err != nil {
		// The hub's refusal keeps its kind and words, so an officer told
		// the key is wrong is not told to retry later. A failure without
		// a kind (an internal error at the hub, no answer in time) is
		// worth retrying; the time limit was the node's own call to the
		// hub, not the officer's to the node.
		kind, refusal := errs.Refusal(err)
		return nil, errs.Wrap(op, kind, fmt.Errorf("hub %s refused the join request: %w", info.GetId(), refusal))
	}
	r.mu.Lock()
	r.checked = time.Now().UTC()
	r.mu.Unlock()
	kv := map[string]string{
		settingHubAddr: addr, settingHubID: info.GetId(), settingHubName: info.GetName(),
		settingHubStatus: record.ShortName(res.GetStatus()), settingNATSURL: res.GetNatsUrl(), settingPrefix: res.GetSubjectPrefix(),
	}
	if err := r.settings.SetSettings(context.WithoutCancel(ctx), kv); err != nil {
		return nil, err
	}
	r.ok()
	return r.Link(ctx)
}

// Link reads the stored membership; nil before any join.
func (r *Relay) Link(ctx context.Context) (*hcnetv1.HubLink, error) {
	var ferr error
	get := func(k string) string {
		v, err := r.settings.Setting(ctx, k)
		if err != nil && ferr == nil {
			ferr = err
		}
		return v
	}
	addr := get(settingHubAddr)
	if addr == "" {
		return nil, ferr
	}
	st, _ := record.ParseEnum[hcnetv1.MemberStatus](get(settingHubStatus))
	link := &hcnetv1.HubLink{
		HubAddr: addr, HubId: get(settingHubID), HubName: get(settingHubName), Status: st,
		NatsUrl: get(settingNATSURL), SubjectPrefix: get(settingPrefix),
	}
	r.mu.Lock()
	if !r.checked.IsZero() {
		link.CheckTime = timestamppb.New(r.checked)
	}
	r.mu.Unlock()
	return link, ferr
}

// Status reports membership and outbox.
func (r *Relay) Status(ctx context.Context) (*hcnetv1.GetStatusResponse, error) {
	link, err := r.Link(ctx)
	if err != nil {
		return nil, err
	}
	depth, oldest, err := r.outbox.OutboxDepth(ctx)
	if err != nil {
		return nil, err
	}
	out := &hcnetv1.GetStatusResponse{Hub: link, OutboxDepth: depth}
	if !oldest.IsZero() {
		out.OldestUndeliveredTime = timestamppb.New(oldest)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.lastDeliv.IsZero() {
		out.LastDeliveryTime = timestamppb.New(r.lastDeliv)
	}
	out.Delivered, out.LastError = r.delivered, r.lastErr
	out.Connected = r.conn != nil && r.conn.IsConnected()
	if r.lastErr != "" {
		out.LastErrorTime = timestamppb.New(r.lastErrAt)
	}
	return out, nil
}
