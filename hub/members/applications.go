package members

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/rpcserver"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"
)

// applicationLimit bounds new membership applications, which anyone may
// send: each source (rpcserver.ClientKey: a client certificate's subject,
// else an IP address) gets a token bucket of burst applications refilled
// at perHour an hour, and the hub holds at most maxPending applications
// awaiting the coordinator. Only a new application counts: a node asking
// how its application stands costs nothing.
type applicationLimit struct {
	perHour    float64 // 0: no limit per source
	burst      int
	maxPending int // 0: no cap
	buckets    *rpcserver.Buckets
}

// ApplicationLimits bound new applications: PerHour an hour from one
// source, Burst at once, and MaxPending awaiting the coordinator in all;
// 0 turns either limit off.
type ApplicationLimits struct {
	PerHour    float64
	Burst      int
	MaxPending int
}

// newApplicationLimit is the limit l sets, nil when it sets none.
func newApplicationLimit(l ApplicationLimits) *applicationLimit {
	if l == (ApplicationLimits{}) {
		return nil
	}
	burst := l.Burst
	if burst < 1 {
		burst = 1
	}
	return &applicationLimit{perHour: l.PerHour, burst: burst, maxPending: l.MaxPending,
		buckets: rpcserver.NewBuckets(l.PerHour, time.Hour, burst)}
}

// admit says whether one more application may be recorded, inside the
// transaction that would record it.
func (l *applicationLimit) admit(ctx context.Context, tx *sql.Tx, now time.Time) error {
	if l == nil {
		return nil
	}
	if l.maxPending > 0 {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM members WHERE status = 'pending'`).Scan(&n); err != nil {
			return err
		}
		if n >= l.maxPending {
			return status.Errorf(codes.ResourceExhausted,
				"the hub holds %d applications awaiting its coordinator, as many as it takes; apply again later", n)
		}
	}
	source := rpcserver.ClientKey(ctx)
	if l.perHour <= 0 || source == "" {
		return nil // no limit, or the hub's own in-process call
	}
	wait := l.buckets.Take(source, now)
	if wait <= 0 {
		return nil
	}
	wait = wait.Round(time.Second) + time.Second // never early
	st := status.New(codes.ResourceExhausted, fmt.Sprintf(
		"too many applications from %s: at most %g an hour, %d at once; retry in %s", source, l.perHour, l.burst, wait))
	if d, err := st.WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(wait)}); err == nil {
		st = d
	}
	return st.Err()
}

// Delete removes a pending or rejected application, so that the id is
// free to apply again, with any key: a squatter's application, once
// deleted, no longer blocks the real city. An approved or revoked member
// is refused (errs.InUse): its records stay, and so does the
// coordinator's decision, which no member hub's word may override.
func (m *Members) Delete(ctx context.Context, country, city string) (*hcnetv1.Member, error) {
	const op = "hub.Delete"
	var out *hcnetv1.Member
	m.rows.Lock()
	defer m.rows.Unlock()
	err := m.db.Tx(ctx, func(tx *sql.Tx) error {
		mem, err := getMember(ctx, tx, country, city)
		if err != nil {
			return err
		}
		switch mem.GetStatus() {
		case hcnetv1.MemberStatus_MEMBER_STATUS_PENDING, hcnetv1.MemberStatus_MEMBER_STATUS_REJECTED:
		default:
			return errs.E(op, errs.InUse, "%s/%s is %s; only a pending or rejected application can be deleted (a member's records and the coordinator's decision stay; revoke it to stop it publishing)",
				country, city, record.ShortName(mem.GetStatus()))
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM members WHERE country = ? AND city_id = ?`, country, city); err != nil {
			return err
		}
		out = mem
		return nil
	})
	if err != nil {
		return nil, err
	}
	m.setDecided(country, city, false)
	return out, nil
}
