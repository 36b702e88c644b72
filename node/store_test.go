package node

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/sqlitedb"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

func openTestStore(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), DBFile)
	s, err := OpenStore(context.Background(), path, StoreOptions{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func partner(org string, sector hcnetv1.Sector) *hcnetv1.Partner {
	return &hcnetv1.Partner{
		Organisation: org,
		Kind:         hcnetv1.PartnerKind_PARTNER_KIND_NGO,
		Sector:       sector,
		Visibility:   hcnetv1.Visibility_VISIBILITY_NETWORK,
		Contact:      &hcnetv1.Contact{Name: "Anna Berg", Email: "anna@example.org"},
	}
}

func TestMigrationsOnEmptyAndExistingDatabase(t *testing.T) {
	ctx := context.Background()
	ms, err := sqlitedb.Migrations(Migrations())
	if err != nil {
		t.Fatal(err)
	}
	s, path := openTestStore(t)
	if v, err := s.db.Version(ctx); err != nil || v != len(ms) {
		t.Fatalf("fresh database at schema %d (%v), want %d", v, err, len(ms))
	}
	p := partner("Röda Korset", hcnetv1.Sector_SECTOR_HEALTH)
	if err := s.Create(ctx, p); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopening an up-to-date database applies nothing and keeps the data.
	s2, err := OpenStore(ctx, path, StoreOptions{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	got, err := s2.Get(ctx, record.KindPartner, p.GetId())
	if err != nil || !proto.Equal(got, p) {
		t.Fatalf("after reopen got %v (%v), want %v", got, err, p)
	}
	var ok string
	if err := s2.db.Read.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check = %q (%v)", ok, err)
	}
	// A database from a newer program is refused, not silently used.
	if _, err := s2.db.Write.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	s2.Close()
	if s3, err := OpenStore(ctx, path, StoreOptions{}); err == nil {
		s3.Close()
		t.Fatal("opened a database with schema version 999")
	}
}

func TestMigrationsFromEveryEarlierVersion(t *testing.T) {
	ctx := context.Background()
	ms, err := sqlitedb.Migrations(Migrations())
	if err != nil {
		t.Fatal(err)
	}
	for have := 0; have < len(ms); have++ {
		path := filepath.Join(t.TempDir(), "db")
		// Build a database at schema version `have` by hand, then let
		// OpenStore bring it up to date.
		db, err := sqlitedb.Open(ctx, path, sqlitedb.SyncFull, emptyFS{})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms[:have] {
			if _, err := db.Write.Exec(m.SQL); err != nil {
				t.Fatalf("%s: %v", m.Name, err)
			}
		}
		if _, err := db.Write.Exec("PRAGMA user_version = " + itoa(have)); err != nil {
			t.Fatal(err)
		}
		db.Close()
		s, err := OpenStore(ctx, path, StoreOptions{})
		if err != nil {
			t.Fatalf("migrate from %d: %v", have, err)
		}
		if err := s.Create(ctx, partner("Folkhälsan", hcnetv1.Sector_SECTOR_HEALTH)); err != nil {
			t.Fatalf("write after migrating from %d: %v", have, err)
		}
		s.Close()
	}
}

func TestVersionsBumpOnEveryWrite(t *testing.T) {
	ctx := context.Background()
	s, _ := openTestStore(t)
	p := partner("Malmö stad, sociala resursförvaltningen", hcnetv1.Sector_SECTOR_SOCIAL_SERVICES)
	if err := s.Create(ctx, p); err != nil {
		t.Fatal(err)
	}
	if p.GetVersion() != 1 || p.GetId() == "" || p.GetCreateTime() == nil {
		t.Fatalf("created %v", p)
	}
	for want := int64(2); want <= 4; want++ {
		got, err := s.Update(ctx, record.KindPartner, p.GetId(), want-1, func(m proto.Message) error {
			m.(*hcnetv1.Partner).Description = "round " + itoa(int(want))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if v := record.GetMeta(got).Version; v != want {
			t.Fatalf("version after update = %d, want %d", v, want)
		}
	}
	if _, err := s.Update(ctx, record.KindPartner, p.GetId(), 2, func(proto.Message) error { return nil }); !errs.Is(err, errs.Stale) {
		t.Fatalf("update at stale version 2: %v, want Stale", err)
	}
	// A failed validation inside the transaction writes nothing.
	if _, err := s.Update(ctx, record.KindPartner, p.GetId(), 0, func(m proto.Message) error {
		m.(*hcnetv1.Partner).Organisation = ""
		return nil
	}); !errs.Is(err, errs.Invalid) {
		t.Fatalf("update emptying organisation: %v, want Invalid", err)
	}
	got, _ := s.Get(ctx, record.KindPartner, p.GetId())
	if v := record.GetMeta(got).Version; v != 4 {
		t.Fatalf("version after refused writes = %d, want 4", v)
	}

	// Deleting leaves a tombstone version; an import re-creating the id
	// continues the count instead of starting at 1 again.
	if err := s.Delete(ctx, record.KindPartner, p.GetId(), 4); err != nil {
		t.Fatal(err)
	}
	back := partner("Malmö stad", hcnetv1.Sector_SECTOR_SOCIAL_SERVICES)
	back.Id = p.GetId()
	if _, err := s.Import(ctx, record.KindPartner, []proto.Message{back}); err != nil {
		t.Fatal(err)
	}
	if back.GetVersion() != 6 {
		t.Fatalf("re-created record at version %d, want 6 (after tombstone 5)", back.GetVersion())
	}
}

func TestConcurrentUpdatesAtOneVersionOneWins(t *testing.T) {
	ctx := context.Background()
	s, _ := openTestStore(t)
	p := partner("Akademiska hus", hcnetv1.Sector_SECTOR_EDUCATION)
	if err := s.Create(ctx, p); err != nil {
		t.Fatal(err)
	}
	const writers = 8
	var wg sync.WaitGroup
	results := make(chan error, writers)
	for i := 0; i < writers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Update(ctx, record.KindPartner, p.GetId(), 1, func(m proto.Message) error {
				m.(*hcnetv1.Partner).Description = "edited"
				return nil
			})
			results <- err
		}()
	}
	wg.Wait()
	close(results)
	won, stale := 0, 0
	for err := range results {
		switch {
		case err == nil:
			won++
		case errs.Is(err, errs.Stale):
			stale++
		default:
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if won != 1 || stale != writers-1 {
		t.Fatalf("%d won and %d were stale, want 1 and %d", won, stale, writers-1)
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s, _ := openTestStore(t)
	rows := []proto.Message{
		partner("Fastighetsbolaget MKB", hcnetv1.Sector_SECTOR_HOUSING),
		partner("", hcnetv1.Sector_SECTOR_SPORT),
		partner("Malmö FF", hcnetv1.Sector(99)),
	}
	_, err := s.Import(ctx, record.KindPartner, rows)
	vs := errs.ViolationsOf(err)
	want := map[string]bool{"[1].organisation": true, "[2].sector": true}
	if len(vs) != len(want) {
		t.Fatalf("violations %v, want fields %v", vs, want)
	}
	for _, v := range vs {
		if !want[v.Field] {
			t.Fatalf("unexpected violation %v", v)
		}
	}
	page, err := s.List(ctx, record.KindPartner, Query{})
	if err != nil || page.TotalSize != 0 {
		t.Fatalf("after refused import: %d partners (%v), want 0", page.TotalSize, err)
	}
}

func TestFTSQueryNeverFailsToParse(t *testing.T) {
	ctx := context.Background()
	s, _ := openTestStore(t)
	if err := s.Create(ctx, partner("Ensamhet och hälsa i Malmö", hcnetv1.Sector_SECTOR_HEALTH)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		title string
		query string
		want  int32
	}{
		{title: "diacritics folded", query: "Malmo", want: 1},
		{title: "prefix", query: "hals", want: 1},
		{title: "fts syntax is literal", query: `"ensamhet (`, want: 1},
		{title: "operators are words", query: `ensamhet AND`, want: 0},
		{title: "star and colon", query: "*:-^", want: 1},
		{title: "no match", query: "astronomi", want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			page, err := s.List(ctx, record.KindPartner, Query{Filter: &hcnetv1.RecordFilter{Query: tt.query}})
			if err != nil {
				t.Fatalf("query %q: %v", tt.query, err)
			}
			if page.TotalSize != tt.want {
				t.Fatalf("query %q found %d, want %d", tt.query, page.TotalSize, tt.want)
			}
		})
	}
}

func TestPlanGoalsAndActionsGetIDs(t *testing.T) {
	ctx := context.Background()
	s, _ := openTestStore(t)
	plan := &hcnetv1.HealthPlan{
		Title: "Stadens hälsoplan", Status: hcnetv1.PlanStatus_PLAN_STATUS_DRAFT, Visibility: hcnetv1.Visibility_VISIBILITY_PRIVATE,
		PeriodStartYear: 2024, PeriodEndYear: 2030,
		Goals:   []*hcnetv1.Goal{{Title: "Mindre ensamhet"}, {Id: "g1", Title: "Fler rörliga barn"}, {Title: "Renare luft"}},
		Actions: []*hcnetv1.Action{{Title: "Kartlägg", Status: hcnetv1.ActionStatus_ACTION_STATUS_PLANNED}},
	}
	if err := s.Create(ctx, plan); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range plan.GetGoals() {
		got = append(got, g.GetId())
	}
	if want := "g2 g1 g3"; strings.Join(got, " ") != want {
		t.Fatalf("goal ids %v, want %s", got, want)
	}
	if id := plan.GetActions()[0].GetId(); id != "a1" {
		t.Fatalf("action id %q, want a1", id)
	}
}
