package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

var versionRe = regexp.MustCompile(`name="version" value="(\d+)"`)

// version reads the version a form or confirmation page carries.
func version(t *testing.T, page string) string {
	t.Helper()
	m := versionRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no version in page:\n%s", page)
	}
	return m[1]
}

// TestPartnerAddListEditShowDelete: a partner added through the form is
// stored with every field, listed, edited, shown with its new values and
// deleted after a confirmation; the text an officer types is escaped.
func TestPartnerAddListEditShowDelete(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()

	code, page := s.get(t, "/partners/new")
	if code != http.StatusOK {
		t.Fatalf("new partner form: %d", code)
	}
	mustContain(t, page, `<label for="organisation">Organisation</label>`, `<option value="ngo">ngo</option>`,
		`<option value="urban_planning">urban planning</option>`, `<option value="network" selected>network</option>`,
		// Where a partner goes, by record.MayCarry: a private one is never named.
		"<strong>private</strong>: never leaves this node: shared partnerships that name it show only its role in them.",
		"<strong>network</strong>: never sent on its own; its organisation, kind and sector go inside the network partnerships that name it, to the city&#39;s hub only; public partnerships show only its role in them.",
		"<strong>public</strong>: never sent on its own; its organisation, kind and sector go inside the network and public partnerships that name it.")

	code, body, loc := s.post(t, "/partners/new", url.Values{
		"csrf": {token}, "organisation": {"Röda korset <Malmö>"}, "kind": {"ngo"}, "sector": {"social_services"},
		"description": {"Runs meeting places for older people."}, "website": {"https://redcross.example.se"},
		"visibility": {"private"}, "contact_name": {"Åsa Öberg"}, "contact_role": {"coordinator"},
		"contact_email": {"asa.oberg@example.se"}, "contact_phone": {"+46 40 00 00 00"},
	})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/partners/") {
		t.Fatalf("save: %d to %q\n%s", code, loc, body)
	}
	list, err := s.api.ListPartners(ctx, &hcnetv1.ListPartnersRequest{})
	if err != nil || len(list.GetPartners()) != 1 {
		t.Fatalf("stored partners: %v, %v", list, err)
	}
	p := list.GetPartners()[0]
	if loc != "/partners/"+p.GetId() || p.GetOrganisation() != "Röda korset <Malmö>" || p.GetKind() != hcnetv1.PartnerKind_PARTNER_KIND_NGO ||
		p.GetSector() != hcnetv1.Sector_SECTOR_SOCIAL_SERVICES || p.GetVisibility() != hcnetv1.Visibility_VISIBILITY_PRIVATE ||
		p.GetWebsite() != "https://redcross.example.se" || p.GetContact().GetEmail() != "asa.oberg@example.se" || p.GetContact().GetRole() != "coordinator" {
		t.Fatalf("stored partner differs from the form (went to %q): %v", loc, p)
	}

	_, page = s.get(t, "/partners")
	mustContain(t, page, `<a href="/partners/`+p.GetId()+`">Röda korset &lt;Malmö&gt;</a>`, "<td>ngo</td>", "<td>social services</td>", "<td>private</td>")
	if strings.Contains(page, "<Malmö>") {
		t.Fatal("the list shows the organisation unescaped")
	}

	_, page = s.get(t, "/partners/"+p.GetId()+"/edit")
	mustContain(t, page, `value="Röda korset &lt;Malmö&gt;"`, `<option value="ngo" selected>`, `<option value="private" selected>`, `value="asa.oberg@example.se"`)
	code, body, loc = s.post(t, "/partners/"+p.GetId()+"/edit", url.Values{
		"csrf": {token}, "version": {version(t, page)}, "organisation": {"Röda korset Malmö"}, "kind": {"ngo"}, "sector": {"health"},
		"visibility": {"public"}, "contact_name": {"Åsa Öberg"},
	})
	if code != http.StatusSeeOther || loc != "/partners/"+p.GetId() {
		t.Fatalf("edit: %d to %q\n%s", code, loc, body)
	}
	_, page = s.get(t, loc)
	mustContain(t, page, "Partner “Röda korset Malmö” saved.", "<h1>Röda korset Malmö</h1>", "<dd>health</dd>", "<dd>public</dd>", "<dd>Åsa Öberg</dd>",
		"As a public partner it is never sent on its own", `href="/partners/`+p.GetId()+`/delete"`)
	got, err := s.api.GetPartner(ctx, &hcnetv1.GetPartnerRequest{Id: p.GetId()})
	if err != nil {
		t.Fatal(err)
	}
	if got.GetPartner().GetWebsite() != "" || got.GetPartner().GetContact().GetEmail() != "" || got.GetPartner().GetVersion() != 2 {
		t.Fatalf("the edit did not replace every field: %v", got.GetPartner())
	}

	code, page = s.get(t, "/partners/"+p.GetId()+"/delete")
	if code != http.StatusOK {
		t.Fatalf("confirmation: %d", code)
	}
	mustContain(t, page, "Delete partner “Röda korset Malmö”", "never sent anywhere on its own", `action="/partners/`+p.GetId()+`/delete"`, "Delete the partner")
	if _, err := s.api.GetPartner(ctx, &hcnetv1.GetPartnerRequest{Id: p.GetId()}); err != nil {
		t.Fatalf("the confirmation page deleted the partner: %v", err)
	}
	code, body, loc = s.post(t, "/partners/"+p.GetId()+"/delete", url.Values{"csrf": {token}, "version": {version(t, page)}})
	if code != http.StatusSeeOther || loc != "/partners" {
		t.Fatalf("delete: %d to %q\n%s", code, loc, body)
	}
	if _, err := s.api.GetPartner(ctx, &hcnetv1.GetPartnerRequest{Id: p.GetId()}); status.Code(err) != codes.NotFound {
		t.Fatalf("after delete: %v, want NotFound", err)
	}
	_, page = s.get(t, "/partners")
	mustContain(t, page, "The partner “Röda korset Malmö” was deleted.", "No partners yet.")
	if code, _ := s.get(t, "/partners/"+p.GetId()); code != http.StatusNotFound {
		t.Fatalf("deleted partner's page: %d, want 404", code)
	}
}

