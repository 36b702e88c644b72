package hub

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/hcnet/hcnet/hub/members"
	"github.com/hcnet/hcnet/hub/natsserver"
	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/internal/bus"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/secret"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
)

// RecoverOptions are what `hchub recover` asks for: the hub's own
// settings, which lived only in hub.db, and whether the members found in
// the record stream are approved at once.
type RecoverOptions struct {
	InitOptions
	// Approve approves every member found in the stream. Without it they
	// wait as pending applications for the coordinator to decide again.
	Approve bool
}

// RecoveredMember is a member whose records (a city) or attestations (a
// member hub) the record stream holds, with the key that signed them.
type RecoveredMember struct {
	Country, ID, PublicKey string
	Hub                    bool
	// Messages counts the stream's messages signed by the member.
	Messages int
}

// RecoverReport says what Recover rebuilt.
type RecoverReport struct {
	// Messages is how many messages the record stream held.
	Messages int
	// Members found in the stream, by country and id.
	Members []RecoveredMember
	// Aside is where a leftover hub.db without a hub's settings was
	// moved, "" when there was none.
	Aside string
}

// Recover rebuilds a hub's database whose hub.db is lost, in a data
// folder that still holds the hub's identity key and admin token. The
// hub's settings come from o, as at init. The members come from the
// embedded server's record stream in DIR/nats: every city whose signed
// records it holds, with the key that signed them, and every member hub
// whose signed attestations it holds; they are approved only with
// o.Approve. The ingest consumer is deleted, so the next `hchub run`
// reads the whole stream again and applies the records of approved
// members; a member approved later gets its records from the stream on
// approval (replayer). What the stream cannot give (which members the
// coordinator rejected or revoked, members' names, subscribers, the
// quarantine) is gone; members' nodes send what the stream lacks at
// their next sync.
//
// Recover refuses a running hub and a folder whose hub.db holds a hub.
// A hub.db without the hub's settings (left by an earlier failed start)
// is moved aside.
func Recover(ctx context.Context, dir string, o RecoverOptions) (*RecoverReport, error) {
	const op = "hub.Recover"
	if err := o.check(op); err != nil {
		return nil, err
	}
	seed, err := secret.Read(dir, IdentityFile)
	if err != nil {
		return nil, errs.E(op, errs.NotFound, "%s holds no hub identity (%s): there is nothing to recover; hchub init creates a new hub", dir, IdentityFile)
	}
	if _, err := secret.Read(dir, TokenFile); err != nil {
		return nil, errs.E(op, errs.NotFound, "%s holds no admin token (%s): copy it back from where it was kept, then recover", dir, TokenFile)
	}
	key, err := nkeys.FromSeed([]byte(seed))
	if err != nil {
		return nil, errs.Op(op, fmt.Errorf("%s: %w", IdentityFile, err))
	}
	if addr, up := answering(dir); up {
		return nil, errs.E(op, errs.InUse, "the hub is running: it answers at %s (from %s); stop it first", addr, filepath.Join(dir, AddrFile))
	}
	report := &RecoverReport{}
	if report.Aside, err = moveEmptyDB(ctx, dir); err != nil {
		return nil, err
	}
	found, err := scanStream(ctx, dir, key, report)
	if err != nil {
		return nil, errs.Op(op, fmt.Errorf("reading the record stream in %s: %w", filepath.Join(dir, NATSDir), err))
	}
	report.Members = found
	err = createDB(ctx, dir, o.InitOptions, func(tx *sql.Tx) error {
		status, decided := "pending", ""
		now := store.FormatTime(time.Now())
		if o.Approve {
			status, decided = "approved", now
		}
		for _, m := range found {
			// The name is not in the stream: the member's next join
			// request fills it in.
			if _, err := tx.ExecContext(ctx, `INSERT INTO members (country, city_id, name, public_key, status, apply_time, decide_time, hub) VALUES (?, ?, '', ?, ?, ?, ?, ?)`,
				m.Country, m.ID, m.PublicKey, status, now, decided, m.Hub); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return report, nil
}

// answering says whether a hub answers at the address its folder names;
// an address file nobody answers at is left over from a crash.
func answering(dir string) (string, bool) {
	b, err := os.ReadFile(filepath.Join(dir, AddrFile))
	if err != nil {
		return "", false
	}
	addr := strings.TrimSpace(string(b))
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return addr, false
	}
	c.Close()
	return addr, true
}

// moveEmptyDB moves hub.db (and its WAL files) aside when it holds no
// hub's settings, and refuses one that does.
func moveEmptyDB(ctx context.Context, dir string) (string, error) {
	const op = "hub.Recover"
	path := filepath.Join(dir, DBFile)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return "", nil
	} else if err != nil {
		return "", errs.Op(op, err)
	}
	st, err := store.Open(ctx, path)
	if err != nil {
		return "", errs.Op(op, fmt.Errorf("%s exists and does not open (%w); move it away, then recover", path, err))
	}
	id, err := st.Setting(ctx, "hub_id")
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", errs.Op(op, err)
	}
	if id != "" {
		return "", errs.E(op, errs.Exists, "%s holds hub %s: there is nothing to recover", path, id)
	}
	aside := path + ".pre-recover-" + time.Now().UTC().Format("20060102T150405Z")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Rename(path+suffix, aside+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", errs.Op(op, err)
		}
	}
	return aside, nil
}

