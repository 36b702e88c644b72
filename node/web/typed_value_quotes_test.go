package web

import (
	"html"
	"net/url"
	"testing"
)

// TestSDGGoalsRefusedInFinnish: goals that are not numbers are refused
// in the officer's language on every form that asks for them, as one
// sentence, not English words around the typed value.
func TestSDGGoalsRefusedInFinnish(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	code, page, _ := s.postIn(t, "fi", "/successes/new", url.Values{
		"csrf": {token}, "title": {"Vähemmän yksinäisiä"}, "outcome": {"Vähemmän yksinäisiä ikääntyneitä"},
		"date": {"2025-05-20"}, "visibility": {"network"}, "sdg_goals": {"kolme"},
	})
	if code != formStatus {
		t.Fatalf("a success with words for goals: %d\n%s", code, page)
	}
	if got, want := errorIn(page, "sdg_goals"), `on oltava tavoitteiden numeroita 1–17 pilkuin erotettuina ("kolme" ei ole numero)`; got != want {
		t.Errorf("next to the goals: %q, want %q", got, want)
	}
}

// TestSheetCellsQuotedInFinnish: a spreadsheet cell that is not yes or no
// is quoted with Finnish quotation marks on a Finnish page.
func TestSheetCellsQuotedInFinnish(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	_, page := s.uploadIn(t, "fi", "partnerships", token, "p.csv", "title,level,status,visibility,phc_linked\nKävelyt,across_sectors,active,network,kyllä\n")
	mustContain(t, html.UnescapeString(page), "”kyllä” ei ole yes tai no")
}
