package node_test

import (
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// importPartners sends the chunks as one stream and returns the result.
func importPartners(t *testing.T, c hcnetv1.CityServiceClient, chunks ...[]*hcnetv1.Partner) (*hcnetv1.ImportPartnersResponse, error) {
	t.Helper()
	stream, err := c.ImportPartners(callCtx(t))
	if err != nil {
		t.Fatalf("open import stream: %v", err)
	}
	for i, ch := range chunks {
		if err := stream.Send(&hcnetv1.ImportPartnersRequest{Partners: ch}); err != nil {
			t.Fatalf("send chunk %d: %v", i, err)
		}
	}
	return stream.CloseAndRecv()
}

// importPartnerships is importPartners for partnerships.
func importPartnerships(t *testing.T, c hcnetv1.CityServiceClient, chunks ...[]*hcnetv1.Partnership) (*hcnetv1.ImportPartnershipsResponse, error) {
	t.Helper()
	stream, err := c.ImportPartnerships(callCtx(t))
	if err != nil {
		t.Fatalf("open import stream: %v", err)
	}
	for i, ch := range chunks {
		if err := stream.Send(&hcnetv1.ImportPartnershipsRequest{Partnerships: ch}); err != nil {
			t.Fatalf("send chunk %d: %v", i, err)
		}
	}
	return stream.CloseAndRecv()
}

func partners(orgs ...string) []*hcnetv1.Partner {
	out := make([]*hcnetv1.Partner, len(orgs))
	for i, o := range orgs {
		out[i] = nodetest.Partner(o)
	}
	return out
}

// TestImportPartnersAllOrNothing: one bad row anywhere in the stream
// leaves the node as it was, and the BadRequest counts rows across chunks.
func TestImportPartnersAllOrNothing(t *testing.T) {
	for _, tc := range []struct {
		title  string
		chunks func(existing *hcnetv1.Partner) [][]*hcnetv1.Partner
		fields []string
	}{
		{
			title: "one bad row in the second chunk",
			chunks: func(*hcnetv1.Partner) [][]*hcnetv1.Partner {
				second := partners("Region Skåne", "Malmö universitet", "")
				return [][]*hcnetv1.Partner{partners("Röda Korset", "IFK Malmö"), second}
			},
			fields: []string{"partners[4].organisation"},
		},
		{
			title: "several bad fields of one row",
			chunks: func(*hcnetv1.Partner) [][]*hcnetv1.Partner {
				second := partners("Region Skåne")
				second[0].Kind, second[0].Website = 0, "malmo.se"
				return [][]*hcnetv1.Partner{partners("Röda Korset", "IFK Malmö", "Malmö universitet"), second}
			},
			fields: []string{"partners[3].kind", "partners[3].website"},
		},
		{
			title: "bad rows in two chunks",
			chunks: func(*hcnetv1.Partner) [][]*hcnetv1.Partner {
				first := partners("Röda Korset", "IFK Malmö")
				first[1].Sector = 77
				third := partners("Region Skåne", "Malmö universitet")
				third[1].Contact.Email = "not an address"
				return [][]*hcnetv1.Partner{first, partners("Hyresgästföreningen"), third}
			},
			fields: []string{"partners[1].sector", "partners[4].contact.email"},
		},
		{
			title: "the same id twice",
			chunks: func(existing *hcnetv1.Partner) [][]*hcnetv1.Partner {
				a, b := clone(existing), clone(existing)
				a.Description, b.Description = "first copy", "second copy"
				return [][]*hcnetv1.Partner{{a}, partners("Region Skåne"), {b}}
			},
			fields: []string{"partners[2].id"},
		},
		{
			title: "an id that is not a ULID",
			chunks: func(*hcnetv1.Partner) [][]*hcnetv1.Partner {
				p := partners("Region Skåne", "Malmö universitet")
				p[1].Id = "partner-7"
				return [][]*hcnetv1.Partner{partners("Röda Korset"), p}
			},
			fields: []string{"partners[2].id"},
		},
		{
			title: "a good update before a bad row",
			chunks: func(existing *hcnetv1.Partner) [][]*hcnetv1.Partner {
				edit := clone(existing)
				edit.Description = "changed by the import"
				bad := partners("Region Skåne")
				bad[0].Visibility = 0
				return [][]*hcnetv1.Partner{{edit}, bad}
			},
			fields: []string{"partners[1].visibility"},
		},
	} {
		t.Run(tc.title, func(t *testing.T) {
			t.Parallel()
			c := nodetest.Start(t).Client(t)
			existing := createPartner(t, c, nodetest.Partner("Malmö stad, Fritidsförvaltningen"))
			before := countPartners(t, c)

			_, err := importPartners(t, c, tc.chunks(existing)...)
			wantBadFields(t, err, tc.fields...)

			if after := countPartners(t, c); after != before {
				t.Errorf("%d partners after a refused import; want %d", after, before)
			}
			got, err := c.GetPartner(callCtx(t), &hcnetv1.GetPartnerRequest{Id: existing.GetId()})
			if err != nil {
				t.Fatal(err)
			}
			wantSame(t, "partner after a refused import", got.GetPartner(), existing)
		})
	}
}

// TestImportPartnersUpserts: rows with a known id replace that partner as
// its next version, rows with a new id keep it, rows without one get one.
func TestImportPartnersUpserts(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	ctx := callCtx(t)
	existing := createPartner(t, c, nodetest.Partner("Malmö stad, Fritidsförvaltningen"))
	deleted := createPartner(t, c, nodetest.Partner("Malmö Stadsteater"))
	if _, err := c.DeletePartner(ctx, &hcnetv1.DeletePartnerRequest{Id: deleted.GetId()}); err != nil {
		t.Fatal(err)
	}

	edit := clone(existing)
	edit.Description = "Runs sports halls and youth clubs."
	edit.Version = 0 // an import needs no version
	const newID = "01JD8Z6Q2V3K5M7N9P1R3T5W7X"
	withID := nodetest.Partner("Region Skåne")
	withID.Id = newID
	revived := nodetest.Partner("Malmö Stadsteater")
	revived.Id = deleted.GetId()
	fresh := nodetest.Partner("Malmö universitet")

	r, err := importPartners(t, c, []*hcnetv1.Partner{edit, withID}, []*hcnetv1.Partner{fresh, revived})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if r.GetCreated() != 3 || r.GetUpdated() != 1 {
		t.Errorf("created %d updated %d; want 3 and 1", r.GetCreated(), r.GetUpdated())
	}
	if n := countPartners(t, c); n != 4 {
		t.Errorf("%d partners; want 4", n)
	}

	got, err := c.GetPartner(ctx, &hcnetv1.GetPartnerRequest{Id: existing.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	wantNext(t, existing, got.GetPartner())
	if got.GetPartner().GetDescription() != edit.GetDescription() {
		t.Errorf("description %q; want the imported %q", got.GetPartner().GetDescription(), edit.GetDescription())
	}

	kept, err := c.GetPartner(ctx, &hcnetv1.GetPartnerRequest{Id: newID})
	if err != nil {
		t.Fatalf("partner imported with id %s: %v", newID, err)
	}
	if kept.GetPartner().GetVersion() != 1 || kept.GetPartner().GetOrganisation() != "Region Skåne" {
		t.Errorf("partner imported with its id: %v; want Region Skåne at version 1", kept.GetPartner())
	}

	// A deleted partner imported again continues its version count past
	// the tombstone (1 created, 2 deleted, 3 imported).
	back, err := c.GetPartner(ctx, &hcnetv1.GetPartnerRequest{Id: deleted.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	if back.GetPartner().GetVersion() != 3 {
		t.Errorf("revived partner at version %d; want 3", back.GetPartner().GetVersion())
	}

	list, err := c.ListPartners(ctx, &hcnetv1.ListPartnersRequest{Filter: &hcnetv1.RecordFilter{Query: "universitet"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.GetPartners()) != 1 {
		t.Fatalf("imported partner without id not found by text: %v", list.GetPartners())
	}
	wantNew(t, list.GetPartners()[0])

	// Importing the same rows again updates every one of them.
	again := []*hcnetv1.Partner{clone(edit), clone(withID), clone(revived)}
	r, err = importPartners(t, c, again)
	if err != nil {
		t.Fatal(err)
	}
	if r.GetCreated() != 0 || r.GetUpdated() != 3 {
		t.Errorf("second import: created %d updated %d; want 0 and 3", r.GetCreated(), r.GetUpdated())
	}
}

// TestImportPartnerships: partnerships import across chunks, their partners
// must exist, and a bad reference in a later chunk writes nothing.
func TestImportPartnerships(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	ctx := callCtx(t)
	lead := createPartner(t, c, nodetest.Partner("Malmö stad, Hälsa- vård- och omsorgsförvaltningen"))
	existing := createPartnership(t, c, nodetest.Partnership("Walks against loneliness", lead.GetId()))

	bad := nodetest.Partnership("Green school yards", "01JD8Z6Q2V3K5M7N9P1R3T5W7X")
	badDates := nodetest.Partnership("Cycling to school", lead.GetId())
	badDates.StartDate = "2025-31-12"
	_, err := importPartnerships(t, c,
		[]*hcnetv1.Partnership{nodetest.Partnership("Homework help", lead.GetId())},
		[]*hcnetv1.Partnership{nodetest.Partnership("Swimming lessons", lead.GetId()), bad},
		[]*hcnetv1.Partnership{badDates},
	)
	wantBadFields(t, err, "partnerships[2].partners[0].partner_id", "partnerships[3].start_date")
	if n := countPartnerships(t, c); n != 1 {
		t.Errorf("%d partnerships after a refused import; want 1", n)
	}

	edit := clone(existing)
	edit.Status = hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_COMPLETED
	r, err := importPartnerships(t, c,
		[]*hcnetv1.Partnership{nodetest.Partnership("Homework help", lead.GetId())},
		[]*hcnetv1.Partnership{edit},
	)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if r.GetCreated() != 1 || r.GetUpdated() != 1 {
		t.Errorf("created %d updated %d; want 1 and 1", r.GetCreated(), r.GetUpdated())
	}
	got, err := c.GetPartnership(ctx, &hcnetv1.GetPartnershipRequest{Id: existing.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	wantNext(t, existing, got.GetPartnership())
	completed, err := c.ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{Filter: &hcnetv1.RecordFilter{Status: "completed"}})
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, "completed partnerships", ids(completed.GetPartnerships()), existing.GetId())

	// The imported partnership names the lead: the lead cannot go now.
	_, err = c.DeletePartner(ctx, &hcnetv1.DeletePartnerRequest{Id: lead.GetId()})
	if err == nil {
		t.Errorf("deleted a partner that imported partnerships name")
	}
}

// TestImportEmptyStream: a stream with no rows does nothing and succeeds.
func TestImportEmptyStream(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	r, err := importPartners(t, c)
	if err != nil {
		t.Fatal(err)
	}
	if r.GetCreated() != 0 || r.GetUpdated() != 0 {
		t.Errorf("empty import: created %d updated %d", r.GetCreated(), r.GetUpdated())
	}
}

// TestImportValidateOnly: validate_only answers as an import would, bad
// rows with every violation and clean rows with the counts, and writes
// nothing either way, not even the import key.
func TestImportValidateOnly(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	existing := createPartner(t, c, nodetest.Partner("Röda Korset"))
	check := func(key string, rows []*hcnetv1.Partner) (*hcnetv1.ImportPartnersResponse, error) {
		t.Helper()
		stream, err := c.ImportPartners(callCtx(t))
		if err != nil {
			t.Fatal(err)
		}
		if err := stream.Send(&hcnetv1.ImportPartnersRequest{Partners: rows, ImportKey: key, ValidateOnly: true}); err != nil {
			t.Fatal(err)
		}
		return stream.CloseAndRecv()
	}

	bad := partners("Region Skåne", "", "IFK Malmö")
	bad[2].Website = "ftp://x"
	_, err := check("", bad)
	wantBadFields(t, err, "partners[1].organisation", "partners[2].website")

	replaced := nodetest.Partner("Röda Korset Malmö")
	replaced.Id = existing.GetId()
	rows := append(partners("Region Skåne", "IFK Malmö"), replaced)
	r, err := check("sha256:abc", rows)
	if err != nil {
		t.Fatal(err)
	}
	if r.GetCreated() != 2 || r.GetUpdated() != 1 || r.GetReplayed() {
		t.Fatalf("checked: %v, want 2 created and 1 updated", r)
	}
	if n := countPartners(t, c); n != 1 {
		t.Fatalf("%d partners after a check, want the 1 there was", n)
	}
	// The key was not recorded: importing under it writes the rows.
	stream, err := c.ImportPartners(callCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Send(&hcnetv1.ImportPartnersRequest{Partners: partners("Region Skåne", "IFK Malmö"), ImportKey: "sha256:abc"}); err != nil {
		t.Fatal(err)
	}
	if r, err := stream.CloseAndRecv(); err != nil || r.GetReplayed() || r.GetCreated() != 2 {
		t.Fatalf("import after a check: %v, %v", r, err)
	}
}
