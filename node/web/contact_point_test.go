package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestCityContactPointSetShownCleared: the profile form publishes a named
// person who agreed as the city's contact point beside the private
// coordinator; the page shows both, each marked; choosing None with the
// fields emptied clears it and leaves the coordinator.
func TestCityContactPointSetShownCleared(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	_, page := s.get(t, "/city/edit")
	mustContain(t, page, "Contact point for other cities (optional)", "This contact is published with the city profile",
		`name="cp_kind" value="none" checked`, `name="cp_kind" value="mailbox"`, `name="cp_kind" value="person"`, `id="cp_agreed"`)
	form := url.Values{
		"csrf": {token}, "version": {version(t, page)}, "name": {"Malmö"}, "visibility": {"public"}, "cp_section": {"1"},
		"coordinator_name": {"Private Person"}, "coordinator_email": {"private.person@malmo.se"},
		"cp_kind": {"person"}, "cp_name": {"Åsa <Öberg>"}, "cp_role": {"Healthy Cities coordinator"}, "cp_email": {"asa.oberg@malmo.se"},
		"cp_phone": {"+46 40 34 10 00"}, "cp_url": {"https://malmo.se/halsa"}, "cp_agreed": {"yes"}, "cp_agreed_date": {""},
	}
	if code, body, loc := s.post(t, "/city/edit", form); code != http.StatusSeeOther || loc != "/city" {
		t.Fatalf("save: %d to %q\n%s", code, loc, body)
	}
	got, err := s.api.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	cp := got.GetCity().GetContactPoint()
	if cp.GetKind() != hcnetv1.ContactPointKind_CONTACT_POINT_KIND_PERSON || cp.GetName() != "Åsa <Öberg>" || cp.GetEmail() != "asa.oberg@malmo.se" ||
		cp.GetUrl() != "https://malmo.se/halsa" || got.GetCity().GetCoordinator().GetEmail() != "private.person@malmo.se" {
		t.Fatalf("stored profile: %v", got.GetCity())
	}
	// Ticked without a day, the agreement is dated the day it was saved.
	if d := cp.GetAgreedDate(); d != time.Now().Format(time.DateOnly) && d != time.Now().Add(-time.Hour).Format(time.DateOnly) {
		t.Fatalf("agreed on %q, want today", d)
	}
	_, page = s.get(t, "/city")
	mustContain(t, page, "<dt>Contact point for other cities (published)</dt>",
		"<li>Åsa &lt;Öberg&gt;, Healthy Cities coordinator (Named person, agreed on "+cp.GetAgreedDate()+")</li>",
		`<a href="mailto:asa.oberg@malmo.se">asa.oberg@malmo.se</a>`, `<a href="https://malmo.se/halsa">https://malmo.se/halsa</a>`,
		"<dt>Coordinator (private)</dt>")
	if strings.Contains(page, "<Öberg>") {
		t.Fatal("the contact point's name is shown unescaped")
	}
	_, page = s.get(t, "/city/edit")
	mustContain(t, page, `name="cp_kind" value="person" checked`, `value="Åsa &lt;Öberg&gt;"`, `name="cp_agreed" value="yes" checked`,
		`value="`+cp.GetAgreedDate()+`"`)

	// None with the fields emptied clears it.
	clear := url.Values{"csrf": {token}, "version": {version(t, page)}, "name": {"Malmö"}, "visibility": {"public"}, "cp_section": {"1"},
		"coordinator_name": {"Private Person"}, "coordinator_email": {"private.person@malmo.se"}, "cp_kind": {"none"}}
	if code, body, _ := s.post(t, "/city/edit", clear); code != http.StatusSeeOther {
		t.Fatalf("clear: %d\n%s", code, body)
	}
	got, _ = s.api.GetCity(ctx, &hcnetv1.GetCityRequest{})
	if got.GetCity().GetContactPoint() != nil || got.GetCity().GetCoordinator().GetName() != "Private Person" {
		t.Fatalf("after None: %v", got.GetCity())
	}
	_, page = s.get(t, "/city")
	mustContain(t, page, "<dt>Contact point for other cities (published)</dt><dd><span class=\"muted\">none</span></dd>")
}

