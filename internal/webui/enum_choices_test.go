package webui

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// A required choice left empty is refused by the API with the enum's
// short names; a page names them as its options do, in its reader's
// language, while the API's English stays as hcctl prints it.
func TestSaidNamesAnEnumsChoicesInTheReadersWords(t *testing.T) {
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	vs := record.Validate("partnership", &hcnetv1.Partnership{Title: "Walks"})
	err = errs.Status(context.Background(), slog.New(slog.DiscardHandler), "/x", errs.InvalidFields("", vs))
	got, _, ok := Refusals(err)
	if !ok {
		t.Fatalf("no refusals in %v", err)
	}
	i := slices.IndexFunc(got, func(v record.Violation) bool { return v.Field == "partnership.level" })
	if i < 0 {
		t.Fatalf("no violation of the level in %v", got)
	}
	v := got[i]
	if want := "is required (one of: within_health_sector, within_public_sector, between_cities, across_sectors)"; v.Description != want {
		t.Errorf("the API's description %q, want %q", v.Description, want)
	}
	for lang, want := range map[string]string{
		"en": "is required (one of: within health sector, within public sector, between cities, across sectors)",
		"sv": "krävs (ett av: inom hälso- och sjukvården, inom offentlig sektor, mellan städer, över sektorsgränser)",
	} {
		if said := Said(words.In(lang), v, nil); said != want {
			t.Errorf("%s: %q, want %q", lang, said, want)
		}
	}
	// Every language names every level in its own words, never the
	// API's.
	for _, l := range i18n.Languages {
		if said := Said(words.In(l.Code), v, nil); strings.Contains(said, "_") {
			t.Errorf("%s: %q shows the API's names", l.Code, said)
		}
	}
}

// A message naming an enum this program does not know keeps the API's
// values as they came.
func TestSaidKeepsTheValuesOfAnUnknownEnum(t *testing.T) {
	words, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	m := record.Message{ID: record.MsgEnumRequired.ID(), Args: [record.MaxArgs]record.Arg{
		{Name: "Values", Value: "north_side, south_side"}, {Name: record.EnumArg, Value: "hcnet.v9.Side"}}}
	v := record.Violation{Field: "x.side", Description: m.English(), Message: m}
	if said, want := Said(words.In("sv"), v, nil), "krävs (ett av: north_side, south_side)"; said != want {
		t.Errorf("%q, want %q", said, want)
	}
}
