package cli

import (
	"slices"
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/spf13/cobra"
	"google.golang.org/protobuf/proto"
)

const (
	idA = "01JAAAAAAAAAAAAAAAAAAAAAAA"
	idB = "01JBBBBBBBBBBBBBBBBBBBBBBB"
)

// applyFlags parses args as a command bound by bind and applies them to
// m, as add and update do.
func applyFlags[M any](tb testing.TB, bind func(*fields[M]), m M, args ...string) ([]string, error) {
	tb.Helper()
	cmd := &cobra.Command{Use: "test"}
	f := newFields[M](newApp(Env{}), cmd)
	bind(f)
	if err := cmd.ParseFlags(args); err != nil {
		tb.Fatalf("parse %q: %v", args, err)
	}
	return f.apply(m)
}

func TestPartnershipFlags(t *testing.T) {
	tests := []struct {
		title string
		start *hcnetv1.Partnership
		args  []string
		want  *hcnetv1.Partnership
		paths []string
		err   string
	}{
		{
			title: "every kind of flag",
			start: &hcnetv1.Partnership{},
			args: []string{
				"--title", "Mötesplats, Rosengård", "--level", "across_sectors", "--status", "Active",
				"--visibility", "public", "--partner", idA + ":lead, and host", "--partner", strings.ToLower(idB),
				"--sector", "health,social-services", "--sector", "urban_planning", "--setting", "communities",
				"--mechanism", "step_by_step", "--sdg", "3,11", "--sdg-target", "3.4",
				"--six-p", "people", "--equity-group", "older people, living alone", "--equity-group", "nyanlända",
				"--phc-linked", "--phc-service", "vårdcentral", "--start-date", "2025-03-01",
			},
			want: &hcnetv1.Partnership{
				Title: "Mötesplats, Rosengård", Level: hcnetv1.PartnershipLevel_PARTNERSHIP_LEVEL_ACROSS_SECTORS,
				Status: hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_ACTIVE, Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC,
				Partners: []*hcnetv1.PartnershipMember{{PartnerId: idA, Role: "lead, and host"}, {PartnerId: idB}},
				Sectors:  []hcnetv1.Sector{hcnetv1.Sector_SECTOR_HEALTH, hcnetv1.Sector_SECTOR_SOCIAL_SERVICES, hcnetv1.Sector_SECTOR_URBAN_PLANNING},
				Settings: []hcnetv1.Setting{hcnetv1.Setting_SETTING_COMMUNITIES}, Mechanisms: []hcnetv1.Mechanism{hcnetv1.Mechanism_MECHANISM_STEP_BY_STEP},
				Sdg:   &hcnetv1.SdgTags{Goals: []int32{3, 11}, Targets: []string{"3.4"}},
				SixPs: []hcnetv1.SixP{hcnetv1.SixP_SIX_P_PEOPLE}, EquityGroups: []string{"older people, living alone", "nyanlända"},
				PrimaryHealthCare: &hcnetv1.PrimaryHealthCareLink{Linked: true, Services: []string{"vårdcentral"}},
				StartDate:         "2025-03-01",
			},
			paths: []string{"title", "level", "status", "visibility", "partners", "sectors", "settings", "mechanisms",
				"sdg.goals", "sdg.targets", "six_ps", "equity_groups", "primary_health_care.linked", "primary_health_care.services", "start_date"},
		},
		{
			title: "update keeps what no flag names",
			start: &hcnetv1.Partnership{Id: idA, Version: 4, Title: "Old", Sdg: &hcnetv1.SdgTags{Goals: []int32{3}, Targets: []string{"3.4"}}},
			args:  []string{"--sdg-target", "3.5", "--end-date", ""},
			want:  &hcnetv1.Partnership{Id: idA, Version: 4, Title: "Old", Sdg: &hcnetv1.SdgTags{Goals: []int32{3}, Targets: []string{"3.5"}}},
			paths: []string{"sdg.targets", "end_date"},
		},
		{
			title: "every bad value reported",
			start: &hcnetv1.Partnership{},
			args:  []string{"--level", "global", "--sdg", "three", "--sector", "health,astrology"},
			err:   "--level: unknown partnership level \"global\"",
		},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			m := proto.Clone(tt.start).(*hcnetv1.Partnership)
			paths, err := applyFlags(t, bindPartnership, m, tt.args...)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want one containing %q", err, tt.err)
				}
				if n := strings.Count(err.Error(), "\n") + 1; n != 3 {
					t.Fatalf("error has %d lines, want one per bad flag:\n%v", n, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			assertMessage(t, m, tt.want)
			if !slices.Equal(paths, tt.paths) {
				t.Fatalf("paths = %q, want %q", paths, tt.paths)
			}
		})
	}
}

