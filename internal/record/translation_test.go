package record_test

import (
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/proto"
)

const translatedID = "01J9Z8Y7X6W5V4T3S2R1Q0P9N8"

// walkingGroups is a partnership written in English with a Swedish
// translation of its title and description, not of its hot local issue.
func walkingGroups() *hcnetv1.Partnership {
	return &hcnetv1.Partnership{Id: translatedID, Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Title: "Walking groups for seniors", Description: "Weekly walks in every district",
		HotLocalIssue:    "Loneliness among older residents",
		Level:            hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS,
		Status:           hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE,
		OriginalLanguage: "en",
		Translations: map[string]*hcnetv1.Translation{"sv": {Fields: map[string]string{
			"title": "Promenadgrupper för äldre", "description": "Promenader varje vecka i alla stadsdelar"}}},
	}
}

func TestTranslationsValidate(t *testing.T) {
	tests := []struct {
		title  string
		change func(p *hcnetv1.Partnership)
		want   string // the field named, "" for a valid record
	}{
		{title: "valid", change: func(*hcnetv1.Partnership) {}},
		{title: "no original language", want: "partnership.original_language",
			change: func(p *hcnetv1.Partnership) { p.OriginalLanguage = "" }},
		{title: "original language no tag", want: "partnership.original_language",
			change: func(p *hcnetv1.Partnership) { p.OriginalLanguage = "english!" }},
		{title: "translation key no tag", want: `partnership.translations["sv se!"]`, change: func(p *hcnetv1.Partnership) {
			p.Translations["sv se!"] = p.Translations["sv"]
		}},
		{title: "translation in the original language", want: `partnership.translations["en"]`, change: func(p *hcnetv1.Partnership) {
			p.Translations["en"] = &hcnetv1.Translation{Fields: map[string]string{"title": "Walks"}}
		}},
		{title: "empty translation", want: `partnership.translations["da"]`, change: func(p *hcnetv1.Partnership) {
			p.Translations["da"] = &hcnetv1.Translation{}
		}},
		{title: "field the kind has not", want: `partnership.translations["sv"].fields["funding"]`, change: func(p *hcnetv1.Partnership) {
			p.Translations["sv"].Fields["funding"] = "Kommunen"
		}},
		{title: "title too long", want: `partnership.translations["sv"].fields["title"]`, change: func(p *hcnetv1.Partnership) {
			p.Translations["sv"].Fields["title"] = strings.Repeat("å", record.MaxShort+1)
		}},
		{title: "control characters", want: `partnership.translations["sv"].fields["description"]`, change: func(p *hcnetv1.Partnership) {
			p.Translations["sv"].Fields["description"] = "a\x00b"
		}},
		{title: "41 languages", want: "partnership.translations", change: func(p *hcnetv1.Partnership) {
			for i := range 41 {
				p.Translations["x-"+strings.Repeat("a", i+1)] = p.Translations["sv"]
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.title, func(t *testing.T) {
			p := walkingGroups()
			tc.change(p)
			vs := record.Validate("partnership", p)
			if tc.want == "" {
				if len(vs) != 0 {
					t.Fatalf("violations %v, want none", vs)
				}
				return
			}
			found := false
			for _, v := range vs {
				found = found || v.Field == tc.want
			}
			if !found {
				t.Fatalf("violations %v, want one of %s", vs, tc.want)
			}
		})
	}
}

func TestLocalize(t *testing.T) {
	p := walkingGroups()
	in := record.Lookup(record.KindPartnership)

	sv := in.Localize(p, "sv")
	got := sv.Msg.(*hcnetv1.Partnership)
	if got.GetTitle() != "Promenadgrupper för äldre" || got.GetDescription() != "Promenader varje vecka i alla stadsdelar" {
		t.Errorf("Swedish reader reads %q / %q", got.GetTitle(), got.GetDescription())
	}
	// The hot local issue has no translation: the original, marked as such.
	if got.GetHotLocalIssue() != "Loneliness among older residents" || sv.LangOf("hot_local_issue") != "en" || sv.LangOf("title") != "sv" {
		t.Errorf("hot local issue %q in %q, title in %q", got.GetHotLocalIssue(), sv.LangOf("hot_local_issue"), sv.LangOf("title"))
	}
	if sv.TitleLang() != "sv" {
		t.Errorf("Swedish reader's title in %q", sv.TitleLang())
	}
	if !sv.Translated() || sv.Original != "en" {
		t.Errorf("Swedish reader: translated %v, original %q", sv.Translated(), sv.Original)
	}
	if p.GetTitle() != "Walking groups for seniors" {
		t.Errorf("Localize changed the record: %q", p.GetTitle())
	}

	de := in.Localize(p, "de")
	if de.Translated() || de.Lang != "en" || de.Msg.(*hcnetv1.Partnership).GetTitle() != "Walking groups for seniors" {
		t.Errorf("German reader: lang %q, title %q", de.Lang, de.Msg.(*hcnetv1.Partnership).GetTitle())
	}

	text := in.Text(p, "sv")
	if text.Title != "Promenadgrupper för äldre" || text.Lang != "sv" || text.Original != "en" {
		t.Errorf("Text(sv) = %+v", text)
	}
	if strings.Join(text.Languages, " ") != "en sv" {
		t.Errorf("languages %v, want the original first", text.Languages)
	}
	if orig := in.Text(p, ""); orig.Title != "Walking groups for seniors" || orig.Lang != "en" {
		t.Errorf("Text(\"\") = %+v", orig)
	}
}

func TestSetTranslation(t *testing.T) {
	in := record.Lookup(record.KindSuccess)
	s := &hcnetv1.Success{Title: "Fewer falls", Outcome: "Falls halved"}
	in.SetTranslation(s, "en", "fi", map[string]string{"title": "Vähemmän kaatumisia", "outcome": ""})
	if s.GetOriginalLanguage() != "en" {
		t.Errorf("original language %q, want en", s.GetOriginalLanguage())
	}
	if f := s.GetTranslations()["fi"].GetFields(); len(f) != 1 || f["title"] != "Vähemmän kaatumisia" {
		t.Errorf("Finnish fields %v, want the title alone", f)
	}
	in.SetTranslation(s, "sv", "fi", nil)
	if _, ok := s.GetTranslations()["fi"]; ok || s.GetOriginalLanguage() != "en" {
		t.Errorf("after removal: %v, original %q", s.GetTranslations(), s.GetOriginalLanguage())
	}
}

// A plan's goals are translated with the plan, keyed by the goal's id.
func TestPlanGoalTranslation(t *testing.T) {
	plan := &hcnetv1.HealthPlan{Id: translatedID, Version: 1, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Title: "Terveysuunnitelma", Status: hcnetv1.PlanStatus_PLAN_STATUS_DRAFT, PeriodStartYear: 2024, PeriodEndYear: 2030,
		OriginalLanguage: "fi",
		Goals:            []*hcnetv1.Goal{{Id: "g1", Title: "Vähemmän yksinäisyyttä"}},
		Translations: map[string]*hcnetv1.Translation{"sv": {Fields: map[string]string{
			"title": "Hälsoplan", "goals.g1.title": "Mindre ensamhet"}}},
	}
	in := record.Lookup(record.KindHealthPlan)
	if vs := record.Validate("plan", plan); len(vs) != 0 {
		t.Fatalf("violations %v", vs)
	}
	var keys []string
	for _, f := range in.TextFields(plan) {
		keys = append(keys, f.Key)
	}
	if strings.Join(keys, " ") != "title description goals.g1.title goals.g1.description" {
		t.Errorf("text fields %v", keys)
	}
	l := in.Localize(plan, "sv")
	if g := l.Msg.(*hcnetv1.HealthPlan).GetGoals()[0].GetTitle(); g != "Mindre ensamhet" || l.LangOf("goals.g1.title") != "sv" {
		t.Errorf("Swedish goal %q in %q", g, l.LangOf("goals.g1.title"))
	}
	// Removing a goal removes its translation.
	upd := &hcnetv1.HealthPlan{Goals: []*hcnetv1.Goal{{Id: "g2", Title: "Fler promenader"}}}
	moved := proto.Clone(plan).(*hcnetv1.HealthPlan)
	if err := record.ApplyUpdate(moved, upd, []string{"goals"}); err != nil {
		t.Fatal(err)
	}
	if f := moved.GetTranslations()["sv"].GetFields(); len(f) != 1 || f["title"] != "Hälsoplan" {
		t.Errorf("after removing goal g1 the Swedish translation is %v, want the title alone", f)
	}
	plan.Translations["sv"].Fields["goals.g2.title"] = "Fler promenader"
	if vs := record.Validate("plan", plan); len(vs) != 1 || vs[0].Field != `plan.translations["sv"].fields["goals.g2.title"]` {
		t.Errorf("a goal the plan has not: violations %v", vs)
	}
}

// A Swedish reader's search must find the Swedish translation: its words
// are indexed in Swedish, the original's in its own language.
func TestTranslationsIndexedInTheirLanguage(t *testing.T) {
	ix := record.IndexOf(walkingGroups())
	if ix.Lang != "en" {
		t.Errorf("index language %q, want the original's", ix.Lang)
	}
	want := map[string]string{
		"Walking groups for seniors":               "en",
		"Loneliness among older residents":         "en",
		"Promenadgrupper för äldre":                "sv",
		"Promenader varje vecka i alla stadsdelar": "sv",
	}
	for _, part := range ix.Parts {
		if lang, ok := want[part.Text]; ok {
			if part.Lang != lang {
				t.Errorf("%q indexed in %q, want %q", part.Text, part.Lang, lang)
			}
			delete(want, part.Text)
		}
	}
	if len(want) != 0 {
		t.Errorf("not indexed: %v", want)
	}
}

// Translations are the record's own text: its shared form carries them
// as it carries the original.
func TestTranslationsTravel(t *testing.T) {
	for _, m := range []proto.Message{
		walkingGroups(),
		&hcnetv1.City{Id: "malmo", Name: "Malmö", Country: "se", Description: "En stad vid Öresund", OriginalLanguage: "sv",
			Coordinator:  &hcnetv1.Contact{Name: "Anna"},
			Translations: map[string]*hcnetv1.Translation{"en": {Fields: map[string]string{"description": "A city by the Øresund"}}}},
		&hcnetv1.Success{Id: translatedID, Title: "Färre fall", OriginalLanguage: "sv",
			Translations: map[string]*hcnetv1.Translation{"en": {Fields: map[string]string{"title": "Fewer falls"}}}},
	} {
		rec, err := record.SharedForm(m, record.Source{})
		if err != nil {
			t.Fatal(err)
		}
		_, shared := record.Unwrap(rec)
		in, _ := record.Of(m)
		got, want := in.Translations(shared), in.Translations(m)
		if len(got) != 1 || len(got) != len(want) {
			t.Errorf("%T: shared translations %v, want %v", m, got, want)
		}
		for lang, tr := range want {
			if !proto.Equal(got[lang], tr) {
				t.Errorf("%T: shared %s translation %v, want %v", m, lang, got[lang], tr)
			}
		}
		if in.OriginalLanguage(shared) != in.OriginalLanguage(m) {
			t.Errorf("%T: shared original language %q", m, in.OriginalLanguage(shared))
		}
	}
}

// Every kind with free text besides the practice keeps translations.
func TestTranslatableKinds(t *testing.T) {
	want := map[record.Kind]bool{record.KindCity: true, record.KindPartnership: true, record.KindHealthPlan: true,
		record.KindIndicator: true, record.KindSuccess: true}
	for _, k := range record.Kinds {
		if got := record.Lookup(k).Translatable(); got != want[k] {
			t.Errorf("%s translatable %v, want %v", k, got, want[k])
		}
	}
}

// A practice keeps each language in its texts: a reader reads its title,
// summary and body in their language where it is written in it, the rest
// of its narrative in the original.
func TestLocalizePractice(t *testing.T) {
	p := &hcnetv1.Practice{OriginalLanguage: "en", Problem: "Loneliness among older residents",
		Texts: map[string]*hcnetv1.PracticeText{
			"en": {Title: "Walking groups", Summary: "Weekly walks."},
			"sv": {Title: "Promenadgrupper", Summary: "Promenader varje vecka."},
		}}
	in := record.Lookup(record.KindPractice)
	sv := in.Localize(p, "sv")
	if !sv.Translated() || sv.Lang != "sv" || sv.Original != "en" || sv.TitleLang() != "sv" || sv.LangOf("summary") != "sv" || sv.LangOf("problem") != "en" {
		t.Errorf("Swedish reader: %+v, title in %q, summary in %q, problem in %q", sv, sv.TitleLang(), sv.LangOf("summary"), sv.LangOf("problem"))
	}
	if in.Text(sv.Msg, sv.Lang).Title != "Promenadgrupper" {
		t.Errorf("Swedish reader's title %q", in.Text(sv.Msg, sv.Lang).Title)
	}
	de := in.Localize(p, "de")
	if de.Translated() || de.Lang != "en" || de.TitleLang() != "en" || de.LangOf("summary") != "en" {
		t.Errorf("German reader: %+v, title in %q", de, de.TitleLang())
	}
}
