package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// TestCityProfileEditShown: the profile page is in the navigation, the
// form replaces every field a person writes, and the page then shows
// each of them, escaped, with the id and country unchanged.
func TestCityProfileEditShown(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	before, err := s.api.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	_, page := s.get(t, "/")
	mustContain(t, page, `<a href="/city">City profile</a>`)
	code, page := s.get(t, "/city")
	if code != http.StatusOK {
		t.Fatalf("profile: %d\n%s", code, page)
	}
	mustContain(t, page, `href="/city/edit"`, "<dd>"+before.GetCity().GetId()+"</dd>", `<h2 id="history">History</h2>`)

	code, page = s.get(t, "/city/edit")
	if code != http.StatusOK {
		t.Fatalf("form: %d", code)
	}
	mustContain(t, page, `value="`+before.GetCity().GetName()+`"`, `<label for="population">Population</label>`,
		"<strong>public</strong>: goes to the city&#39;s hub, up the chain")
	code, body, loc := s.post(t, "/city/edit", url.Values{
		"csrf": {token}, "version": {version(t, page)}, "name": {"Malmö <stad>"}, "region": {"Skåne"},
		"population": {"357 377"}, "languages": {"sv, en, ar"}, "website": {"https://malmo.example.se"},
		"description": {"A city of 186 nationalities."}, "member_since": {"1988"}, "visibility": {"public"},
		"coordinator_name": {"Åsa Öberg"}, "coordinator_role": {"Healthy City coordinator"},
		"coordinator_email": {"asa@example.se"}, "coordinator_phone": {"+46 40 34 10 00"},
	})
	if code != http.StatusSeeOther || loc != "/city" {
		t.Fatalf("save: %d to %q\n%s", code, loc, body)
	}
	got, err := s.api.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	c := got.GetCity()
	if c.GetName() != "Malmö <stad>" || c.GetRegion() != "Skåne" || c.GetPopulation() != 357377 || strings.Join(c.GetLanguages(), ",") != "sv,en,ar" ||
		c.GetWebsite() != "https://malmo.example.se" || c.GetMemberSince() != 1988 || c.GetVisibility() != hcnetv1.Visibility_VISIBILITY_PUBLIC ||
		c.GetCoordinator().GetEmail() != "asa@example.se" || c.GetCoordinator().GetRole() != "Healthy City coordinator" ||
		c.GetId() != before.GetCity().GetId() || c.GetCountry() != before.GetCity().GetCountry() || c.GetVersion() != before.GetCity().GetVersion()+1 {
		t.Fatalf("stored profile differs from the form: %v", c)
	}
	_, page = s.get(t, "/city")
	mustContain(t, page, "The city profile of “Malmö &lt;stad&gt;” was saved.", "<h1>Malmö &lt;stad&gt;</h1>", "<dd>Skåne</dd>", "<dd>357377</dd>",
		"<dd>sv, en, ar</dd>", "<dd>1988</dd>", "<dd>Åsa Öberg, Healthy City coordinator</dd>", `href="mailto:asa@example.se"`,
		"As a public profile it goes to the city&#39;s hub", "The coordinator&#39;s contact never leaves this node.",
		// The history names the change.
		`<td data-label="What">changed</td><td class="num" data-label="Version">`+strconv.FormatInt(c.GetVersion(), 10)+"</td>")
	if strings.Contains(page, "could not be read") {
		t.Fatal("the profile's history was not read")
	}
	if strings.Contains(page, "<stad>") {
		t.Fatal("the profile shows the name unescaped")
	}

	// Emptying the optional fields clears them: the form is the whole profile.
	_, page = s.get(t, "/city/edit")
	if code, body, _ := s.post(t, "/city/edit", url.Values{"csrf": {token}, "version": {version(t, page)}, "name": {"Malmö"}, "visibility": {"network"}}); code != http.StatusSeeOther {
		t.Fatalf("save with only the name: %d\n%s", code, body)
	}
	got, _ = s.api.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if c := got.GetCity(); c.GetPopulation() != 0 || c.GetCoordinator() != nil || len(c.GetLanguages()) != 0 || c.GetCountry() != before.GetCity().GetCountry() {
		t.Fatalf("the form did not replace every field: %v", c)
	}
}

