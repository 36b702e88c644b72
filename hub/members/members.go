package members

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/sqlitedb"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// JoinWindow is how far a join request's time may be from the hub's
// clock; together with the nonce it makes a captured request useless
// later.
const JoinWindow = 5 * time.Minute

// cityKey names a member.
type cityKey struct{ country, city string }

// Members keeps the membership table and, for ingest, the verifiers of the
// approved members' keys. A decision on a city changes only that city's
// entries, so approving thousands one by one costs linear time; one on a
// member hub re-reads the keys it vouches for.
//
// Anyone may apply as a member hub, so an approved one is trusted no
// further than the coordinator's own word: it vouches only for cities
// the coordinator has not decided about. A city with a row in the table
// (pending, approved, rejected or revoked) is the coordinator's, and no
// member hub's attestation counts for it.
type Members struct {
	store    Store
	db       *sqlitedb.DB
	hubID    string
	now      func() time.Time
	onChange func(ctx context.Context, m *hcnetv1.Member) error
	attest   func(ctx context.Context, tx *sql.Tx, m *hcnetv1.Member) error
	approved func(m *hcnetv1.Member)
	// limit bounds new applications (Config.Applications); nil: none.
	limit *applicationLimit
	// rows orders a write that adds or removes a row with the update of
	// decided after it, so concurrent ones cannot leave decided wrong.
	rows sync.Mutex

	mu     sync.RWMutex
	cities map[cityKey]*envelope.Verifier // approved member cities
	hubs   map[string][]*hcnetv1.Member   // approved member hubs by country
	// attested are the cities member hubs vouch for.
	attested map[cityKey]*envelope.Verifier
	decided  map[cityKey]bool // every id in the table, any status
}

// Config is what Members works with.
type Config struct {
	// Store is the hub's database.
	Store Store
	// HubID is this hub's id, which a join request must name.
	HubID string
	// OnChange, when set, runs after every decision, with the decided
	// member, so the NATS users follow membership.
	OnChange func(ctx context.Context, m *hcnetv1.Member) error
	// Attest, when set (the hub has a parent), queues the hub's word for
	// a decided member's key inside the decision's transaction.
	Attest func(ctx context.Context, tx *sql.Tx, m *hcnetv1.Member) error
	// Approved, when set, hears of every member approved, once its
	// approval is in force; it must not block.
	Approved func(m *hcnetv1.Member)
	// Applications bounds new applications; its zero value sets no
	// limit.
	Applications ApplicationLimits
}

// New loads the approved members of c.Store.
func New(ctx context.Context, c Config) (*Members, error) {
	m := &Members{store: c.Store, db: c.Store.DB(), hubID: c.HubID, now: func() time.Time { return time.Now().UTC() },
		onChange: c.OnChange, attest: c.Attest, approved: c.Approved, limit: newApplicationLimit(c.Applications)}
	return m, m.reload(ctx)
}

func (m *Members) reload(ctx context.Context) error {
	// A row added or removed while reading would be missing from, or
	// linger in, the maps swapped in below.
	m.rows.Lock()
	defer m.rows.Unlock()
	return m.reloadHeld(ctx)
}

// reloadHeld is reload for a caller that holds m.rows.
func (m *Members) reloadHeld(ctx context.Context) error {
	list, err := m.List(ctx, hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED)
	if err != nil {
		return err
	}
	cities := make(map[cityKey]*envelope.Verifier, len(list))
	hubs := map[string][]*hcnetv1.Member{}
	for _, mem := range list {
		if mem.GetHub() {
			hubs[mem.GetCountry()] = append(hubs[mem.GetCountry()], mem)
			continue
		}
		v, err := envelope.NewVerifier(mem.GetPublicKey())
		if err != nil {
			return fmt.Errorf("member %s/%s: %w", mem.GetCountry(), mem.GetCityId(), err)
		}
		cities[cityKey{mem.GetCountry(), mem.GetCityId()}] = v
	}
	attested, err := m.loadAttested(ctx, hubs)
	if err != nil {
		return err
	}
	decided, err := m.loadDecided(ctx)
	if err != nil {
		return err
	}
	m.mu.Lock()
	m.cities, m.hubs, m.attested, m.decided = cities, hubs, attested, decided
	m.mu.Unlock()
	return nil
}