func TestPlanFlags(t *testing.T) {
	tests := []struct {
		title string
		start *hcnetv1.HealthPlan
		args  []string
		want  *hcnetv1.HealthPlan
		err   string
	}{
		{
			title: "goals and actions",
			start: &hcnetv1.HealthPlan{},
			args: []string{"--title", "Folkhälsoplan", "--period-start-year", "2024", "--period-end-year", "2030",
				"--goal", "g1:Less loneliness: among older people", "--goal", ":Next free id",
				"--action", "Open meeting places|g1|2025-06-30|in_progress", "--action", "Evaluate"},
			want: &hcnetv1.HealthPlan{Title: "Folkhälsoplan", PeriodStartYear: 2024, PeriodEndYear: 2030,
				Goals: []*hcnetv1.Goal{{Id: "g1", Title: "Less loneliness: among older people"}, {Id: "g2", Title: "Next free id"}},
				Actions: []*hcnetv1.Action{
					{Id: "a1", Title: "Open meeting places", GoalId: "g1", DueDate: "2025-06-30", Status: hcnetv1.ActionStatus_ACTION_STATUS_IN_PROGRESS},
					{Id: "a2", Title: "Evaluate", Status: hcnetv1.ActionStatus_ACTION_STATUS_PLANNED},
				}},
		},
		{
			title: "retyped goals and actions keep what the flags cannot carry",
			start: &hcnetv1.HealthPlan{
				Goals:   []*hcnetv1.Goal{{Id: "g1", Title: "Old", Description: "why", Sdg: &hcnetv1.SdgTags{Goals: []int32{3}}}},
				Actions: []*hcnetv1.Action{{Id: "a7", Title: "Evaluate", Status: hcnetv1.ActionStatus_ACTION_STATUS_PLANNED}},
			},
			args: []string{"--goal", "g1:New title", "--action", "Evaluate||2026-01-31|planned"},
			want: &hcnetv1.HealthPlan{
				Goals:   []*hcnetv1.Goal{{Id: "g1", Title: "New title", Description: "why", Sdg: &hcnetv1.SdgTags{Goals: []int32{3}}}},
				Actions: []*hcnetv1.Action{{Id: "a7", Title: "Evaluate", DueDate: "2026-01-31", Status: hcnetv1.ActionStatus_ACTION_STATUS_PLANNED}},
			},
		},
		{
			title: "action status by id",
			start: &hcnetv1.HealthPlan{Actions: []*hcnetv1.Action{{Id: "a1", Title: "x", Status: hcnetv1.ActionStatus_ACTION_STATUS_PLANNED}}},
			args:  []string{"--action-status", "a1=done"},
			want:  &hcnetv1.HealthPlan{Actions: []*hcnetv1.Action{{Id: "a1", Title: "x", Status: hcnetv1.ActionStatus_ACTION_STATUS_DONE}}},
		},
		{title: "goal without colon", start: &hcnetv1.HealthPlan{}, args: []string{"--goal", "Less loneliness"}, err: "want ID:TITLE"},
		{title: "unknown action", start: &hcnetv1.HealthPlan{}, args: []string{"--action-status", "a9=done"}, err: `no action "a9"`},
		{title: "too many action parts", start: &hcnetv1.HealthPlan{}, args: []string{"--action", "a|b|c|planned|e|f"}, err: "has 6 parts"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			m := proto.Clone(tt.start).(*hcnetv1.HealthPlan)
			_, err := applyFlags(t, bindPlan, m, tt.args...)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			assertMessage(t, m, tt.want)
		})
	}
}

