package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/relay"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Ingest reads the record stream through a durable pull consumer,
// verifies every message against its member's key, writes each batch in
// one transaction and acks only after the commit. A crash between commit
// and ack redelivers messages the store then finds already applied.
type Ingest struct {
	store    Store
	members  Members
	stream   jetstream.Stream
	consumer string
	log      *slog.Logger
	hubID    string
	limit    *memberLimit // nil: no limit
	quota    *memberQuota // nil: no quota
	replay   *replayer    // nil: no approvals to hear of
	dropped  dropLog

	mu    sync.Mutex
	stats Stats
}

// Config is what ingest is built with: its collaborators and its limits.
type Config struct {
	// Store is the read model ingest writes into.
	Store Store
	// Members holds the keys messages verify against.
	Members Members
	// Stream is the record stream, and Consumer the durable consumer
	// ingest reads it through (subject.IngestConsumerOf: a replica's
	// own when several hubs read one stream). Run and Replay need the
	// stream; Check does not.
	Stream   jetstream.Stream
	Consumer string
	// Approved hears of members just approved, whose records the stream
	// may hold already (Replay); nil hears of none.
	Approved *Approvals
	// HubID names this hub in the path of what it ingests.
	HubID string
	// MemberRate and MemberBurst bound each member's records: MemberRate
	// a second, MemberBurst at once (see memberLimit). A MemberRate of 0
	// is no limit.
	MemberRate  float64
	MemberBurst int
	// MemberQuota is the bytes each member may hold at the hub (see
	// memberQuota); 0 is no quota.
	MemberQuota int64
	Log         *slog.Logger
}

// Store is what ingest needs of the read model (package store).
type Store interface {
	// Apply writes a batch in one transaction: verified records are
	// upserted when newer than what the hub holds, tombstones delete,
	// refusals go to the quarantine. Only after it returns may the
	// batch's messages be acked.
	Apply(ctx context.Context, batch []store.Incoming) (store.ApplyResult, error)
	// HeldBy is what the records of country/city take at the hub now:
	// the sizes of their envelopes.
	HeldBy(ctx context.Context, country, city string) (int64, error)
	// SizeOf is the size of the envelope of the version of a record the
	// hub holds, 0 if none.
	SizeOf(ctx context.Context, country, city, id string) (int64, error)
}

// Members is what ingest asks of membership (package members).
type Members interface {
	// Verifier returns the key check of an approved member city, or of a
	// city an approved member hub vouches for and the coordinator has
	// not decided about, or nil.
	Verifier(country, city string) *envelope.Verifier
	// Decided says whether the coordinator holds an application or a
	// decision for country/city, which a member hub's word cannot
	// override.
	Decided(country, city string) bool
	// ApprovedCity says whether country/city is itself an approved
	// member city, rather than one a member hub vouches for.
	ApprovedCity(country, city string) bool
	// HubsFor lists the approved member hubs vouching for country's
	// cities.
	HubsFor(country string) []*hcnetv1.Member
	// Reload reads the members and the attested keys again, after ingest
	// applied attestations.
	Reload(ctx context.Context) error
}

// Stats count what ingest did since start.
type Stats struct {
	Batches, Upserted, Deleted, Stale, Quarantined int64
	// Dropped counts messages no member could have published
	// (Ingest.foreign): acked and left out of the quarantine.
	Dropped int64
	// Deferred counts records handed back to JetStream for later because
	// their member was over its rate (Config.MemberRate); each comes
	// again.
	Deferred  int64
	LastBatch time.Time
}

// New prepares ingest into c.Store.
func New(c Config) *Ingest {
	in := &Ingest{store: c.Store, members: c.Members, stream: c.Stream, consumer: c.Consumer, hubID: c.HubID, log: c.Log}
	in.limit = newMemberLimit(c.MemberRate, c.MemberBurst, c.Members, c.Log)
	if c.MemberQuota > 0 {
		in.quota = &memberQuota{bytes: c.MemberQuota, store: c.Store, log: c.Log}
	}
	if c.Approved != nil {
		in.replay = newReplayer(c.Stream, in, c.Store, c.Members, c.Approved, c.Log)
	}
	return in
}

// Stats returns the counters.
func (in *Ingest) Stats() Stats {
	in.mu.Lock()
	s := in.stats
	in.mu.Unlock()
	s.Deferred = in.limit.Deferred()
	return s
}

// consumerConfig is the durable consumer ingest reads through, named
// durable.
func consumerConfig(durable string) jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       durable,
		AckPolicy:     jetstream.AckExplicitPolicy,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		// A hub killed mid-batch gets its messages back this soon.
		AckWait: 15 * time.Second,
		// Room for the prefetch, the batches in the pipeline, and the
		// records a member over its rate is told to send again later.
		MaxAckPending: ingestMaxAckPending,
		MaxDeliver:    -1,
	}
}

// Run ingests through the consumer Config named (subject.IngestConsumer
// when it named none) until ctx ends.
func (in *Ingest) Run(ctx context.Context) error {
	durable := in.consumer
	if durable == "" {
		durable = subject.IngestConsumer
	}
	return in.pipeline(ctx, in.stream, consumerConfig(durable))
}