// loadDecided reads every id in the members table.
func (m *Members) loadDecided(ctx context.Context) (map[cityKey]bool, error) {
	rows, err := m.db.Read.QueryContext(ctx, `SELECT country, city_id FROM members`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[cityKey]bool{}
	for rows.Next() {
		var k cityKey
		if err := rows.Scan(&k.country, &k.city); err != nil {
			return nil, err
		}
		out[k] = true
	}
	return out, rows.Err()
}

// loadAttested reads the city keys that approved member hubs vouch for.
// A key whose hub is no longer an approved member counts for nothing;
// of several hubs vouching for one city, the newest word of an approved
// one counts, so revoking a hub lets the others' words count at once.
func (m *Members) loadAttested(ctx context.Context, hubs map[string][]*hcnetv1.Member) (map[cityKey]*envelope.Verifier, error) {
	rows, err := m.db.Read.QueryContext(ctx, `SELECT country, city_id, public_key, hub_id FROM attested_keys WHERE revoked = 0
		ORDER BY attest_time`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[cityKey]*envelope.Verifier{}
	for rows.Next() {
		var country, city, key, hubID string
		if err := rows.Scan(&country, &city, &key, &hubID); err != nil {
			return nil, err
		}
		vouched := false
		for _, h := range hubs[country] {
			vouched = vouched || h.GetCityId() == hubID
		}
		if !vouched {
			continue
		}
		v, err := envelope.NewVerifier(key)
		if err != nil {
			continue // a malformed key verifies nothing
		}
		out[cityKey{country, city}] = v
	}
	return out, rows.Err()
}

// apply brings the approved members' keys in line with one decision;
// the caller holds m.rows.
func (m *Members) apply(ctx context.Context, mem *hcnetv1.Member) error {
	if mem.GetHub() {
		return m.reloadHeld(ctx) // the cities it vouches for count or stop counting
	}
	k := cityKey{mem.GetCountry(), mem.GetCityId()}
	var v *envelope.Verifier
	if mem.GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
		var err error
		if v, err = envelope.NewVerifier(mem.GetPublicKey()); err != nil {
			return fmt.Errorf("member %s/%s: %w", mem.GetCountry(), mem.GetCityId(), err)
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if v != nil {
		m.cities[k] = v
	} else {
		delete(m.cities, k)
	}
	return nil
}

// Reload re-reads members and attested keys (after ingest applied
// attestations).
func (m *Members) Reload(ctx context.Context) error { return m.reload(ctx) }

// HubsFor lists the approved member hubs vouching for country's cities.
func (m *Members) HubsFor(country string) []*hcnetv1.Member {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.hubs[country]
}

// Verifier returns the key check of an approved member city, or of a
// city an approved member hub vouches for and the coordinator has not
// decided about, or nil.
func (m *Members) Verifier(country, city string) *envelope.Verifier {
	m.mu.RLock()
	defer m.mu.RUnlock()
	k := cityKey{country, city}
	if v := m.cities[k]; v != nil {
		return v
	}
	if m.decided[k] {
		return nil
	}
	return m.attested[k]
}

// ApprovedCity says whether country/city is itself an approved member
// city, rather than one a member hub vouches for.
func (m *Members) ApprovedCity(country, city string) bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	_, ok := m.cities[cityKey{country, city}]
	return ok
}

// Decided says whether the coordinator holds an application or a
// decision for country/city, which a member hub's word cannot override.
func (m *Members) Decided(country, city string) bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.decided[cityKey{country, city}]
}

// setDecided records that the table holds country/city, or no longer.
func (m *Members) setDecided(country, city string, held bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if held {
		m.decided[cityKey{country, city}] = true
	} else {
		delete(m.decided, cityKey{country, city})
	}
}

// Join records an application or answers how one stands. The request must
// be signed by the key it names, be for this hub, be recent, carry a
// nonce never seen before, and, for a city already known, name the key on
// record.
func (m *Members) Join(ctx context.Context, req *hcnetv1.JoinRequest) (*hcnetv1.Member, error) {
	const op = "hub.Join"
	app, err := envelope.OpenJoin(req)
	if err != nil {
		return nil, errs.Wrap(op, errs.Unauthenticated, fmt.Errorf("join request: %w", err))
	}
	var vs record.Violations
	c := record.NewChecker("application", &vs)
	c.CityID("city_id", app.GetCityId(), true)
	c.Country("country", app.GetCountry(), true)
	c.Text("name", app.GetName(), record.MaxShort, true)
	if app.GetHubId() != m.hubID {
		c.Add("hub_id", "%q is not this hub (%s)", app.GetHubId(), m.hubID)
	}
	if n := app.GetNonce(); len(n) < 16 || len(n) > 64 {
		c.Add("nonce", "must be 16–64 random characters")
	}
	now := m.now()
	if t := app.GetTime().AsTime(); t.Before(now.Add(-JoinWindow)) || t.After(now.Add(JoinWindow)) {
		c.Add("time", "%s is more than %s from the hub's clock (%s)", t.Format(time.RFC3339), JoinWindow, now.Format(time.RFC3339))
	}
	if err := errs.InvalidFields(op, vs); err != nil {
		return nil, err
	}
	var out *hcnetv1.Member
	m.rows.Lock()
	defer m.rows.Unlock()
	err = m.db.Tx(ctx, func(tx *sql.Tx) error {
		out = nil
		if _, err := tx.ExecContext(ctx, `DELETE FROM join_nonces WHERE seen_time < ?`, formatTime(now.Add(-2*JoinWindow))); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO join_nonces (nonce, seen_time) VALUES (?, ?)`, app.GetNonce(), formatTime(now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(op, errs.Unauthenticated, "join request replayed (nonce already used)")
		}
		mem, err := getMember(ctx, tx, app.GetCountry(), app.GetCityId())
		switch {
		case errs.Is(err, errs.NotFound):
			if err := m.limit.admit(ctx, tx, now); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO members (country, city_id, name, public_key, status, apply_time, hub) VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
				app.GetCountry(), app.GetCityId(), app.GetName(), app.GetPublicKey(), formatTime(now), app.GetHub())
			if err != nil {
				return err
			}
			out, err = getMember(ctx, tx, app.GetCountry(), app.GetCityId())
			return err
		case err != nil:
			return err
		case mem.GetPublicKey() != app.GetPublicKey():
			return errs.E(op, errs.Unauthenticated, "%s/%s applied with another key; ask the coordinator, who can delete that application if it is not the city's", app.GetCountry(), app.GetCityId())
		case mem.GetName() == "":
			// A member recovered from the record stream (Recover) has
			// no name until it applies again.
			if _, err := tx.ExecContext(ctx, `UPDATE members SET name = ? WHERE country = ? AND city_id = ?`, app.GetName(), app.GetCountry(), app.GetCityId()); err != nil {
				return err
			}
			mem.Name = app.GetName()
		}
		out = mem
		return nil
	})
	if err != nil {
		return nil, err
	}
	// From now on the id is the coordinator's to decide about.
	m.setDecided(out.GetCountry(), out.GetCityId(), true)
	return out, nil
}

// Decide moves a member to a new status: approve (from pending, rejected
// or revoked), reject (from pending) or revoke (from approved).
func (m *Members) Decide(ctx context.Context, country, city string, to hcnetv1.MemberStatus) (*hcnetv1.Member, error) {
	return m.decide(ctx, country, city, to, nil)
}

// Approve is Decide to approved, for the coordinator's request: asHub
// must say what the application is, so a member hub, which vouches for
// the keys of its country's cities, is never approved unawares as a
// city, nor a city as a hub.
func (m *Members) Approve(ctx context.Context, country, city string, asHub bool) (*hcnetv1.Member, error) {
	return m.decide(ctx, country, city, hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED, func(mem *hcnetv1.Member) error {
		switch {
		case mem.GetHub() && !asHub:
			return errs.InvalidFields("hub.Approve", record.Violations{{Field: "hub",
				Description: fmt.Sprintf("%s/%s applied as a member hub, which vouches for the keys of %s's cities; approve it as a hub knowingly", country, city, country)}})
		case !mem.GetHub() && asHub:
			return errs.InvalidFields("hub.Approve", record.Violations{{Field: "hub",
				Description: fmt.Sprintf("%s/%s applied as a city, not as a member hub", country, city)}})
		}
		return nil
	})
}

func (m *Members) decide(ctx context.Context, country, city string, to hcnetv1.MemberStatus, check func(*hcnetv1.Member) error) (*hcnetv1.Member, error) {
	const op = "hub.Decide"
	from := map[hcnetv1.MemberStatus][]string{
		hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED: {"pending", "rejected", "revoked", "approved"},
		hcnetv1.MemberStatus_MEMBER_STATUS_REJECTED: {"pending", "rejected"},
		hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED:  {"approved", "revoked"},
	}[to]
	var out *hcnetv1.Member
	var dropped int
	// A reload that read the table before this commit must not swap its
	// maps in after apply: held from the commit until apply is done.
	m.rows.Lock()
	err := m.db.Tx(ctx, func(tx *sql.Tx) error {
		mem, err := getMember(ctx, tx, country, city)
		if err != nil {
			return err
		}
		cur := record.ShortName(mem.GetStatus())
		ok := false
		for _, f := range from {
			ok = ok || f == cur
		}
		if !ok {
			return errs.E(op, errs.InUse, "%s/%s is %s; it cannot become %s", country, city, cur, record.ShortName(to))
		}
		if check != nil {
			if err := check(mem); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE members SET status = ?, decide_time = ? WHERE country = ? AND city_id = ?`,
			record.ShortName(to), formatTime(m.now()), country, city); err != nil {
			return err
		}
		if out, err = getMember(ctx, tx, country, city); err != nil {
			return err
		}
		if to == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED && !mem.GetHub() {
			if dropped, err = m.store.DropVouched(ctx, tx, country, city, mem.GetPublicKey()); err != nil {
				return err
			}
		}
		if m.attest != nil {
			return m.attest(ctx, tx, out)
		}
		return nil
	})
	if err == nil {
		err = m.apply(ctx, out)
	}
	m.rows.Unlock()
	if err != nil {
		return nil, err
	}
	if dropped > 0 {
		m.store.RecordsDropped()
	}
	if m.onChange != nil {
		if err := m.onChange(ctx, out); err != nil {
			return nil, errs.Op(op, fmt.Errorf("apply membership to NATS: %w", err))
		}
	}
	if m.approved != nil && out.GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
		m.approved(out)
	}
	return out, nil
}