// TestPartnerFormErrorNextToField: bad input comes back with each
// problem next to its field, what was typed kept, and nothing saved.
func TestPartnerFormErrorNextToField(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	code, page, _ := s.post(t, "/partners/new", url.Values{
		"csrf": {token}, "organisation": {""}, "kind": {"ngo"}, "sector": {"no such sector"}, "visibility": {"network"},
		"website": {"javascript:alert(1)"}, "description": {"Kept <b>as typed</b>"}, "contact_email": {"x"},
	})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad partner: %d, want 422\n%s", code, page)
	}
	if msg := fieldError(page, "sector"); !strings.Contains(msg, `unknown sector "no such sector"`) {
		t.Fatalf("next to the sector: %q", msg)
	}
	mustContain(t, page, "Kept &lt;b&gt;as typed&lt;/b&gt;", `<option value="ngo" selected>`)
	list, err := s.api.ListPartners(context.Background(), &hcnetv1.ListPartnersRequest{})
	if err != nil || len(list.GetPartners()) != 0 {
		t.Fatalf("a bad form saved: %v, %v", list.GetPartners(), err)
	}

	// With the vocabulary right, the API's own messages show next to
	// the organisation, the website and the contact's e-mail.
	code, page, _ = s.post(t, "/partners/new", url.Values{
		"csrf": {token}, "organisation": {""}, "kind": {"ngo"}, "sector": {"health"}, "visibility": {"network"},
		"website": {"javascript:alert(1)"}, "contact_email": {"not an address"},
	})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad partner: %d, want 422\n%s", code, page)
	}
	for _, field := range []string{"organisation", "website", "contact_email"} {
		if fieldError(page, field) == "" {
			t.Errorf("no problem next to %s:\n%s", field, page)
		}
	}
	if !strings.HasSuffix(fieldError(page, "organisation"), "is required") {
		t.Errorf("next to the organisation: %q", fieldError(page, "organisation"))
	}
	if list, _ := s.api.ListPartners(context.Background(), &hcnetv1.ListPartnersRequest{}); len(list.GetPartners()) != 0 {
		t.Fatalf("a refused form saved: %v", list.GetPartners())
	}
}

