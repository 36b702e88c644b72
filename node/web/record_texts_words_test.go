package web

import (
	"net/http/cookiejar"
	"strings"
	"testing"
)

// A record written in one language tells an editor how its language gets
// named (the first translation asks), and a viewer, who cannot add one,
// only that it is in one language.
func TestOneLanguageRecordSaysHowToNameIt(t *testing.T) {
	s := startAccountSite(t)
	plan := s.plan(t)
	s.signInAs(t, "ed")
	_, page := s.get(t, "/plans/"+plan.GetId())
	mustContain(t, page, "<p>Written in one language only so far. The first translation you add asks which language that is.</p>")

	s.http.Jar, _ = cookiejar.New(nil)
	s.signInAs(t, "vi")
	_, page = s.get(t, "/plans/"+plan.GetId())
	mustContain(t, page, "<p>Written in one language only so far.</p>")
	if strings.Contains(page, "has not named yet") {
		t.Fatal("the old wording is back")
	}
}