// Get returns one member.
func (m *Members) Get(ctx context.Context, country, city string) (*hcnetv1.Member, error) {
	return getMember(ctx, m.db.Read, country, city)
}

type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func getMember(ctx context.Context, q rowQuerier, country, city string) (*hcnetv1.Member, error) {
	row := q.QueryRowContext(ctx, memberSelect+` WHERE m.country = ? AND m.city_id = ?`, country, city)
	mem, err := scanMember(row.Scan)
	if isNoRows(err) {
		return nil, errs.E("", errs.NotFound, "no member %s/%s", country, city)
	}
	return mem, err
}

const memberSelect = `SELECT m.country, m.city_id, m.name, m.public_key, m.status, m.apply_time, m.decide_time, m.hub,
	(SELECT count(*) FROM records r WHERE r.country = m.country AND r.city_id = m.city_id),
	coalesce((SELECT max(arrive_time) FROM records r WHERE r.country = m.country AND r.city_id = m.city_id), '')
	FROM members m`

func scanMember(scan func(...any) error) (*hcnetv1.Member, error) {
	var mem hcnetv1.Member
	var status, applied, decided, last string
	if err := scan(&mem.Country, &mem.CityId, &mem.Name, &mem.PublicKey, &status, &applied, &decided, &mem.Hub, &mem.RecordCount, &last); err != nil {
		return nil, err
	}
	st, err := record.ParseEnum[hcnetv1.MemberStatus](status)
	if err != nil {
		return nil, err
	}
	mem.Status = st
	mem.ApplyTime = timestamppb.New(parseTime(applied))
	if decided != "" {
		mem.DecideTime = timestamppb.New(parseTime(decided))
	}
	if last != "" {
		mem.LastRecordTime = timestamppb.New(parseTime(last))
	}
	return &mem, nil
}

// List returns members, all or in one status, by country and city, as
// the coordinator sees them.
func (m *Members) List(ctx context.Context, status hcnetv1.MemberStatus) ([]*hcnetv1.Member, error) {
	return m.list(ctx, status, false)
}

// ListPublic is List for anyone: a member hub's vouches for pending or
// rejected applications are left out (the caller leaves out those
// applications).
func (m *Members) ListPublic(ctx context.Context, status hcnetv1.MemberStatus) ([]*hcnetv1.Member, error) {
	return m.list(ctx, status, true)
}

func (m *Members) list(ctx context.Context, status hcnetv1.MemberStatus, public bool) ([]*hcnetv1.Member, error) {
	q, args := memberSelect, []any{}
	if status != 0 {
		q += ` WHERE m.status = ?`
		args = append(args, record.ShortName(status))
	}
	rows, err := m.db.Read.QueryContext(ctx, q+` ORDER BY m.country, m.city_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*hcnetv1.Member
	for rows.Next() {
		mem, err := scanMember(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, mem)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close() // before the next read, on a pool that may be small
	return out, m.attachVouches(ctx, out, public)
}