// TestPartnerDeleteRefusedWhileNamed: a partner a partnership names is
// not deleted; the confirmation page names the partnership instead of
// offering the button, and a POST all the same is refused with 409.
func TestPartnerDeleteRefusedWhileNamed(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	pid := s.partner(t, "Malmö universitet")
	ps, err := s.api.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Walks & talks", pid)})
	if err != nil {
		t.Fatal(err)
	}
	_, page := s.get(t, "/partners/"+pid)
	mustContain(t, page, "<h2>Named by</h2>", "Partnership “Walks &amp; talks”")
	code, page := s.get(t, "/partners/"+pid+"/delete")
	if code != http.StatusOK {
		t.Fatalf("confirmation: %d", code)
	}
	mustContain(t, page, "cannot be deleted while these records name it", `href="/partnerships/`+ps.GetPartnership().GetId()+`/edit"`, "Partnership “Walks &amp; talks”")
	if strings.Contains(page, "Delete the partner") {
		t.Fatal("the page offers to delete a partner a partnership names")
	}
	code, body, _ := s.post(t, "/partners/"+pid+"/delete", url.Values{"csrf": {token}, "version": {"1"}})
	if code != http.StatusConflict {
		t.Fatalf("delete a named partner: %d, want 409\n%s", code, body)
	}
	mustContain(t, html.UnescapeString(body), "Nothing was deleted: other records still name this partner.", "Partnership “Walks & talks”")
	if _, err := s.api.GetPartner(ctx, &hcnetv1.GetPartnerRequest{Id: pid}); err != nil {
		t.Fatalf("partner gone after a refused delete: %v", err)
	}
}

// TestViewerCannotChangePartners: a viewer reads the partner list and
// pages, is refused the forms, and each of their POSTs is refused with
// 403 and nothing changes.
func TestViewerCannotChangePartners(t *testing.T) {
	s := startAccountSite(t)
	ctx := context.Background()
	pid := s.partner(t, "Region Skåne")
	token := s.signInAs(t, "vi")
	for _, path := range []string{"/partners", "/partners/" + pid} {
		if code, _ := s.get(t, path); code != http.StatusOK {
			t.Fatalf("viewer reads %s: %d", path, code)
		}
	}
	// The forms themselves tell a viewer at once that their role cannot.
	for _, path := range []string{"/partners/new", "/partners/" + pid + "/edit", "/partners/" + pid + "/delete"} {
		code, body := s.get(t, path)
		if code != http.StatusForbidden {
			t.Fatalf("viewer opens %s: %d, want 403", path, code)
		}
		mustContain(t, body, "role viewer")
	}
	for path, form := range map[string]url.Values{
		"/partners/new":                {"organisation": {"Mallory AB"}, "kind": {"ngo"}, "sector": {"health"}, "visibility": {"public"}},
		"/partners/" + pid + "/edit":   {"organisation": {"Renamed"}, "kind": {"ngo"}, "sector": {"health"}, "visibility": {"public"}},
		"/partners/" + pid + "/delete": {"version": {"1"}},
	} {
		form.Set("csrf", token)
		code, body, _ := s.post(t, path, form)
		if code != http.StatusForbidden {
			t.Fatalf("viewer POST %s: %d, want 403", path, code)
		}
		mustContain(t, body, "role viewer", "Nothing was changed")
	}
	list, err := s.api.ListPartners(ctx, &hcnetv1.ListPartnersRequest{})
	if err != nil || len(list.GetPartners()) != 1 || list.GetPartners()[0].GetOrganisation() != "Region Skåne" || list.GetPartners()[0].GetVersion() != 1 {
		t.Fatalf("a viewer changed partners: %v, %v", list.GetPartners(), err)
	}
}

// TestPartnerDeleteOfAChangedPartner: a delete confirmed on a page read
// before someone else's edit deletes nothing and says so.
func TestPartnerDeleteOfAChangedPartner(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	pid := s.partner(t, "Region Skåne")
	_, page := s.get(t, "/partners/"+pid+"/delete")
	read := version(t, page)
	p := nodetest.Partner("Region Skåne, folkhälsa")
	p.Id = pid
	if _, err := s.api.UpdatePartner(context.Background(), &hcnetv1.UpdatePartnerRequest{Partner: p}); err != nil {
		t.Fatal(err)
	}
	code, body, _ := s.post(t, "/partners/"+pid+"/delete", url.Values{"csrf": {token}, "version": {read}})
	if code != http.StatusConflict {
		t.Fatalf("delete at an old version: %d, want 409\n%s", code, body)
	}
	mustContain(t, body, "someone changed this partner since you opened this page", "Region Skåne, folkhälsa", `name="version" value="2"`)
	if _, err := s.api.GetPartner(context.Background(), &hcnetv1.GetPartnerRequest{Id: pid}); err != nil {
		t.Fatalf("partner gone after a refused delete: %v", err)
	}
}