// TestContactPointErrorsNextToFields: a named person whose agreement is
// not ticked, fields filled under None, and the node's word on a bad
// e-mail and a bad day each show next to their field, in the city
// profile and the practice form alike, and nothing is saved.
func TestContactPointErrorsNextToFields(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	_, page := s.get(t, "/city/edit")
	city := url.Values{"csrf": {token}, "version": {version(t, page)}, "name": {"Malmö"}, "visibility": {"public"}, "cp_section": {"1"}}
	practice := url.Values{"csrf": {token}, "language": {"en"}, "title": {"Walks"}, "visibility": {"network"}, "status": {"ongoing"}, "cp_section": {"1"}}
	for _, tc := range []struct {
		title string
		cp    url.Values
		want  map[string]string // input → part of its error
	}{
		{title: "a person who did not agree", cp: url.Values{"cp_kind": {"person"}, "cp_name": {"Åsa Öberg"}, "cp_email": {"asa@malmo.se"}},
			want: map[string]string{"cp_agreed": "only once they agreed"}},
		{title: "fields under None", cp: url.Values{"cp_kind": {"none"}, "cp_email": {"folkhalsa@malmo.se"}},
			want: map[string]string{"cp_kind": "say what the contact point is"}},
		{title: "a bad e-mail and day", cp: url.Values{"cp_kind": {"person"}, "cp_name": {"Åsa Öberg"}, "cp_email": {"not an address"},
			"cp_agreed": {"yes"}, "cp_agreed_date": {"last week"}},
			want: map[string]string{"cp_email": "is not an e-mail address", "cp_agreed_date": "is not a date"}},
		{title: "a person without a name", cp: url.Values{"cp_kind": {"person"}, "cp_email": {"asa@malmo.se"}, "cp_agreed": {"yes"}},
			want: map[string]string{"cp_name": "is required"}},
	} {
		for _, f := range []struct {
			path string
			form url.Values
		}{{"/city/edit", city}, {"/practices/new", practice}} {
			post := url.Values{}
			for k, v := range f.form {
				post[k] = v
			}
			for k, v := range tc.cp {
				post[k] = v
			}
			code, page, _ := s.post(t, f.path, post)
			if code != http.StatusUnprocessableEntity {
				t.Fatalf("%s at %s: %d, want 422\n%s", tc.title, f.path, code, page)
			}
			for in, want := range tc.want {
				if msg := fieldError(page, in); !strings.Contains(msg, want) {
					t.Errorf("%s at %s: next to %s %q, want %q", tc.title, f.path, in, msg, want)
				}
			}
		}
	}
	got, _ := s.api.GetCity(ctx, &hcnetv1.GetCityRequest{})
	list, _ := s.api.ListPractices(ctx, &hcnetv1.ListPracticesRequest{})
	if got.GetCity().GetContactPoint() != nil || len(list.GetPractices()) != 0 {
		t.Fatalf("a refused form saved: %v, %d practices", got.GetCity().GetContactPoint(), len(list.GetPractices()))
	}
}

// TestPracticeContactPointSetShownCleared: a practice publishes a mailbox
// beside its private contacts; the page shows it marked as published; an
// edit that leaves the section out keeps it, one with None clears it.
func TestPracticeContactPointSetShownCleared(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	_, page := s.get(t, "/practices/new")
	mustContain(t, page, "This contact is published with the practice", `name="cp_kind" value="none" checked`)
	base := url.Values{"csrf": {token}, "language": {"en"}, "title": {"Walks"}, "visibility": {"public"}, "status": {"ongoing"},
		"contact_name": {"Private Person"}, "contact_email": {"private.person@malmo.se"}}
	form := url.Values{"cp_section": {"1"}, "cp_kind": {"mailbox"}, "cp_name": {"Meeting places team"}, "cp_email": {"motesplatser@malmo.se"},
		"cp_agreed": {"yes"}, "cp_agreed_date": {"2026-01-01"}}
	for k, v := range base {
		form[k] = v
	}
	if code, body, _ := s.post(t, "/practices/new", form); code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", code, body)
	}
	list, err := s.api.ListPractices(ctx, &hcnetv1.ListPracticesRequest{})
	if err != nil || len(list.GetPractices()) != 1 {
		t.Fatalf("practices: %v, %v", list, err)
	}
	p := list.GetPractices()[0]
	// A mailbox names nobody: the agreement ticked for it is not kept.
	if cp := p.GetContactPoint(); cp.GetKind() != hcnetv1.ContactPointKind_CONTACT_POINT_KIND_MAILBOX || cp.GetEmail() != "motesplatser@malmo.se" ||
		cp.GetAgreedDate() != "" || len(p.GetContacts()) != 1 {
		t.Fatalf("stored practice: %v", p)
	}
	_, page = s.get(t, "/practices/"+p.GetId())
	mustContain(t, page, "<dt>Contact point for other cities (published)</dt>", "<li>Meeting places team (Functional mailbox)</li>",
		`<a href="mailto:motesplatser@malmo.se">`, "<dt>People to ask (private)</dt>")

	// An edit without the section keeps the contact point.
	_, page = s.get(t, "/practices/"+p.GetId()+"/edit")
	mustContain(t, page, `name="cp_kind" value="mailbox" checked`, `value="motesplatser@malmo.se"`)
	edit := url.Values{"csrf": {token}, "version": {version(t, page)}, "language": {"en"}, "title": {"Walks"}, "visibility": {"public"}, "status": {"completed"}}
	if code, body, _ := s.post(t, "/practices/"+p.GetId()+"/edit", edit); code != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", code, body)
	}
	got, _ := s.api.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: p.GetId()})
	if got.GetPractice().GetContactPoint().GetEmail() != "motesplatser@malmo.se" {
		t.Fatalf("an edit without the section lost the contact point: %v", got.GetPractice())
	}
	_, page = s.get(t, "/practices/"+p.GetId()+"/edit")
	edit.Set("version", version(t, page))
	edit.Set("cp_section", "1")
	edit.Set("cp_kind", "none")
	if code, body, _ := s.post(t, "/practices/"+p.GetId()+"/edit", edit); code != http.StatusSeeOther {
		t.Fatalf("clear: %d\n%s", code, body)
	}
	got, _ = s.api.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: p.GetId()})
	if got.GetPractice().GetContactPoint() != nil || len(got.GetPractice().GetContacts()) != 1 {
		t.Fatalf("after None: %v", got.GetPractice())
	}
}
