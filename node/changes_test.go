package node

import (
	"context"
	"testing"

	"github.com/hcnet/hcnet/internal/actor"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

// countChanges counts every history line of any record.
func countChanges(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.db.Read.QueryRowContext(context.Background(), `SELECT count(*) FROM changes`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestChangeLogCommitsWithItsChange: every change writes one history line
// naming its actor, in the change's own transaction; a refused change
// leaves neither the change nor a line.
func TestChangeLogCommitsWithItsChange(t *testing.T) {
	s, _ := openTestStore(t)
	maria := actor.With(context.Background(), "Maria Lind")
	token := actor.With(context.Background(), actor.Token)

	p := partner("Röda Korset", hcnetv1.Sector_SECTOR_HEALTH)
	if err := s.Create(maria, p); err != nil {
		t.Fatal(err)
	}
	ps := &hcnetv1.Partnership{Title: "Safe routes to school", Visibility: hcnetv1.Visibility_VISIBILITY_PRIVATE,
		Level: hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS, Status: hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE,
		Partners: []*hcnetv1.PartnershipMember{{PartnerId: p.GetId()}}}
	if err := s.Create(token, ps); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Update(token, record.KindPartner, p.GetId(), 0, func(m proto.Message) error {
		m.(*hcnetv1.Partner).Organisation = "Svenska Röda Korset"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	before := countChanges(t, s)

	// Refused by validation: no new version, no line.
	_, err := s.Update(maria, record.KindPartner, p.GetId(), 0, func(m proto.Message) error {
		m.(*hcnetv1.Partner).Organisation = ""
		return nil
	})
	if !errs.Is(err, errs.Invalid) {
		t.Fatalf("update with no organisation: %v, want Invalid", err)
	}
	// Refused because a partnership still names it: nothing deleted, no line.
	if err := s.Delete(maria, record.KindPartner, p.GetId(), 0); !errs.Is(err, errs.InUse) {
		t.Fatalf("delete a partner in use: %v, want InUse", err)
	}
	// Refused as stale.
	if _, err := s.Update(maria, record.KindPartner, p.GetId(), 1, func(proto.Message) error { return nil }); !errs.Is(err, errs.Stale) {
		t.Fatalf("stale update: %v, want Stale", err)
	}
	if got := countChanges(t, s); got != before {
		t.Fatalf("%d history lines after refused changes, want %d", got, before)
	}

	if err := s.Delete(maria, record.KindPartnership, ps.GetId(), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Update(context.Background(), record.KindPartner, p.GetId(), 0, func(m proto.Message) error {
		m.(*hcnetv1.Partner).Organisation = "Röda Korset Malmö"
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	got, err := s.Changes(ctx, record.KindPartner, p.GetId(), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []Change{
		{Version: 3, Actor: "", Action: ActionUpdate},
		{Version: 2, Actor: actor.Token, Action: ActionUpdate},
		{Version: 1, Actor: "Maria Lind", Action: ActionCreate},
	}
	wantChanges(t, "partner", got, want)
	stored, err := s.Get(ctx, record.KindPartner, p.GetId())
	if err != nil {
		t.Fatal(err)
	}
	if v := record.GetMeta(stored).Version; v != got[0].Version {
		t.Errorf("partner at version %d, newest history line at %d", v, got[0].Version)
	}

	// A deleted record keeps its history, the tombstone's version last.
	got, err = s.Changes(ctx, record.KindPartnership, ps.GetId(), 0)
	if err != nil {
		t.Fatal(err)
	}
	wantChanges(t, "partnership", got, []Change{
		{Version: 2, Actor: "Maria Lind", Action: ActionDelete},
		{Version: 1, Actor: actor.Token, Action: ActionCreate},
	})

	// Bounded: the newest first, at most the limit.
	got, err = s.Changes(ctx, record.KindPartner, p.GetId(), 1)
	if err != nil {
		t.Fatal(err)
	}
	wantChanges(t, "partner, limit 1", got, want[:1])
	// Another kind's id names no history.
	if got, err := s.Changes(ctx, record.KindPractice, p.GetId(), 0); err != nil || len(got) != 0 {
		t.Errorf("practice history under a partner's id: %v, %v; want none", got, err)
	}
}

// TestChangeLogRollsBackWithItsChange: when a change's history line
// cannot be written, the change is not kept either.
func TestChangeLogRollsBackWithItsChange(t *testing.T) {
	s, _ := openTestStore(t)
	ctx := actor.With(context.Background(), "Maria Lind")
	p := partner("Röda Korset", hcnetv1.Sector_SECTOR_HEALTH)
	if err := s.Create(ctx, p); err != nil {
		t.Fatal(err)
	}
	// The line of the next version cannot be written: the record's new
	// version, already written in the same transaction, must go too.
	if _, err := s.db.Write.ExecContext(context.Background(), `CREATE TRIGGER refuse_line BEFORE INSERT ON changes
		WHEN NEW.version = 2 BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`); err != nil {
		t.Fatal(err)
	}
	_, err := s.Update(ctx, record.KindPartner, p.GetId(), 0, func(m proto.Message) error {
		m.(*hcnetv1.Partner).Organisation = "Svenska Röda Korset"
		return nil
	})
	if err == nil {
		t.Fatal("update succeeded though its history line was refused")
	}
	stored, err := s.Get(context.Background(), record.KindPartner, p.GetId())
	if err != nil {
		t.Fatal(err)
	}
	if got := stored.(*hcnetv1.Partner); got.GetVersion() != 1 || got.GetOrganisation() != "Röda Korset" {
		t.Errorf("partner at version %d named %q after a refused history line; want version 1, the old name", got.GetVersion(), got.GetOrganisation())
	}
	if n := countChanges(t, s); n != 1 {
		t.Errorf("%d history lines, want the create's only", n)
	}
}

func wantChanges(t *testing.T, what string, got, want []Change) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d history lines %+v, want %d", what, len(got), got, len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Version != w.Version || g.Actor != w.Actor || g.Action != w.Action || g.Time.IsZero() {
			t.Errorf("%s: line %d is %+v, want version %d by %q, %s", what, i, g, w.Version, w.Actor, w.Action)
		}
	}
}
