package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestPartnershipAddListEditShowDelete: a partnership added through the
// form is stored with every field (partners with roles, primary health
// care, platform, funding, decision makers, groups, dates), listed,
// edited, shown with its new values and history, and deleted once the
// practice naming it is gone.
func TestPartnershipAddListEditShowDelete(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	lead, venue := s.partner(t, "Malmö stad"), s.partner(t, "Hyresgästföreningen")

	code, page := s.get(t, "/partnerships/new")
	if code != http.StatusOK {
		t.Fatalf("new partnership form: %d", code)
	}
	mustContain(t, page, `name="role_`+lead+`"`, `<label for="role_`+venue+`">Role`, `id="funding_sources-0"`,
		`name="row:add:funding_sources"`, `id="decision_makers-0"`, `id="phc_services-0"`, `name="participatory_platform"`,
		`name="six_ps" value="people"`, `name="phc_linked" value="yes"`,
		// Where it goes, said for each visibility.
		"<strong>private</strong>: stays on this node: nothing of it is sent anywhere.", "<strong>public</strong>: goes to the city&#39;s hub, up the chain")

	// "Add another" shows the form again with one row more and saves nothing.
	code, page, _ = s.post(t, "/partnerships/new", url.Values{"csrf": {token}, "title": {"Gröna gårdar"},
		"funding_sources": {"EU Interreg"}, "row:add:funding_sources": {"Add another funding source"}})
	if code != http.StatusOK {
		t.Fatalf("add a row: %d\n%s", code, page)
	}
	mustContain(t, page, `id="funding_sources-0" name="funding_sources" value="EU Interreg"`, `id="funding_sources-1"`, `value="Gröna gårdar"`)
	if strings.Contains(page, `id="funding_sources-2"`) {
		t.Error("adding a row added two")
	}
	// A row's remove button takes that row out, keeping the others.
	_, page, _ = s.post(t, "/partnerships/new", url.Values{"csrf": {token}, "title": {"Gröna gårdar"},
		"funding_sources": {"EU Interreg", "Region Skåne grant", ""}, "row:remove:funding_sources:0": {"Remove"}})
	mustContain(t, page, `id="funding_sources-0" name="funding_sources" value="Region Skåne grant"`)
	if strings.Contains(page, "EU Interreg") {
		t.Error("the removed row is still on the form")
	}
	if n, _ := s.api.ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{}); n.GetTotalSize() != 0 {
		t.Fatal("adding or removing a row saved the partnership")
	}

	code, body, loc := s.post(t, "/partnerships/new", url.Values{
		"csrf": {token}, "title": {"Gröna gårdar i Rosengård"}, "description": {"Courtyards greened with tenants."},
		"visibility": {"public"}, "level": {"across_sectors"}, "status": {"active"},
		"partners": {lead, venue}, "role_" + lead: {"lead"}, "role_" + venue: {"provides <venues>"},
		"participatory_platform": {"district health council"}, "decision_makers": {"city council", "", "housing board"},
		"equity_groups": {"residents of Rosengård"}, "sectors": {"environment", "housing"}, "six_ps": {"", "place", "planet"},
		"phc_linked": {"", "yes"}, "phc_services": {"Rosengård health centre", ""}, "phc_engagement": {"Tenants plan the courtyards."},
		"funding_sources": {"EU Interreg", "", "Region Skåne grant"}, "start_date": {"2025-04-01"}, "end_date": {"2027-03-31"},
	})
	if code != http.StatusSeeOther || loc != "/#partnerships" {
		t.Fatalf("save: %d to %q\n%s", code, loc, body)
	}
	list, err := s.api.ListPartnerships(ctx, &hcnetv1.ListPartnershipsRequest{})
	if err != nil || len(list.GetPartnerships()) != 1 {
		t.Fatalf("stored partnerships: %v, %v", list, err)
	}
	p := list.GetPartnerships()[0]
	id := p.GetId()
	phc := p.GetPrimaryHealthCare()
	if len(p.GetPartners()) != 2 || p.GetPartners()[0].GetRole() != "lead" || p.GetPartners()[1].GetRole() != "provides <venues>" ||
		p.GetParticipatoryPlatform() != "district health council" || strings.Join(p.GetDecisionMakers(), "|") != "city council|housing board" ||
		strings.Join(p.GetFundingSources(), "|") != "EU Interreg|Region Skåne grant" || len(p.GetSixPs()) != 2 ||
		!phc.GetLinked() || strings.Join(phc.GetServices(), "|") != "Rosengård health centre" || phc.GetEngagement() != "Tenants plan the courtyards." ||
		p.GetEndDate() != "2027-03-31" || len(p.GetEquityGroups()) != 1 {
		t.Fatalf("stored partnership differs from the form: %v", p)
	}

	_, page = s.get(t, "/partnerships")
	mustContain(t, page, `<a href="/partnerships/`+id+`">Gröna gårdar i Rosengård</a>`, "<td>across sectors</td>")
	_, page = s.get(t, "/")
	mustContain(t, page, `<a href="/partnerships/`+id+`">Gröna gårdar i Rosengård</a>`)

	_, page = s.get(t, "/partnerships/"+id)
	mustContain(t, page, "<h1>Gröna gårdar i Rosengård</h1>", `<a href="/partners/`+lead+`">Malmö stad — lead</a>`,
		"Hyresgästföreningen — provides &lt;venues&gt;", "<li>EU Interreg</li>", "<li>Region Skåne grant</li>", "<li>housing board</li>",
		"<dd>district health council</dd>", "<dd>place, planet</dd>", "<dd>2025-04-01 to 2027-03-31</dd>", "<li>Rosengård health centre</li>",
		"As a public partnership it goes to the city&#39;s hub, up the chain", `<h2 id="history">History</h2>`, `<td data-label="Who">admin token</td><td data-label="What">created</td>`,
		`href="/partnerships/`+id+`/edit"`, `href="/partnerships/`+id+`/delete"`)
	if strings.Contains(page, "<venues>") {
		t.Fatal("a role reached the page unescaped")
	}

	// Edit: another role, one partner and one funding source fewer.
	_, page = s.get(t, "/partnerships/"+id+"/edit")
	mustContain(t, page, `id="role_`+lead+`" name="role_`+lead+`" value="lead"`, `value="`+venue+`" checked`,
		`id="funding_sources-1" name="funding_sources" value="Region Skåne grant"`, `id="funding_sources-2"`, `<td data-label="Who">admin token</td><td data-label="What">created</td>`)
	form := url.Values{
		"csrf": {token}, "version": {version(t, page)}, "title": {"Gröna gårdar i Rosengård"}, "visibility": {"public"},
		"level": {"across_sectors"}, "status": {"paused"}, "partners": {lead}, "role_" + lead: {"co-lead"}, "role_" + venue: {""},
		"funding_sources": {"Region Skåne grant", ""}, "decision_makers": {""}, "phc_linked": {""}, "phc_services": {""},
		"participatory_platform": {""}, "six_ps": {""},
	}
	code, body, loc = s.post(t, "/partnerships/"+id+"/edit", form)
	if code != http.StatusSeeOther || loc != "/partnerships/"+id {
		t.Fatalf("edit: %d to %q\n%s", code, loc, body)
	}
	_, page = s.get(t, loc)
	mustContain(t, page, "Partnership “Gröna gårdar i Rosengård” saved.", "<dd>paused</dd>", "Malmö stad — co-lead", "<li>Region Skåne grant</li>", `<td data-label="What">changed</td>`)
	if strings.Contains(page, "Hyresgästföreningen") || strings.Contains(page, "EU Interreg") {
		t.Error("the partnership's page still shows what the edit took out")
	}
	got, _ := s.api.GetPartnership(ctx, &hcnetv1.GetPartnershipRequest{Id: id})
	if g := got.GetPartnership(); len(g.GetPartners()) != 1 || g.GetPartners()[0].GetRole() != "co-lead" || len(g.GetFundingSources()) != 1 ||
		g.GetPrimaryHealthCare() != nil || len(g.GetSixPs()) != 0 || len(g.GetDecisionMakers()) != 0 || g.GetVersion() != 2 {
		t.Fatalf("after the edit: %v", g)
	}

	// A practice that came out of it keeps it from being deleted; the
	// confirmation names the practice and offers no delete.
	pr := nodetest.Practice("Courtyard gardening")
	pr.PartnershipIds = []string{id}
	made, err := s.api.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: pr})
	if err != nil {
		t.Fatal(err)
	}
	// The practice is named by its title in the reader's language.
	_, page = s.get(t, "/partnerships/"+id+"/delete")
	mustContain(t, page, `<a href="/practices/`+made.GetPractice().GetId()+`">Practice “Courtyard gardening”</a>`)
	_, sv := s.getIn(t, "sv", "/partnerships/"+id+"/delete")
	mustContain(t, html.UnescapeString(sv), `<a href="/practices/`+made.GetPractice().GetId()+`">Gott exempel ”Promenadgrupper för äldre”</a>`)
	if strings.Contains(page, `action="/partnerships/`+id+`/delete"`) {
		t.Fatal("the confirmation offers to delete a partnership a practice names")
	}
	code, body, _ = s.post(t, "/partnerships/"+id+"/delete", url.Values{"csrf": {token}, "version": {"2"}})
	if code != http.StatusConflict || !strings.Contains(body, "other records still name this partnership") {
		t.Fatalf("delete while named: %d\n%s", code, body)
	}
	if _, err := s.api.DeletePractice(ctx, &hcnetv1.DeletePracticeRequest{Id: made.GetPractice().GetId()}); err != nil {
		t.Fatal(err)
	}
	_, page = s.get(t, "/partnerships/"+id+"/delete")
	mustContain(t, page, "Delete partnership “Gröna gårdar i Rosengård”", "A withdrawal notice goes the way the record went", "Delete the partnership")
	code, body, loc = s.post(t, "/partnerships/"+id+"/delete", url.Values{"csrf": {token}, "version": {version(t, page)}})
	if code != http.StatusSeeOther || loc != "/partnerships" {
		t.Fatalf("delete: %d to %q\n%s", code, loc, body)
	}
	if _, err := s.api.GetPartnership(ctx, &hcnetv1.GetPartnershipRequest{Id: id}); status.Code(err) != codes.NotFound {
		t.Fatalf("after delete: %v, want NotFound", err)
	}
	_, page = s.get(t, "/partnerships")
	mustContain(t, page, "The partnership “Gröna gårdar i Rosengård” was deleted.", "No partnerships yet.")
}

