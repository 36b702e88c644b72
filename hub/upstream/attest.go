package upstream

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/relay"
	"github.com/hcnet/hcnet/internal/subject"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Attester puts the hub's word for a member city's key, or its
// withdrawal, into the outbox for the parent, so the parent can verify
// the city's records through this hub. It attests only while the hub
// has a parent (Upstream turns it on and off). Membership calls Attest
// inside each decision's transaction; Upstream takes the attester in
// its constructor, and membership, built before it, takes Attest.
type Attester struct {
	key   nkeys.KeyPair
	hubID string
	on    atomic.Bool
}

// NewAttester attests as hub hubID with key.
func NewAttester(key nkeys.KeyPair, hubID string) *Attester {
	return &Attester{key: key, hubID: hubID}
}

// Attest queues, inside tx, the hub's word for m's key when the hub has
// a parent; a member hub gets none (a hub vouches for cities, not for
// other hubs). It is members.Config.Attest.
func (a *Attester) Attest(ctx context.Context, tx *sql.Tx, m *hcnetv1.Member) error {
	if !a.on.Load() {
		return nil
	}
	return a.attest(ctx, tx, m)
}

// attest queues the attestation of m whether or not the hub has a
// parent yet: the first attestations of a hub that is joining one.
func (a *Attester) attest(ctx context.Context, tx *sql.Tx, m *hcnetv1.Member) error {
	if m.GetHub() {
		return nil // a hub vouches for cities, not for other hubs
	}
	revoked := m.GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED
	now := time.Now().UTC()
	st, err := envelope.SignStatement(a.key, &hcnetv1.Statement{Statement: &hcnetv1.Statement_Attestation{Attestation: &hcnetv1.Attestation{
		HubId: a.hubID, CityId: m.GetCityId(), Country: m.GetCountry(), PublicKey: m.GetPublicKey(), Revoked: revoked, Time: timestamppb.New(now),
		CityName: m.GetName(),
	}}})
	if err != nil {
		return err
	}
	b, err := proto.Marshal(st)
	if err != nil {
		return err
	}
	return enqueue(ctx, tx, relay.Row{
		Subject:  subject.Attestation(m.GetCountry(), m.GetCityId()),
		MsgID:    fmt.Sprintf("attest/%s.%s/%d", m.GetCountry(), m.GetCityId(), now.UnixNano()),
		Envelope: b,
	})
}
