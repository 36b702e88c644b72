package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/errs"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// langCorpus shares practices in Swedish, English, German and Russian,
// with words near the ones searched for that must not be found: Swedish
// "stadion" begins with "stad" but is no compound of it; Russian
// "встречный" is another word than "встреча".
func langCorpus(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	sv := func(title, summary string) *hcnetv1.SharedRecord {
		return practice("sv", map[string]text{"sv": {title, summary, ""}})
	}
	de := func(title, summary string) *hcnetv1.SharedRecord {
		return practice("de", map[string]text{"de": {title, summary, ""}})
	}
	ru := func(title, summary string) *hcnetv1.SharedRecord {
		return practice("ru", map[string]text{"ru": {title, summary, ""}})
	}
	f.put("se/malmo", "practice", "sv-promenader", sv("Promenader för äldre", "Gemensamma promenader varje vecka."))
	f.put("se/lund", "practice", "sv-promenad", sv("En promenad i staden", "Varje tisdag efter lunch."))
	f.put("se/umea", "practice", "sv-odling", sv("Stadsodling på taken", "Odling av grönsaker tillsammans med grannar."))
	f.put("se/kiruna", "practice", "sv-stadion", sv("Träning på stadion", "Löpning för unga."))
	f.put("se/orebro", "practice", "sv-motesplatser", sv("Mötesplatser i varje stadsdel", "Träffpunkter mot ofrivillig ensamhet."))
	f.put("gb/leeds", "practice", "en-meeting", practice("en", en("Meeting places for older residents", "Neighbours meet in shared rooms.", "")))
	f.put("gb/york", "practice", "en-place", practice("en", en("A meeting place in every district", "One room where generations meet.", "")))
	f.put("gb/bath", "practice", "en-cafe", practice("en", en("Café for carers", "Run by volunteers.", "")))
	f.put("de/koeln", "practice", "de-garten", de("Stadtgarten für alle", "Ein Garten mitten in der Stadt, gepflegt von Nachbarn."))
	f.put("de/bonn", "practice", "de-staedte", de("Gesunde Städte", "Ein Netzwerk in Europa."))
	f.put("ru/kazan", "practice", "ru-vstrechi", ru("Встречи для пожилых", "Места встреч в городах."))
	f.put("ru/omsk", "practice", "ru-gorod", ru("Здоровый город", "Программа для жителей."))
	f.put("ru/tver", "practice", "ru-veter", ru("Встречный ветер", "Бег для всех."))
	f.put("ru/perm", "practice", "ru-elka", ru("Ёлка во дворе", "Праздник для детей."))
	return f
}

// Search understands the languages: singular and plural, inflected
// forms, a compound by its first part and words without their
// diacritics each find exactly the practices that hold them.
func TestSearchStemsEachLanguage(t *testing.T) {
	f := langCorpus(t)
	for _, c := range []struct {
		title, query string
		want         []string
	}{
		{"Swedish: the singular finds the plural", "promenad", []string{"sv-promenad", "sv-promenader"}},
		{"Swedish: the plural finds the singular", "promenader", []string{"sv-promenad", "sv-promenader"}},
		{"Swedish: the definite plural finds both", "promenaderna", []string{"sv-promenad", "sv-promenader"}},
		{"Swedish: a compound by its first part, not stadion", "stad", []string{"sv-odling", "sv-promenad"}},
		{"Swedish: without diacritics", "gronsaker", []string{"sv-odling"}},
		{"Swedish: the singular finds the plural, with diacritics", "mötesplats", []string{"sv-motesplatser"}},
		{"Swedish: the plural without diacritics", "motesplatser", []string{"sv-motesplatser"}},
		{"Swedish: the singular without diacritics", "traffpunkt", []string{"sv-motesplatser"}},
		{"Swedish: inflected, without diacritics", "aldre", []string{"sv-promenader"}},
		{"English: the singular finds the plural", "meeting place", []string{"en-meeting", "en-place"}},
		{"English: the plural phrase finds the singular", `"meeting places"`, []string{"en-meeting", "en-place"}},
		{"English: inflected forms", "meets", []string{"en-meeting", "en-place"}},
		{"English: without diacritics", "cafe", []string{"en-cafe"}},
		{"German: the singular finds the plural, with umlaut", "Stadt", []string{"de-garten", "de-staedte"}},
		{"German: the plural without umlaut", "Stadte", []string{"de-garten", "de-staedte"}},
		{"German: a compound by its first part", "Garten", []string{"de-garten"}},
		{"German: the plural of a compound's part", "Gärten", []string{"de-garten"}},
		{"German: the compound itself", "Stadtgarten", []string{"de-garten"}},
		{"Russian: a case form finds the others, not встречный", "встреча", []string{"ru-vstrechi"}},
		{"Russian: the nominative finds the locative plural", "город", []string{"ru-gorod", "ru-vstrechi"}},
		{"Russian: е finds ё", "елки", []string{"ru-elka"}},
		{"Russian: the adjective by its own form", "встречного", []string{"ru-veter"}},
	} {
		resp, err := f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Query: c.query})
		if err != nil {
			t.Fatalf("%s: %v", c.title, err)
		}
		var got []string
		for _, h := range resp.GetHits() {
			got = append(got, h.GetId())
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %q found %q, want %q", c.title, c.query, got, c.want)
		}
	}
}