// TestPartnershipFormErrorsNextToRows: a role for a partner not ticked,
// and a funding source named twice, are shown next to their own inputs,
// what was typed is kept, and nothing is saved.
func TestPartnershipFormErrorsNextToRows(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	lead, other := s.partner(t, "Malmö stad"), s.partner(t, "Röda korset")
	code, page, _ := s.post(t, "/partnerships/new", url.Values{
		"csrf": {token}, "title": {"Walks"}, "visibility": {"public"}, "level": {"across_sectors"}, "status": {"active"},
		"partners": {lead}, "role_" + lead: {"lead"}, "role_" + other: {"venues"},
		"funding_sources": {"", "EU Interreg"},
	})
	if code != formStatus {
		t.Fatalf("role without partner: %d\n%s", code, page)
	}
	if got := fieldError(page, "role_"+other); !strings.Contains(got, "tick the partner too") {
		t.Errorf("next to the unticked partner's role: %q", got)
	}
	mustContain(t, page, `href="#role_`+other+`"`, `value="venues"`, `id="funding_sources-0" name="funding_sources" value="EU Interreg"`)

	code, page, _ = s.post(t, "/partnerships/new", url.Values{
		"csrf": {token}, "title": {"Walks"}, "visibility": {"public"}, "level": {"across_sectors"}, "status": {"active"},
		"partners": {lead}, "role_" + lead: {"lead"}, "funding_sources": {"EU Interreg", "", "EU Interreg"},
	})
	if code != formStatus {
		t.Fatalf("funding named twice: %d\n%s", code, page)
	}
	// The empty row is dropped, so the repeat is row 2, as the API numbers it.
	if got := fieldError(page, "funding_sources-1"); !strings.Contains(got, "repeats") {
		t.Errorf("next to the second funding source: %q\n%s", got, page)
	}
	mustContain(t, page, `href="#funding_sources-1">Funding sources, row 2: repeats`, `aria-invalid="true" aria-describedby="funding_sources-1-error"`)
	if n, _ := s.api.ListPartnerships(context.Background(), &hcnetv1.ListPartnershipsRequest{}); n.GetTotalSize() != 0 {
		t.Fatal("a refused form saved a partnership")
	}
}