// TestCityFormErrorsNextToFields: each problem shows next to its field,
// what was typed stays, and nothing is saved; a profile changed since the
// form was opened is not overwritten.
func TestCityFormErrorsNextToFields(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	_, page := s.get(t, "/city/edit")
	opened := version(t, page)
	bad := url.Values{
		"csrf": {token}, "version": {opened}, "name": {""}, "population": {"many"}, "visibility": {"network"},
		"languages": {"sv"}, "description": {"Kept <b>as typed</b>"},
	}
	code, page, _ := s.post(t, "/city/edit", bad)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad profile: %d, want 422\n%s", code, page)
	}
	if msg := fieldError(page, "population"); !strings.Contains(msg, "whole number") {
		t.Fatalf("next to the population: %q", msg)
	}
	mustContain(t, page, "Kept &lt;b&gt;as typed&lt;/b&gt;", `value="many"`, `name="version" value="`+opened+`"`)

	// With the number right, the node's own words show next to the name,
	// the website, the languages and the coordinator's e-mail.
	bad.Set("population", "1000")
	bad.Set("website", "javascript:alert(1)")
	bad.Set("languages", "sv, not a language")
	bad.Set("coordinator_email", "nobody")
	code, page, _ = s.post(t, "/city/edit", bad)
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad profile: %d, want 422\n%s", code, page)
	}
	for _, field := range []string{"name", "website", "languages", "coordinator_email"} {
		if fieldError(page, field) == "" {
			t.Errorf("no error next to %s:\n%s", field, page)
		}
	}
	got, err := s.api.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if got.GetCity().GetName() == "" || got.GetCity().GetPopulation() == 1000 || opened != strconv.FormatInt(got.GetCity().GetVersion(), 10) {
		t.Fatalf("a refused form saved: %v", got.GetCity())
	}

	// Someone else saves meanwhile: the form opened before is refused.
	if _, err := s.api.UpdateCity(ctx, &hcnetv1.UpdateCityRequest{City: &hcnetv1.City{Region: "Skåne"}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"region"}}}); err != nil {
		t.Fatal(err)
	}
	code, page, _ = s.post(t, "/city/edit", url.Values{"csrf": {token}, "version": {opened}, "name": {"Malmö stad"}, "visibility": {"network"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("stale profile: %d, want 422\n%s", code, page)
	}
	mustContain(t, page, "Someone changed this record while you were editing it.")
	got, _ = s.api.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if got.GetCity().GetName() == "Malmö stad" || got.GetCity().GetRegion() != "Skåne" {
		t.Fatalf("a stale form overwrote the profile: %v", got.GetCity())
	}
}

// TestViewerCannotEditTheCity: a viewer reads the profile without an
// edit link; the form and a POST to it are refused and change nothing.
func TestViewerCannotEditTheCity(t *testing.T) {
	s := startAccountSite(t)
	token := s.signInAs(t, "vi")
	code, page := s.get(t, "/city")
	if code != http.StatusOK {
		t.Fatalf("viewer's profile: %d", code)
	}
	if strings.Contains(page, "/city/edit") {
		t.Fatal("a viewer's profile links to its form")
	}
	if code, _ := s.get(t, "/city/edit"); code != http.StatusForbidden {
		t.Fatalf("viewer GET /city/edit: %d, want 403", code)
	}
	code, body, _ := s.post(t, "/city/edit", url.Values{"csrf": {token}, "name": {"Mallory"}, "visibility": {"public"}})
	if code != http.StatusForbidden {
		t.Fatalf("viewer POST /city/edit: %d, want 403", code)
	}
	mustContain(t, body, "role viewer", "Nothing was changed")
	got, _ := s.api.GetCity(context.Background(), &hcnetv1.GetCityRequest{})
	if got.GetCity().GetName() == "Mallory" {
		t.Fatal("a viewer's POST renamed the city")
	}
}
