package sample

import (
	"slices"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/record"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// programmes are the practices a sample city may run, by their English
// theme, with the words that name the programme in a plan action's or a
// partnership's title, and whether the practice links a partnership. The
// workplace programme links none: its partnership is private, and a
// public practice may not carry it.
var programmes = []struct {
	theme, words string
	linked       bool
}{
	{"Walk and talk", "walking groups", true},
	{"Health guides", "health guide", true},
	{"Moving school", "daily movement", true},
	{"Healthy small workplaces", "workplace", false},
	{"Green courtyards", "green courtyards", true},
	{"Mental health first aid", "mental health first aid", true},
}

// TestPlanFollowsPractices: the city health plan tells what the city
// does. Every programme a city runs has an action under way or done, and
// the plan names a programme the city does not run only as planned or
// cancelled, never as done. The partnerships tell the same story.
func TestPlanFollowsPractices(t *testing.T) {
	// A city outside Cities that names no topics runs the default ones.
	outside := Cities[0]
	outside.ID, outside.Name, outside.topics = "lund", "Lund", nil
	for _, c := range append(slices.Clone(Cities), outside) {
		t.Run(c.ID, func(t *testing.T) {
			b := build(t, c)
			runs := map[string]bool{}
			for _, p := range b.practices {
				theme, _, _ := strings.Cut(practiceTheme(p), ":")
				runs[theme] = true
			}
			for theme := range runs {
				if !knownProgramme(theme) {
					t.Errorf("practice %q is in no row of programmes", theme)
				}
			}
			for _, pr := range programmes {
				var started []string
				for _, a := range b.plan.GetActions() {
					if !strings.Contains(strings.ToLower(a.GetTitle()), pr.words) {
						continue
					}
					switch st := a.GetStatus(); {
					case st == hcnetv1.ActionStatus_ACTION_STATUS_PLANNED || st == hcnetv1.ActionStatus_ACTION_STATUS_CANCELLED:
						if runs[pr.theme] && st == hcnetv1.ActionStatus_ACTION_STATUS_CANCELLED {
							t.Errorf("action %q is cancelled, but the city runs %s", a.GetTitle(), pr.theme)
						}
					case runs[pr.theme]:
						started = append(started, a.GetTitle())
					default:
						t.Errorf("action %q is %s, but the city does not run %s", a.GetTitle(), a.GetStatus(), pr.theme)
					}
				}
				if runs[pr.theme] && len(started) == 0 {
					t.Errorf("the city runs %s, but no action of its plan about %q is under way or done", pr.theme, pr.words)
				}
				for _, p := range b.partnerships {
					if strings.Contains(strings.ToLower(p.GetTitle()), pr.words) && !runs[pr.theme] &&
						p.GetStatus() != hcnetv1.PartnershipStatus_PARTNERSHIP_STATUS_PLANNED {
						t.Errorf("partnership %q is %s, but the city does not run %s", p.GetTitle(), p.GetStatus(), pr.theme)
					}
				}
			}
			goals := map[string]int{}
			for _, a := range b.plan.GetActions() {
				goals[a.GetGoalId()]++
			}
			for _, g := range b.plan.GetGoals() {
				if goals[g.GetId()] == 0 {
					t.Errorf("goal %q has no action", g.GetTitle())
				}
			}
		})
	}
}

// TestLinksNameTheCitysPartnerships: practices and the plan link only
// partnerships the city has; a practice links only ones that travel at
// least as far as it does, and one that should link a partnership does.
func TestLinksNameTheCitysPartnerships(t *testing.T) {
	for _, c := range Cities {
		t.Run(c.ID, func(t *testing.T) {
			b := build(t, c)
			has := map[string]*hcnetv1.Partnership{}
			for i, p := range b.partnerships {
				has[b.psIDs[i]] = p
			}
			check := func(what string, vis hcnetv1.Visibility, id string) {
				t.Helper()
				p, ok := has[id]
				switch {
				case !ok:
					t.Errorf("%s links partnership %q, which the city does not have", what, id)
				case !record.MayCarry(vis, p.GetVisibility()):
					t.Errorf("%s (%s) links %q (%s), which does not travel as far", what, vis, p.GetTitle(), p.GetVisibility())
				}
			}
			for _, p := range b.practices {
				theme := practiceTheme(p)
				for _, id := range p.GetPartnershipIds() {
					check("practice "+theme, p.GetVisibility(), id)
				}
				for _, pr := range programmes {
					if strings.HasPrefix(theme, pr.theme+":") && pr.linked != (len(p.GetPartnershipIds()) > 0) {
						t.Errorf("practice %q links %d partnerships; want some: %v", theme, len(p.GetPartnershipIds()), pr.linked)
					}
				}
			}
			// The plan may link a partnership that travels less far (the
			// health survey it builds on, the private workplace
			// partnership): its shared form leaves such links out. What
			// it links must exist.
			ids := b.plan.GetPartnershipIds()
			for _, a := range b.plan.GetActions() {
				if id := a.GetPartnershipId(); id != "" {
					ids = append(ids, id)
				}
			}
			for _, id := range ids {
				if has[id] == nil {
					t.Errorf("the plan links partnership %q, which the city does not have", id)
				}
			}
		})
	}
}

func knownProgramme(theme string) bool {
	for _, pr := range programmes {
		if pr.theme == theme {
			return true
		}
	}
	return false
}

// TestEveryTopicInEveryLanguage builds each topic's practice for a city of
// every phrasebook's language, so a text no sample city runs today is
// still complete and valid, and every topic is in programmes.
func TestEveryTopicInEveryLanguage(t *testing.T) {
	byLang := map[string]CitySpec{}
	for _, c := range Cities {
		if _, ok := byLang[c.Language]; !ok {
			byLang[c.Language] = c
		}
	}
	for lang := range phrasebooks {
		c, ok := byLang[lang]
		if !ok {
			t.Errorf("no sample city writes %q", lang)
			continue
		}
		for tp, def := range topicDefs {
			c.topics = []topic{tp}
			ps := practices(c, nil, nil)
			if len(ps) != 3 {
				t.Fatalf("%s with one topic has %d practices, want 3", c.ID, len(ps))
			}
			p := ps[1]
			theme, _, _ := strings.Cut(practiceTheme(p), ":")
			if !knownProgramme(theme) {
				t.Errorf("topic %q is in no row of programmes", theme)
			}
			if lt := def.local(phrasebooks[lang]); lt.title == "" || lt.summary == "" || strings.Count(lt.body, "%s") != 1 {
				t.Errorf("%s text of %q: want a title, a summary and a body with one %%s: %v", lang, theme, lt)
			}
			pilot := c.Districts[def.pilot]
			for _, l := range []string{"en", lang} {
				tx := p.GetTexts()[l]
				if tx.GetTitle() == "" || tx.GetSummary() == "" || !strings.Contains(tx.GetBody(), pilot) || strings.Contains(tx.GetBody(), "%!") {
					t.Errorf("%s %q in %s: incomplete text or no pilot district %s: %v", c.ID, theme, l, pilot, tx)
				}
			}
			if vs := record.Validate("", p); len(vs) > 0 {
				t.Errorf("%s %q: %v", c.ID, theme, vs)
			}
		}
	}
}
