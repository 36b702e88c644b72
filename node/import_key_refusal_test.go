package node_test

import (
	"slices"
	"testing"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	"github.com/hcnet/hcnet/internal/webui"
	"github.com/hcnet/hcnet/node/nodetest"
)

// TestImportKeyOfOtherRowsIsADeclaredRefusal: an import key sent again
// with other rows, of a kind of record or of measured values, is refused
// in English for hcctl and with a message a page says in its reader's
// language, the kind in its words.
func TestImportKeyOfOtherRowsIsADeclaredRefusal(t *testing.T) {
	c := nodetest.Start(t).Client(t)
	if _, err := importKeyed(t, c, "k1", partners("Region Skåne")); err != nil {
		t.Fatal(err)
	}
	_, otherPartners := importKeyed(t, c, "k1", partners("Malmö universitet"))
	plan := createPlan(t, c, nodetest.HealthPlan("Plan 2030"))
	ind := createIndicator(t, c, nodetest.Indicator(plan.GetId(), "g1", "Loneliness 75+"))
	if _, err := importMeasurements(t, c, "m1", false, value(ind.GetId(), "2024-12-31", 17.9, 0, "")); err != nil {
		t.Fatal(err)
	}
	_, otherValues := importMeasurements(t, c, "m1", false, value(ind.GetId(), "2025-12-31", 16.2, 0, ""))
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		title       string
		err         error
		english, sv string
	}{
		{"partners", otherPartners, "was used for an import of other partner rows; a changed file needs another key",
			"användes för en import av andra rader av typen partner; en ändrad fil behöver en annan nyckel"},
		{"measured values", otherValues, "was used for an import of other measurements rows; a changed file needs another key",
			"användes för en import av andra mätvärden; en ändrad fil behöver en annan nyckel"},
	} {
		t.Run(tt.title, func(t *testing.T) {
			vs, _, ok := webui.Refusals(tt.err)
			if !ok {
				t.Fatalf("not a refusal: %v", tt.err)
			}
			i := slices.IndexFunc(vs, func(v record.Violation) bool { return v.Field == "import_key" })
			if i < 0 {
				t.Fatalf("no violation of import_key in %v", vs)
			}
			if vs[i].Description != tt.english {
				t.Errorf("the API's English %q, want %q", vs[i].Description, tt.english)
			}
			if got := webui.Said(words.In("sv"), vs[i], nil); got != tt.sv {
				t.Errorf("in Swedish %q, want %q", got, tt.sv)
			}
		})
	}
}
