package cli

import (
	"context"
	"encoding/csv"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// formulaOrganisations are names a spreadsheet would run as formulas if
// they were written verbatim, and one whose apostrophe is its own.
var formulaOrganisations = []string{"=SUM(A1)", "-5 kids", "@home", "+46 club", "'quoted", "'=escaped by hand"}

// noFormulaCells fails unless every cell of the CSV text reads in a
// spreadsheet as text or a number.
func noFormulaCells(tb testing.TB, what, text string) {
	tb.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		tb.Fatalf("%s: %v", what, err)
	}
	for _, rec := range recs {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				tb.Errorf("%s: cell %q starts a formula:\n%s", what, cell, text)
			}
		}
	}
}

// TestFormulaNamesExportSafelyAndImportBack: the node's own exports (and
// list -o csv) escape cells a spreadsheet would run, and import back to
// the very same names.
func TestFormulaNamesExportSafelyAndImportBack(t *testing.T) {
	from := nodetest.Start(t)
	c := from.Client(t)
	ctx := context.Background()
	var ids []string
	for _, name := range formulaOrganisations {
		resp, err := c.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner(name)})
		if err != nil {
			t.Fatalf("create %q: %v", name, err)
		}
		ids = append(ids, resp.GetPartner().GetId())
	}
	p := nodetest.Partnership(`=HYPERLINK("http://example.com","x")`, ids[:3]...)
	p.Description = "-2+3+cmd|' /C calc'!A0"
	if _, err := c.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: p}); err != nil {
		t.Fatal(err)
	}

	partners := ok(t, from, "export", "--kind", "partners")
	partnerships := ok(t, from, "export", "--kind", "partnerships")
	noFormulaCells(t, "partners export", partners)
	noFormulaCells(t, "partnerships export", partnerships)
	noFormulaCells(t, "partner list -o csv", ok(t, from, "partner", "list", "--all", "-o", "csv"))
	noFormulaCells(t, "partnership list -o csv", ok(t, from, "partnership", "list", "--all", "-o", "csv"))
	if !strings.Contains(partners, "'=SUM(A1)") {
		t.Fatalf("partners export:\n%s", partners)
	}

	to := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	dir := t.TempDir()
	pFile, psFile := filepath.Join(dir, "partners.csv"), filepath.Join(dir, "partnerships.csv")
	writeFile(t, pFile, partners)
	writeFile(t, psFile, partnerships)
	ok(t, to, "import", "--kind", "partners", pFile)
	ok(t, to, "import", "--kind", "partnerships", psFile)

	list, err := to.Client(t).ListPartners(ctx, &hcnetv1.ListPartnersRequest{PageSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range list.GetPartners() {
		names = append(names, p.GetOrganisation())
	}
	slices.Sort(names)
	want := slices.Clone(formulaOrganisations)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Fatalf("imported names %q, want %q", names, want)
	}
	ps, err := to.Client(t).ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{PageSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps.GetPartnerships()) != 1 || ps.GetPartnerships()[0].GetTitle() != p.GetTitle() || ps.GetPartnerships()[0].GetDescription() != p.GetDescription() {
		t.Fatalf("imported partnerships %v", ps.GetPartnerships())
	}
	if again := ok(t, to, "export", "--kind", "partners"); again != partners {
		t.Fatalf("partners differ after the round trip:\n%s\nvs\n%s", partners, again)
	}
	if again := ok(t, to, "export", "--kind", "partnerships"); again != partnerships {
		t.Fatalf("partnerships differ after the round trip:\n%s\nvs\n%s", partnerships, again)
	}
}