func TestPracticeFlags(t *testing.T) {
	tests := []struct {
		title string
		start *hcnetv1.Practice
		args  []string
		want  *hcnetv1.Practice
		paths []string
		err   string
	}{
		{
			title: "first language becomes the original",
			start: &hcnetv1.Practice{},
			args:  []string{"--lang", "sv", "--title", "Mötesplatser", "--summary", "Träffpunkter", "--adopted-from", "se/lund/" + idA},
			want: &hcnetv1.Practice{
				Texts:            map[string]*hcnetv1.PracticeText{"sv": {Title: "Mötesplatser", Summary: "Träffpunkter"}},
				OriginalLanguage: "sv",
				AdoptedFrom:      &hcnetv1.PracticeRef{Country: "se", CityId: "lund", PracticeId: idA},
			},
			paths: []string{"texts", "adopted_from"},
		},
		{
			title: "a translation leaves the other languages",
			start: &hcnetv1.Practice{OriginalLanguage: "sv", Texts: map[string]*hcnetv1.PracticeText{"sv": {Title: "Mötesplatser", Body: "lång text"}}},
			args:  []string{"--lang", "en", "--title", "Meeting places"},
			want: &hcnetv1.Practice{OriginalLanguage: "sv", Texts: map[string]*hcnetv1.PracticeText{
				"sv": {Title: "Mötesplatser", Body: "lång text"}, "en": {Title: "Meeting places"},
			}},
			paths: []string{"texts"},
		},
		{
			title: "without --lang the original language changes, only the parts given",
			start: &hcnetv1.Practice{OriginalLanguage: "sv", Texts: map[string]*hcnetv1.PracticeText{"sv": {Title: "Gammal", Body: "kropp"}}},
			args:  []string{"--title", "Ny", "--contact", "Åsa Öberg|samordnare|asa@example.se"},
			want: &hcnetv1.Practice{OriginalLanguage: "sv", Texts: map[string]*hcnetv1.PracticeText{"sv": {Title: "Ny", Body: "kropp"}},
				Contacts: []*hcnetv1.Contact{{Name: "Åsa Öberg", Role: "samordnare", Email: "asa@example.se"}}},
			paths: []string{"texts", "contacts"},
		},
		{title: "text needs a language", start: &hcnetv1.Practice{}, args: []string{"--title", "x"}, err: "--lang"},
		{title: "bad reference", start: &hcnetv1.Practice{}, args: []string{"--adopted-from", "lund"}, err: "COUNTRY/CITY/PRACTICE_ID"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			m := proto.Clone(tt.start).(*hcnetv1.Practice)
			paths, err := applyFlags(t, bindPractice, m, tt.args...)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			assertMessage(t, m, tt.want)
			if !slices.Equal(paths, tt.paths) {
				t.Fatalf("paths = %q, want %q", paths, tt.paths)
			}
		})
	}
}