// scanStream starts the embedded server on the folder's JetStream store,
// on a loopback port of its own, reads every message of the record
// stream, and deletes the ingest consumer so that the hub reads the
// stream from its start when it runs again. A folder without a stream
// gives no members.
func scanStream(ctx context.Context, dir string, key nkeys.KeyPair, report *RecoverReport) ([]RecoveredMember, error) {
	if _, err := os.Stat(filepath.Join(dir, NATSDir)); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	pub, _ := key.PublicKey()
	// Only the server's warnings and errors: its start-up notices would
	// bury the report recover prints.
	warnings := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	users := members.NewNATSUsers(pub, warnings.With("component", "nats"))
	srv, err := natsserver.Start(natsserver.Config{StoreDir: filepath.Join(dir, NATSDir), Listen: "127.0.0.1:0"}, users, warnings)
	if err != nil {
		return nil, err
	}
	defer srv.Shutdown()
	nc, err := bus.Connect(bus.Options{URL: srv.URL(), Key: key, Name: "hchub recover"})
	if err != nil {
		return nil, err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	stream, err := js.Stream(ctx, subject.RecordStream)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	info, err := stream.Info(ctx)
	if err != nil {
		return nil, err
	}
	f := newMemberFinder()
	if total := info.State.Msgs; total > 0 {
		cons, err := stream.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{})
		if err != nil {
			return nil, err
		}
		for seen := uint64(0); seen < total; {
			// No more than is left: a fetch waits until it has as many
			// as it asked for, or for its deadline.
			batch, err := cons.Fetch(int(min(1000, total-seen)), jetstream.FetchMaxWait(5*time.Second))
			if err != nil {
				return nil, err
			}
			n := 0
			for m := range batch.Messages() {
				f.add(m.Subject(), m.Headers().Get(subject.StatementHeader), m.Data())
				n++
			}
			if err := batch.Error(); err != nil && !errors.Is(err, jetstream.ErrNoMessages) {
				return nil, err
			}
			if n == 0 {
				break // the stream ended before its count: messages expired meanwhile
			}
			seen += uint64(n)
			report.Messages += n
		}
	}
	if err := stream.DeleteConsumer(ctx, subject.IngestConsumer); err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
		return nil, err
	}
	return f.members(), nil
}

// memberFinder collects, message by message, who signed what the stream
// holds. Only signatures count: a city's key is the one its own records
// verify against; a member hub's is the one its attestations do. A city
// a member hub vouches for is that hub's member, not this hub's.
type memberFinder struct {
	cities   map[cityKey]*RecoveredMember
	hubs     map[cityKey]*RecoveredMember
	attested map[cityKey]bool
}

func newMemberFinder() *memberFinder {
	return &memberFinder{cities: map[cityKey]*RecoveredMember{}, hubs: map[cityKey]*RecoveredMember{}, attested: map[cityKey]bool{}}
}

func (f *memberFinder) add(subj, statement string, data []byte) {
	p, err := subject.Parse(subj)
	switch {
	case err == nil && p.Space == subject.SpaceAttestation:
		signed := &hcnetv1.SignedStatement{}
		if proto.Unmarshal(data, signed) != nil {
			return
		}
		st, err := envelope.OpenStatement(signed, signed.GetKeyId())
		a := st.GetAttestation()
		if err != nil || a == nil || a.GetCountry() != p.Country || a.GetCityId() != p.City {
			return
		}
		f.attested[cityKey{p.Country, p.City}] = true
		f.count(f.hubs, cityKey{a.GetCountry(), a.GetHubId()}, signed.GetKeyId(), true)
	case err == nil && p.Space == subject.SpaceRecord && statement == "":
		env := &hcnetv1.Envelope{}
		if proto.Unmarshal(data, env) != nil {
			return
		}
		peek, err := envelope.PeekHeader(env)
		if err != nil {
			return
		}
		v, err := envelope.NewVerifier(peek.GetKeyId())
		if err != nil {
			return
		}
		h, _, err := v.Open(env)
		if err != nil || h.GetOriginCountry() != p.Country || h.GetOriginCity() != p.City {
			return
		}
		f.count(f.cities, cityKey{p.Country, p.City}, h.GetKeyId(), false)
	}
}

// count adds a message signed by key; the stream's order makes the
// latest message's key the one kept.
func (f *memberFinder) count(into map[cityKey]*RecoveredMember, k cityKey, key string, hub bool) {
	m := into[k]
	if m == nil {
		m = &RecoveredMember{Country: k.country, ID: k.city, Hub: hub}
		into[k] = m
	}
	m.PublicKey = key
	m.Messages++
}

func (f *memberFinder) members() []RecoveredMember {
	var out []RecoveredMember
	for k, m := range f.cities {
		if !f.attested[k] {
			out = append(out, *m)
		}
	}
	for k, m := range f.hubs {
		if _, city := f.cities[k]; city && !f.attested[k] {
			continue // one member per country and id: the city's own records win
		}
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Country != out[j].Country {
			return out[i].Country < out[j].Country
		}
		return out[i].ID < out[j].ID
	})
	return out
}