// Replay applies what the stream holds from each member Config.Approved
// hears of, until ctx ends (see replayer).
func (in *Ingest) Replay(ctx context.Context) {
	if in.replay != nil {
		in.replay.run(ctx)
	}
}

// CheckAll verifies messages on all cores (ed25519 is the costly part)
// and works out what Apply will store, so the writer only writes.
func (in *Ingest) CheckAll(msgs []jetstream.Msg) []store.Incoming {
	out := make([]store.Incoming, len(msgs))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	now := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(msgs); i += workers {
				out[i] = in.Check(msgs[i].Subject(), msgs[i].Headers(), msgs[i].Data(), now)
				out[i].Prepare() // an error here comes back from Apply
			}
		}(w)
	}
	wg.Wait()
	return out
}

// MaxSignSkew is how far ahead of the hub's clock a record may be signed:
// room for clocks that are not quite in step. A record signed later than
// that is refused, so a wrong or hostile clock cannot date what it shares
// in the future (and so become the newest entry of every feed).
const MaxSignSkew = 5 * time.Minute

// Check verifies one message and says what to do with it. Nothing in the
// message is trusted before a signature verifies against a key the hub
// knows for the origin its subject names: a member city's own, or one a
// member hub vouches for.
func (in *Ingest) Check(subj string, hdr nats.Header, data []byte, now time.Time) store.Incoming {
	out := store.Incoming{Subject: subj, Envelope: data}
	fail := func(format string, args ...any) store.Incoming {
		out.Reason = fmt.Sprintf(format, args...)
		return out
	}
	if why := in.foreign(subj, hdr); why != "" {
		out.Foreign = true
		return fail("%s", why)
	}
	p, err := subject.Parse(subj)
	if err == nil && p.Space == subject.SpaceAttestation {
		return in.checkAttestation(out, p.Country, p.City, now)
	}
	if err != nil || p.Space != subject.SpaceRecord {
		return fail("subject %q is not hcnet.rec.<country>.<city>.<kind>.<id>", subj)
	}
	country, city, kind, id := p.Country, p.City, p.Kind, p.ID
	if hdr.Get(subject.StatementHeader) == "withdrawal" {
		return in.checkWithdrawal(out, country, city, kind, id)
	}
	v := in.members.Verifier(country, city)
	if v == nil && in.members.Decided(country, city) {
		return fail("%s/%s is not an approved member; the coordinator decided about it, so no member hub's word counts for it", country, city)
	}
	if v == nil {
		return fail("%s/%s is not an approved member, nor vouched for by one", country, city)
	}
	env := &hcnetv1.Envelope{}
	if err := proto.Unmarshal(data, env); err != nil {
		return fail("not an envelope: %v", err)
	}
	h, rec, err := v.Open(env)
	if err != nil {
		return fail("signature: %v", err)
	}
	switch {
	case h.GetOriginCountry() != country || h.GetOriginCity() != city:
		return fail("origin %s/%s does not match the subject's %s/%s", h.GetOriginCountry(), h.GetOriginCity(), country, city)
	case h.GetKind() != kind || h.GetId() != id:
		return fail("record %s %s does not match the subject's %s %s", h.GetKind(), h.GetId(), kind, id)
	case h.GetVersion() < 1:
		return fail("version %d", h.GetVersion())
	case h.GetVisibility() != hcnetv1.Visibility_VISIBILITY_NETWORK && h.GetVisibility() != hcnetv1.Visibility_VISIBILITY_PUBLIC:
		return fail("visibility %s may not leave the node", record.ShortName(h.GetVisibility()))
	}
	if st := h.GetSignTime().AsTime(); st.After(now.Add(MaxSignSkew)) {
		return fail("sign_time: %s is more than %s ahead of this hub's clock", st.UTC().Format(time.RFC3339), MaxSignSkew)
	}
	if rec != nil {
		if reason := checkShared(h, rec); reason != "" {
			return fail("%s", reason)
		}
	}
	out.Header, out.Record = h, rec
	out.Path = in.path(hdr, h, now)
	return out
}

// path is the way a record came: the origin city when it signed, the hubs
// below that forwarded it (from the path header), and this hub now.
func (in *Ingest) path(hdr nats.Header, h *hcnetv1.EnvelopeHeader, now time.Time) []*hcnetv1.Hop {
	hops := store.DecodePath(hdr.Get(relay.PathHeader))
	if len(hops) == 0 {
		hops = []*hcnetv1.Hop{{At: h.GetOriginCountry() + "/" + h.GetOriginCity(), Time: h.GetSignTime()}}
	}
	return append(hops, &hcnetv1.Hop{At: in.hubID, Time: timestamppb.New(now)})
}