func TestOtherKindsFlags(t *testing.T) {
	t.Run("partner contact", func(t *testing.T) {
		m := &hcnetv1.Partner{}
		paths, err := applyFlags(t, partnerKind.bind, m, "--organisation", "Röda korset", "--kind", "ngo", "--contact-email", "a@example.se")
		if err != nil {
			t.Fatal(err)
		}
		assertMessage(t, m, &hcnetv1.Partner{Organisation: "Röda korset", Kind: hcnetv1.PartnerKind_PARTNER_KIND_NGO, Contact: &hcnetv1.Contact{Email: "a@example.se"}})
		if !slices.Equal(paths, []string{"organisation", "kind", "contact.email"}) {
			t.Fatalf("paths = %q", paths)
		}
	})
	t.Run("success partner cities", func(t *testing.T) {
		m := &hcnetv1.Success{}
		_, err := applyFlags(t, bindSuccess, m, "--partner-city", "SE/lund/Lund", "--partner-city", "dk/kobenhavn")
		if err != nil {
			t.Fatal(err)
		}
		assertMessage(t, m, &hcnetv1.Success{PartnerCities: []*hcnetv1.CityRef{{Country: "se", CityId: "lund", Name: "Lund"}, {Country: "dk", CityId: "kobenhavn"}}})
	})
	t.Run("indicator numbers", func(t *testing.T) {
		m := &hcnetv1.Indicator{}
		_, err := applyFlags(t, bindIndicator, m, "--baseline", "24.5", "--target", "0", "--direction", "decrease")
		if err != nil {
			t.Fatal(err)
		}
		assertMessage(t, m, &hcnetv1.Indicator{Baseline: 24.5, Direction: hcnetv1.IndicatorDirection_INDICATOR_DIRECTION_DECREASE})
	})
	t.Run("city", func(t *testing.T) {
		m := &hcnetv1.City{Id: "malmo", Country: "se"}
		paths, err := applyFlags(t, bindCity, m, "--population", "362133", "--language", "sv,en", "--coordinator-name", "Åke")
		if err != nil {
			t.Fatal(err)
		}
		assertMessage(t, m, &hcnetv1.City{Id: "malmo", Country: "se", Population: 362133, Languages: []string{"sv", "en"}, Coordinator: &hcnetv1.Contact{Name: "Åke"}})
		if !slices.Equal(paths, []string{"population", "languages", "coordinator.name"}) {
			t.Fatalf("paths = %q", paths)
		}
	})
}

func TestMeasurementFlags(t *testing.T) {
	tests := []struct {
		title    string
		m        *hcnetv1.Measurement
		valueSet bool
		group    string
		district string
		want     *hcnetv1.Measurement
		err      string
	}{
		{title: "whole city", m: &hcnetv1.Measurement{Date: "2024-12-31", Value: 0}, valueSet: true,
			want: &hcnetv1.Measurement{Date: "2024-12-31"}},
		{title: "district", m: &hcnetv1.Measurement{Date: "2024-12-31", Value: 31}, valueSet: true, district: "Rosengård",
			want: &hcnetv1.Measurement{Date: "2024-12-31", Value: 31, Breakdown: &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_DISTRICT, Label: "Rosengård"}}},
		{title: "group", m: &hcnetv1.Measurement{Date: "2024-12-31", Value: 12}, valueSet: true, group: "women 65+",
			want: &hcnetv1.Measurement{Date: "2024-12-31", Value: 12, Breakdown: &hcnetv1.Breakdown{Kind: hcnetv1.BreakdownKind_BREAKDOWN_KIND_GROUP, Label: "women 65+"}}},
		{title: "missing both", m: &hcnetv1.Measurement{}, err: "needs --date and --value"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			got, err := measurement(tt.m, tt.valueSet, tt.group, tt.district)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			assertMessage(t, got, tt.want)
		})
	}
}

func TestFlagOf(t *testing.T) {
	cmd := &cobra.Command{Use: "test"}
	f := newFields[*hcnetv1.Partnership](newApp(Env{}), cmd)
	bindPartnership(f)
	flagOf := f.flagOf("partnership")
	for path, want := range map[string]string{
		"partnership.title":                        "--title",
		"partnership.sdg.targets[1]":               "--sdg-target",
		"partnership.partners[2].partner_id":       "--partner",
		"partnership.primary_health_care.services": "--phc-service",
		"partnership.create_time":                  "",
	} {
		if got := flagOf(path); got != want {
			t.Errorf("flagOf(%q) = %q, want %q", path, got, want)
		}
	}
}

func assertMessage(tb testing.TB, got, want proto.Message) {
	tb.Helper()
	if !proto.Equal(got, want) {
		tb.Fatalf("got  %v\nwant %v", got, want)
	}
}
