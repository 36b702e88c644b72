package webui

import (
	"strings"
	"testing"

	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	"github.com/hcnet/hcnet/internal/i18n"
	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// sameWord are vocabulary words a language writes as English does.
var sameWord = map[string]map[string]bool{
	"da": {"HubLevel.national": true, "HubLevel.regional": true, "Sector.transport": true, "PartnerKind.ngo": true},
	"de": {"HubLevel.national": true, "HubLevel.regional": true, "Sector.sport": true, "SixP.planet": true},
	"fr": {"HubLevel.national": true, "Sector.culture": true, "Sector.sport": true, "Setting.villages": true, "SixP.participation": true, "Visibility.public": true},
	"sv": {"HubLevel.regional": true},
	"es": {"HubLevel.regional": true, "PartnerKind.academia": true},
}

// TestVocabularyInEveryLanguage: every value of every enum in the schema,
// and the 17 SDGs, has its word in every language, and no word is left
// in English where the language has its own.
func TestVocabularyInEveryLanguage(t *testing.T) {
	c, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	type term struct{ id, english string }
	var terms []term
	protoregistry.GlobalTypes.RangeEnums(func(et protoreflect.EnumType) bool {
		ed := et.Descriptor()
		if ed.ParentFile().Package() != "hcnet.v1" {
			return true
		}
		for _, s := range record.ShortNames(ed) {
			terms = append(terms, term{TermID(ed, s), Words(s)})
		}
		return true
	})
	if len(terms) < 70 {
		t.Fatalf("found %d vocabulary words; the schema has more", len(terms))
	}
	for n := 1; n <= record.SDGCount; n++ {
		terms = append(terms, term{record.SDGTerm(n), record.SDGName(n)})
	}
	for _, l := range i18n.Languages[1:] {
		msgs := c.Messages(l.Code)
		for _, tm := range terms {
			got, ok := msgs[tm.id]
			switch {
			case !ok:
				t.Errorf("%s: no word for %s (%q)", l.Code, tm.id, tm.english)
			case strings.EqualFold(got, tm.english) && !sameWord[l.Code][tm.id]:
				t.Errorf("%s: %s is left in English (%q)", l.Code, tm.id, got)
			}
		}
	}
}

// TestTermsOnPages: an enum value, its option in a select and an SDG are
// written in the page's language, and in English without a catalogue.
func TestTermsOnPages(t *testing.T) {
	c, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	sv := vocabularyFuncs(c.In("sv"))
	en := vocabularyFuncs(c.In("en"))
	short := func(m map[string]any, e protoreflect.Enum) string {
		return m["short"].(func(protoreflect.Enum) string)(e)
	}
	if got := short(sv, hcnetv1.Sector_SECTOR_URBAN_PLANNING); got != "stadsplanering" {
		t.Errorf("sv urban_planning = %q", got)
	}
	if got := short(en, hcnetv1.Sector_SECTOR_URBAN_PLANNING); got != "urban planning" {
		t.Errorf("en urban_planning = %q", got)
	}
	// The same English word, two words in Swedish.
	if a, b := short(sv, hcnetv1.ActionStatus_ACTION_STATUS_PLANNED), short(sv, hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_PLANNED); a != "planerad" || b != "planerat" {
		t.Errorf("sv planned: action %q, partnership %q", a, b)
	}
	if got := SDGLabel(c.In("ru"), 3); got != "3. Хорошее здоровье и благополучие" {
		t.Errorf("ru SDG 3 = %q", got)
	}
	if got := SDGLabel(c.In("en"), 11); got != "11. Sustainable cities and communities" {
		t.Errorf("en SDG 11 = %q", got)
	}
	if got := SDGLabel(c.In("fr"), 42); got != "42" {
		t.Errorf("no goal 42: %q", got)
	}
	opts := EnumOptions(hcnetv1.Setting(0).Descriptor())
	if opts[0].Term != "Setting.schools" || opts[0].Label != "schools" {
		t.Errorf("first setting option = %+v", opts[0])
	}
}
