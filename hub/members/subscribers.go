package members

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/sqlitedb"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Subscribers are the peers the coordinator issued read-only NATS keys
// to. The hub keeps their public keys only; onChange runs after every
// change, with the subscriber changed, so the NATS users follow. Without
// it (an external NATS deployment, whose users the hub does not manage)
// Add refuses.
type Subscribers struct {
	db       *sqlitedb.DB
	now      func() time.Time
	onChange func(ctx context.Context, sub *hcnetv1.Subscriber) error
}

// NewSubscribers manages the subscribers in the hub's database db;
// onChange, nil with an external NATS deployment, applies a change to
// the NATS users.
func NewSubscribers(db *sqlitedb.DB, onChange func(ctx context.Context, sub *hcnetv1.Subscriber) error) *Subscribers {
	return &Subscribers{db: db, onChange: onChange, now: func() time.Time { return time.Now().UTC() }}
}

// Add issues a new nkey user for name and returns it with its seed, which
// is not kept. A name in use by an active subscriber is Exists; a revoked
// one gets a new key.
func (s *Subscribers) Add(ctx context.Context, name string) (*hcnetv1.Subscriber, string, error) {
	const op = "hub.AddSubscriber"
	if err := subscriberName(name); err != nil {
		return nil, "", err
	}
	if s.onChange == nil {
		return nil, "", errs.E(op, errs.InUse, "this hub uses an external NATS deployment (--nats-url): issue read-only users for %s there", "hcnet.pub.>")
	}
	kp, err := nkeys.CreateUser()
	if err != nil {
		return nil, "", err
	}
	pub, _ := kp.PublicKey()
	seed, _ := kp.Seed()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO subscribers (name, public_key, create_time, revoked) VALUES (?, ?, ?, 0)
			ON CONFLICT (name) DO UPDATE SET public_key = excluded.public_key, create_time = excluded.create_time, revoked = 0
			WHERE subscribers.revoked = 1`, name, pub, formatTime(s.now()))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(op, errs.Exists, "subscriber %q exists; revoke it first to issue a new key", name)
		}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	sub, err := s.get(ctx, name)
	if err != nil {
		return nil, "", err
	}
	if err := s.changed(ctx, op, sub); err != nil {
		return nil, "", err
	}
	return sub, string(seed), nil
}

// List returns every subscriber, revoked ones too, by name.
func (s *Subscribers) List(ctx context.Context) ([]*hcnetv1.Subscriber, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT name, public_key, create_time, revoked FROM subscribers ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*hcnetv1.Subscriber
	for rows.Next() {
		sub, err := scanSubscriber(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

// Revoke withdraws a subscriber's key: the NATS server drops its
// connection and refuses it from then on. NotFound when no such name.
func (s *Subscribers) Revoke(ctx context.Context, name string) (*hcnetv1.Subscriber, error) {
	const op = "hub.RevokeSubscriber"
	if err := subscriberName(name); err != nil {
		return nil, err
	}
	res, err := s.db.Write.ExecContext(ctx, `UPDATE subscribers SET revoked = 1 WHERE name = ?`, name)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, errs.E(op, errs.NotFound, "no subscriber %q", name)
	}
	sub, err := s.get(ctx, name)
	if err != nil {
		return nil, err
	}
	if err := s.changed(ctx, op, sub); err != nil {
		return nil, err
	}
	return sub, nil
}

func (s *Subscribers) changed(ctx context.Context, op string, sub *hcnetv1.Subscriber) error {
	if s.onChange == nil {
		return nil
	}
	if err := s.onChange(ctx, sub); err != nil {
		return errs.Op(op, fmt.Errorf("apply subscribers to NATS: %w", err))
	}
	return nil
}

func (s *Subscribers) get(ctx context.Context, name string) (*hcnetv1.Subscriber, error) {
	row := s.db.Read.QueryRowContext(ctx, `SELECT name, public_key, create_time, revoked FROM subscribers WHERE name = ?`, name)
	sub, err := scanSubscriber(row.Scan)
	if isNoRows(err) {
		return nil, errs.E("", errs.NotFound, "no subscriber %q", name)
	}
	return sub, err
}

func scanSubscriber(scan func(...any) error) (*hcnetv1.Subscriber, error) {
	sub := &hcnetv1.Subscriber{}
	var created string
	if err := scan(&sub.Name, &sub.PublicKey, &created, &sub.Revoked); err != nil {
		return nil, err
	}
	sub.CreateTime = timestamppb.New(parseTime(created))
	return sub, nil
}

var subscriberNameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// subscriberName checks a name: it becomes a NATS subject token (the
// subscriber's inbox prefix), so the rules are a city id's.
func subscriberName(name string) error {
	var vs record.Violations
	c := record.NewChecker("", &vs)
	if !subscriberNameRe.MatchString(name) {
		c.Report("name", record.MsgNotSubscriber, "Value", strconv.Quote(name))
	}
	return errs.InvalidFields("", vs)
}
