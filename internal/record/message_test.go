package record

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/i18n"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

var placeholderRe = regexp.MustCompile(`{{\.([A-Za-z]+)}}`)

func placeholders(s string) []string {
	var out []string
	for _, m := range placeholderRe.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Every message the checks can write is in every language's catalogue,
// with the same placeholders, so no reader meets one in English and no
// value is lost in translation.
func TestEveryViolationMessageIsInEveryLanguage(t *testing.T) {
	c, err := i18n.Shared()
	if err != nil {
		t.Fatal(err)
	}
	if len(Messages()) < 40 {
		t.Fatalf("%d messages declared; the checks write more", len(Messages()))
	}
	for _, m := range Messages() {
		if n := len(placeholders(m.ID())); n > MaxArgs {
			t.Errorf("%q has %d placeholders; a message holds at most %d", m.ID(), n, MaxArgs)
		}
	}
	for _, l := range i18n.Languages {
		if l.Code == i18n.English {
			continue
		}
		have := c.Messages(l.Code)
		for _, m := range Messages() {
			text, ok := have[m.ID()]
			switch {
			case !ok:
				t.Errorf("%s lacks %q", l.Code, m.ID())
			case text == m.ID():
				t.Errorf("%s leaves %q in English", l.Code, m.ID())
			case !slices.Equal(placeholders(text), placeholders(m.ID())):
				t.Errorf("%s: %q has placeholders %v, want %v", l.Code, text, placeholders(text), placeholders(m.ID()))
			}
		}
	}
}

// The English of each violation reads as it did when the checks wrote
// it with printf, since hcctl and the API's clients read it.
func TestViolationEnglishIsTheAPIDescription(t *testing.T) {
	for _, tt := range []struct {
		title string
		m     *hcnetv1.HealthPlan
		field string
		want  string
	}{
		{title: "end before start", field: "plan.period_end_year", want: "2020 is before period_start_year 2025",
			m: &hcnetv1.HealthPlan{Title: "P", PeriodStartYear: 2025, PeriodEndYear: 2020}},
		{title: "too long", field: "plan.title", want: "is 301 characters long; at most 300 are allowed",
			m: &hcnetv1.HealthPlan{Title: strings.Repeat("a", 301), PeriodStartYear: 2025, PeriodEndYear: 2030}},
		{title: "year outside", field: "plan.period_start_year", want: "year 1800 is outside 1900–2200",
			m: &hcnetv1.HealthPlan{Title: "P", PeriodStartYear: 1800, PeriodEndYear: 2030}},
		{title: "a value that looks like a placeholder stays as typed", field: "plan.adoption.date",
			want: `"{{.Max}}" is not a date of the form YYYY-MM-DD`,
			m:    &hcnetv1.HealthPlan{Title: "P", PeriodStartYear: 2025, PeriodEndYear: 2030, Adoption: &hcnetv1.AdoptionDecision{Date: "{{.Max}}"}}},
		{title: "enum required", field: "plan.status", want: "is required (one of: draft, adopted, in_review, closed)",
			m: &hcnetv1.HealthPlan{Title: "P", PeriodStartYear: 2025, PeriodEndYear: 2030}},
	} {
		t.Run(tt.title, func(t *testing.T) {
			vs := Validate("plan", tt.m)
			i := slices.IndexFunc(vs, func(v Violation) bool { return v.Field == tt.field })
			if i < 0 {
				t.Fatalf("no violation of %s in %v", tt.field, vs)
			}
			if got := vs[i].Description; got != tt.want {
				t.Errorf("description %q, want %q", got, tt.want)
			}
			for _, v := range vs {
				if v.Message.ID == "" || v.Message.English() != v.Description {
					t.Errorf("%s: message %+v does not write %q", v.Field, v.Message, v.Description)
				}
				if !slices.ContainsFunc(Messages(), func(m Msg) bool { return m.ID() == v.Message.ID }) {
					t.Errorf("%s: %q is not a declared message", v.Field, v.Message.ID)
				}
			}
		})
	}
}

// The message that names another field names it by its API name in an
// argument a page can replace with the field's label.
func TestBeforeNamesTheOtherField(t *testing.T) {
	vs := Validate("partnership", &hcnetv1.Partnership{StartDate: "2025-05-01", EndDate: "2025-01-01"})
	i := slices.IndexFunc(vs, func(v Violation) bool { return v.Field == "partnership.end_date" })
	if i < 0 {
		t.Fatalf("no violation of the end date in %v", vs)
	}
	m := vs[i].Message
	if other, _ := m.Arg(FieldArg); m.ID != MsgBefore.ID() || other != "start_date" {
		t.Fatalf("message %+v, want %q naming start_date", m, MsgBefore.ID())
	}
	if vs[i].Description != "2025-01-01 is before start_date 2025-05-01" {
		t.Fatalf("description %q", vs[i].Description)
	}
}