// statement opens a hub statement on a subject of country, verified
// against the key of the approved member hub that signed it.
func (in *Ingest) statement(data []byte, country string) (*hcnetv1.Statement, *hcnetv1.Member, error) {
	signed := &hcnetv1.SignedStatement{}
	if err := proto.Unmarshal(data, signed); err != nil {
		return nil, nil, fmt.Errorf("not a signed statement: %v", err)
	}
	for _, h := range in.members.HubsFor(country) {
		if h.GetPublicKey() != signed.GetKeyId() {
			continue
		}
		st, err := envelope.OpenStatement(signed, h.GetPublicKey())
		if err != nil {
			return nil, nil, fmt.Errorf("statement signature: %v", err)
		}
		return st, h, nil
	}
	return nil, nil, fmt.Errorf("signed by %s, which is no approved member hub for %s", signed.GetKeyId(), country)
}

func (in *Ingest) checkAttestation(out store.Incoming, country, city string, now time.Time) store.Incoming {
	st, hub, err := in.statement(out.Envelope, country)
	if err != nil {
		out.Reason = "attestation: " + err.Error()
		return out
	}
	a := st.GetAttestation()
	switch {
	case a == nil:
		out.Reason = "attestation subject carries another statement"
	case a.GetCountry() != country || a.GetCityId() != city || a.GetHubId() != hub.GetCityId():
		out.Reason = fmt.Sprintf("attestation of %s/%s by %s does not match its subject or signer", a.GetCountry(), a.GetCityId(), a.GetHubId())
	case a.GetTime().AsTime().After(now.Add(MaxSignSkew)):
		// The newest of a hub's attestations counts; one dated ahead
		// would outrank every later honest one.
		out.Reason = fmt.Sprintf("attestation: time: %s is more than %s ahead of this hub's clock", a.GetTime().AsTime().UTC().Format(time.RFC3339), MaxSignSkew)
	case utf8.RuneCountInString(a.GetCityName()) > record.MaxShort:
		// A member's name is at most this long where it applied; the
		// members page shows it in every row.
		out.Reason = fmt.Sprintf("attestation: city_name: %d characters; at most %d", utf8.RuneCountInString(a.GetCityName()), record.MaxShort)
	default:
		if _, err := envelope.NewVerifier(a.GetPublicKey()); err != nil && !a.GetRevoked() {
			out.Reason = "attestation: " + err.Error()
			return out
		}
		out.Attestation = a
	}
	return out
}

func (in *Ingest) checkWithdrawal(out store.Incoming, country, city, kind, id string) store.Incoming {
	st, hub, err := in.statement(out.Envelope, country)
	if err != nil {
		out.Reason = "withdrawal: " + err.Error()
		return out
	}
	w := st.GetWithdrawal()
	switch {
	case w == nil:
		out.Reason = "withdrawal header on another statement"
	case w.GetCountry() != country || w.GetCityId() != city || w.GetKind() != kind || w.GetId() != id || w.GetHubId() != hub.GetCityId():
		out.Reason = "withdrawal does not match its subject or signer"
	case w.GetVersion() < 1:
		out.Reason = fmt.Sprintf("withdrawal at version %d", w.GetVersion())
	case in.members.Decided(country, city):
		// The coordinator's own word about the city wins: its records
		// are withdrawn by its own tombstones only.
		out.Reason = fmt.Sprintf("withdrawal by member hub %s of a record of %s/%s, which the coordinator decided about", hub.GetCityId(), country, city)
	default:
		out.Withdrawal = w
	}
	return out
}

// checkShared refuses a payload that is not the shared form of the record
// its header names: wrong kind, wrong id, personal contact fields, or a
// value the origin's node would have refused (record.ValidateShared: the
// node's own rules, so a member that signs what its node never wrote gets
// no further than a node's client would).
func checkShared(h *hcnetv1.EnvelopeHeader, rec *hcnetv1.SharedRecord) string {
	in, inner := record.Unwrap(rec)
	if in == nil {
		return "the payload holds no record"
	}
	if why := record.Personal(rec); why != "" {
		return why
	}
	if k := in.Kind; string(k) != h.GetKind() {
		return fmt.Sprintf("payload is a %s, header says %s", k, h.GetKind())
	}
	if meta := record.GetMeta(inner); meta.ID != h.GetId() || meta.Version != h.GetVersion() {
		return fmt.Sprintf("payload is %s v%d, header says %s v%d", meta.ID, meta.Version, h.GetId(), h.GetVersion())
	}
	if vs := record.ValidateShared(rec); len(vs) > 0 {
		return invalidReason(vs)
	}
	return ""
}

// reasonViolations is how many bad fields a quarantine reason names; a
// hostile record can have thousands, and one line is enough to see why.
const reasonViolations = 5

// invalidReason names the bad fields of a record on one line.
func invalidReason(vs record.Violations) string {
	var b strings.Builder
	b.WriteString("invalid record: ")
	for i, v := range vs[:min(len(vs), reasonViolations)] {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(v.Field + ": " + v.Description)
	}
	if n := len(vs) - reasonViolations; n > 0 {
		fmt.Fprintf(&b, "; and %d more", n)
	}
	return b.String()
}