// A snippet brackets the forms a query matched, not only its own.
func TestSearchSnippetsBracketInflectedForms(t *testing.T) {
	f := langCorpus(t)
	for query, want := range map[string]string{
		"promenad":      "[Promenader] för äldre\nGemensamma [promenader] varje vecka.",
		"stad":          "[Stadsodling] på taken",
		"Stadt":         "[Stadtgarten] für alle\nEin Garten mitten in der [Stadt], gepflegt von Nachbarn.",
		"город":         "Места встреч в [городах].",
		"meeting place": "[Meeting places] for older residents\nNeighbours [meet] in shared rooms.",
	} {
		resp, err := f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Query: query})
		if err != nil {
			t.Fatal(err)
		}
		var snippets []string
		for _, h := range resp.GetHits() {
			snippets = append(snippets, h.GetSnippet())
		}
		if !slices.Contains(snippets, want) {
			t.Errorf("%q: snippets %q, want one %q", query, snippets, want)
		}
	}
}

// Records held before the index held stems are indexed again when the
// store opens, from their envelopes, and found by their inflected forms.
func TestReindexOnOpenStemsWhatWasHeld(t *testing.T) {
	f := langCorpus(t)
	ctx := context.Background()
	var path string
	if err := f.store.db.Read.QueryRowContext(ctx, `SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&path); err != nil {
		t.Fatal(err)
	}
	// As migration 0009 leaves a hub: an empty index, and the request.
	if _, err := f.store.db.Write.ExecContext(ctx, `DELETE FROM records_fts`); err != nil {
		t.Fatal(err)
	}
	if err := f.store.SetSettings(ctx, map[string]string{"search_reindex": "0"}); err != nil {
		t.Fatal(err)
	}
	resp, err := f.store.Search(ctx, &hcnetv1.SearchPracticesRequest{Query: "promenad"})
	if err != nil || len(resp.GetHits()) != 0 {
		t.Fatalf("before reopening: %v, %v; want no hits", resp.GetHits(), err)
	}
	f.store.Close()
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if resp, err = st.Search(ctx, &hcnetv1.SearchPracticesRequest{Query: "promenad"}); err != nil || len(resp.GetHits()) != 2 {
		t.Fatalf("after reopening: %v, %v; want the two promenade practices", resp.GetHits(), err)
	}
	if v, err := st.Setting(ctx, "search_reindex"); err != nil || v != "" {
		t.Fatalf("search_reindex = %q (%v) after reindexing, want it gone", v, err)
	}
	if _, err := st.db.Write.ExecContext(ctx, `INSERT INTO records_fts (records_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Fatalf("full-text index after reindexing: %v", err)
	}
}

// A long text's written words are each indexed once, however often and
// wherever they occur.
func TestIndexTextWritesEachWordOnce(t *testing.T) {
	var body []string
	for i := range 300 {
		body = append(body, fmt.Sprintf("walk%c%cings places", 'a'+i%100/26, 'a'+i%100%26))
	}
	d := Describe(practice("en", en("Meeting places", "", strings.Join(body, " "))))
	got := strings.Fields(indexTextOf(&d).written)
	if len(got) != 102 { // meeting, places, and walkaaings…walkdvings
		t.Fatalf("%d written words, want 102: %q", len(got), got)
	}
	slices.Sort(got)
	if len(slices.Compact(got)) != 102 {
		t.Errorf("written words repeat: %q", got)
	}
}

// A partnership's Swedish translation is indexed in Swedish: a Swedish
// reader's search finds it by an inflected form, as it finds a practice.
func TestSearchFindsTranslationInItsLanguage(t *testing.T) {
	f := newFixture(t)
	p := &hcnetv1.Partnership{Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK, Title: "Walking groups for seniors",
		Level:            hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS,
		Status:           hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE,
		OriginalLanguage: "en",
		Translations: map[string]*hcnetv1.Translation{"sv": {Fields: map[string]string{
			"title": "Promenadgrupper för äldre", "description": "Gemensamma promenader varje vecka."}}}}
	f.put("gb/leeds", "partnership", "walking", &hcnetv1.SharedRecord{Record: &hcnetv1.SharedRecord_Partnership{
		Partnership: &hcnetv1.SharedPartnership{Partnership: p}}})
	for _, query := range []string{"promenad", "promenaderna", "walk"} {
		resp, err := f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Query: query,
			Filter: &hcnetv1.SearchFilter{Kinds: []string{"partnership"}}})
		if err != nil {
			t.Fatal(err)
		}
		if hits := resp.GetHits(); len(hits) != 1 || hits[0].GetId() != "walking" {
			t.Errorf("%q found %v, want the partnership", query, hits)
		} else if got := strings.Join(hits[0].GetLanguages(), " "); got != "en sv" {
			t.Errorf("%q: hit languages %q, want en sv", query, got)
		}
	}
	// A hit shows the reader's language where the city wrote it, and
	// says the language of what it shows.
	for _, c := range []struct{ lang, title, summary, shown string }{
		{"", "Walking groups for seniors", "", "en"},
		{"sv", "Promenadgrupper för äldre", "Gemensamma promenader varje vecka.", "sv"},
		{"de", "Walking groups for seniors", "", "en"},
	} {
		for _, query := range []string{"", "walk"} {
			resp, err := f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Query: query, Lang: c.lang,
				Filter: &hcnetv1.SearchFilter{Kinds: []string{"partnership"}}})
			if err != nil {
				t.Fatal(err)
			}
			if hits := resp.GetHits(); len(hits) != 1 || hits[0].GetTitle() != c.title || hits[0].GetSummary() != c.summary ||
				hits[0].GetLang() != c.shown || hits[0].GetOriginalLanguage() != "en" {
				t.Errorf("reader of %q, query %q: hits %v, want %q / %q in %q", c.lang, query, hits, c.title, c.summary, c.shown)
			}
		}
	}
	if _, err := f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Lang: "sv se!"}); len(errs.ViolationsOf(err)) != 1 || errs.ViolationsOf(err)[0].Field != "lang" {
		t.Errorf("a lang that is no tag: %v, want a violation of lang", err)
	}
	// "stadion" is no word of it in any language.
	resp, err := f.store.Search(context.Background(), &hcnetv1.SearchPracticesRequest{Query: "stadion",
		Filter: &hcnetv1.SearchFilter{Kinds: []string{"partnership"}}})
	if err != nil || len(resp.GetHits()) != 0 {
		t.Errorf("stadion found %v (%v), want nothing", resp.GetHits(), err)
	}
}