// TestViewerCannotChangePartnerships: a viewer reads a partnership's
// page without links to change it, is refused its forms, and each POST
// is refused with 403 and changes nothing.
func TestViewerCannotChangePartnerships(t *testing.T) {
	s := startAccountSite(t)
	ctx := context.Background()
	res, err := s.api.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Healthy schools", s.partner(t, "Malmö stad"))})
	if err != nil {
		t.Fatal(err)
	}
	id := res.GetPartnership().GetId()
	token := s.signInAs(t, "vi")
	code, page := s.get(t, "/partnerships/"+id)
	if code != http.StatusOK {
		t.Fatalf("viewer reads the partnership: %d", code)
	}
	mustContain(t, page, "<h1>Healthy schools</h1>", `<h2 id="history">History</h2>`)
	if m := editRe.FindAllString(page, -1); len(m) > 0 {
		t.Errorf("the viewer's partnership page links to changes: %q", m)
	}
	for _, path := range []string{"/partnerships/" + id + "/edit", "/partnerships/" + id + "/delete"} {
		if code, body := s.get(t, path); code != http.StatusForbidden || !strings.Contains(body, "role viewer") {
			t.Fatalf("viewer opens %s: %d, want 403", path, code)
		}
	}
	for path, form := range map[string]url.Values{
		"/partnerships/" + id + "/edit":   {"title": {"Renamed"}, "visibility": {"public"}, "level": {"across_sectors"}, "status": {"active"}},
		"/partnerships/" + id + "/delete": {"version": {"1"}},
	} {
		form.Set("csrf", token)
		code, body, _ := s.post(t, path, form)
		if code != http.StatusForbidden || !strings.Contains(body, "Nothing was changed") {
			t.Fatalf("viewer POST %s: %d, want 403", path, code)
		}
	}
	got, err := s.api.GetPartnership(ctx, &hcnetv1.GetPartnershipRequest{Id: id})
	if err != nil || got.GetPartnership().GetTitle() != "Healthy schools" || got.GetPartnership().GetVersion() != 1 {
		t.Fatalf("a viewer changed the partnership: %v, %v", got.GetPartnership(), err)
	}
}
