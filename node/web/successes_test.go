package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestSuccessAddListEditShowDelete: a success added through the form is
// stored with every field (partner cities one a line), listed, edited,
// shown and deleted after a confirmation; what was typed is escaped.
func TestSuccessAddListEditShowDelete(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	ps, err := s.api.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Walks & talks", s.partner(t, "Region Skåne"))})
	if err != nil {
		t.Fatal(err)
	}
	psID := ps.GetPartnership().GetId()

	code, page := s.get(t, "/successes/new")
	if code != http.StatusOK {
		t.Fatalf("new success form: %d", code)
	}
	mustContain(t, page, `<option value="`+psID+`">Walks &amp; talks</option>`, `<option value="network" selected>network</option>`,
		"<strong>public</strong>: goes to the city&#39;s hub, up the chain")

	code, body, loc := s.post(t, "/successes/new", url.Values{
		"csrf": {token}, "title": {"Loneliness <down> by a third"}, "outcome": {"From 31% to 19%."}, "partnership_id": {psID},
		"date": {"2025-05-20"}, "partner_cities": {"DK/copenhagen/København\n\nse/lund"}, "sdg_goals": {"3, 11"}, "sdg_targets": {"3.4"},
		"visibility": {"public"},
	})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/successes/") {
		t.Fatalf("save: %d to %q\n%s", code, loc, body)
	}
	id := strings.TrimPrefix(loc, "/successes/")
	got, err := s.api.GetSuccess(ctx, &hcnetv1.GetSuccessRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	sc := got.GetSuccess()
	if sc.GetTitle() != "Loneliness <down> by a third" || sc.GetPartnershipId() != psID || sc.GetDate() != "2025-05-20" ||
		len(sc.GetPartnerCities()) != 2 || sc.GetPartnerCities()[0].GetCountry() != "dk" || sc.GetPartnerCities()[0].GetName() != "København" ||
		sc.GetPartnerCities()[1].GetCityId() != "lund" || len(sc.GetSdg().GetGoals()) != 2 || sc.GetVisibility() != hcnetv1.Visibility_VISIBILITY_PUBLIC {
		t.Fatalf("stored success differs from the form: %v", sc)
	}

	_, page = s.get(t, "/successes")
	mustContain(t, page, `<a href="/successes/`+id+`">Loneliness &lt;down&gt; by a third</a>`, "<td>Walks &amp; talks</td>",
		"<td>København, se/lund</td>", "<td>public</td>")

	_, page = s.get(t, "/successes/"+id+"/edit")
	mustContain(t, page, `value="Loneliness &lt;down&gt; by a third"`, `value="dk/copenhagen/København" checked> København (dk/copenhagen)`,
		`value="se/lund" checked> se/lund`, `<option value="`+psID+`" selected>`)
	code, body, loc = s.post(t, "/successes/"+id+"/edit", url.Values{
		"csrf": {token}, "version": {version(t, page)}, "title": {"Loneliness down"}, "outcome": {"From 31% to 17%."},
		"partner_cities": {"dk/copenhagen/København"}, "visibility": {"network"},
	})
	if code != http.StatusSeeOther || loc != "/successes/"+id {
		t.Fatalf("edit: %d to %q\n%s", code, loc, body)
	}
	_, page = s.get(t, loc)
	mustContain(t, page, "Success “Loneliness down” saved.", "<h1>Loneliness down</h1>", "<dd>From 31% to 17%.</dd>",
		"<dd>København (dk/copenhagen)</dd>", "<dd>network</dd>", "goes to the city&#39;s own hub only",
		"Each partner city endorses it at its own node", `<h2 id="history">History</h2>`, "changed",
		"<dd>/endorsements/new?city=malmo&amp;country=se&amp;success="+id+"</dd>")
	got, err = s.api.GetSuccess(ctx, &hcnetv1.GetSuccessRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	if sc := got.GetSuccess(); sc.GetPartnershipId() != "" || sc.GetSdg() != nil || sc.GetDate() != "" || len(sc.GetPartnerCities()) != 1 {
		t.Fatalf("the edit did not replace every field: %v", sc)
	}

	code, page = s.get(t, "/successes/"+id+"/delete")
	if code != http.StatusOK {
		t.Fatalf("confirmation: %d", code)
	}
	mustContain(t, page, "Delete success “Loneliness down”", "A withdrawal notice goes the way the record went", "Delete the success")
	code, body, loc = s.post(t, "/successes/"+id+"/delete", url.Values{"csrf": {token}, "version": {version(t, page)}})
	if code != http.StatusSeeOther || loc != "/successes" {
		t.Fatalf("delete: %d to %q\n%s", code, loc, body)
	}
	if _, err := s.api.GetSuccess(ctx, &hcnetv1.GetSuccessRequest{Id: id}); status.Code(err) != codes.NotFound {
		t.Fatalf("after delete: %v, want NotFound", err)
	}
	_, page = s.get(t, "/successes")
	mustContain(t, page, "The success “Loneliness down” was deleted.", "No successes yet.")
}

// TestSuccessFormErrorNextToField: a partner city line that is not
// COUNTRY/CITY_ID and the API's refusals each show next to their field,
// and nothing is saved.
func TestSuccessFormErrorNextToField(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	code, page, _ := s.post(t, "/successes/new", url.Values{
		"csrf": {token}, "title": {"Kept <b>as typed</b>"}, "outcome": {"x"}, "partner_cities": {"dk/copenhagen\nLund"}, "visibility": {"public"},
	})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad success: %d, want 422\n%s", code, page)
	}
	if msg := fieldError(page, "partner_cities"); !strings.Contains(msg, `line 2 ("Lund") is not COUNTRY/CITY_ID/NAME`) {
		t.Errorf("next to the partner cities: %q", msg)
	}
	mustContain(t, page, `value="Kept &lt;b&gt;as typed&lt;/b&gt;"`)

	code, page, _ = s.post(t, "/successes/new", url.Values{
		"csrf": {token}, "title": {""}, "outcome": {"x"}, "date": {"20 May"}, "visibility": {"public"},
	})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad success: %d, want 422\n%s", code, page)
	}
	for _, field := range []string{"title", "date"} {
		if fieldError(page, field) == "" {
			t.Errorf("no problem next to %s:\n%s", field, page)
		}
	}
	list, err := s.api.ListSuccesses(context.Background(), &hcnetv1.ListSuccessesRequest{})
	if err != nil || len(list.GetSuccesses()) != 0 {
		t.Fatalf("a bad form saved: %v, %v", list.GetSuccesses(), err)
	}
}

// TestEndorsementAddListEditShowDelete: a link from a partner city fills
// the form in; one click endorses; the endorsement is listed, edited,
// shown and withdrawn.
func TestEndorsementAddListEditShowDelete(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	const success = "01JB6Q8Z3V4W5X6Y7Z8A9B0C1D"

	_, page := s.get(t, "/endorsements")
	mustContain(t, page, "This node is not told of such successes", "No endorsements yet.", `href="/endorsements/new"`)
	code, page := s.get(t, "/endorsements/new?country=dk&city=copenhagen&success="+success)
	if code != http.StatusOK {
		t.Fatalf("endorsement form: %d", code)
	}
	mustContain(t, page, `id="success_country" name="success_country" value="dk"`, `value="copenhagen"`, `value="`+success+`"`, "Endorse the success")
	code, body, loc := s.post(t, "/endorsements/new", url.Values{
		"csrf": {token}, "success_country": {"dk"}, "success_city": {"copenhagen"}, "success_id": {success},
		"statement": {"Malmö <took part> from the start."}, "date": {"2025-06-01"}, "visibility": {"public"},
	})
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/endorsements/") {
		t.Fatalf("endorse: %d to %q\n%s", code, loc, body)
	}
	id := strings.TrimPrefix(loc, "/endorsements/")
	got, err := s.api.GetEndorsement(ctx, &hcnetv1.GetEndorsementRequest{Id: id})
	if err != nil {
		t.Fatal(err)
	}
	if e := got.GetEndorsement(); e.GetSuccess().GetSuccessId() != success || e.GetSuccess().GetCountry() != "dk" || e.GetStatement() != "Malmö <took part> from the start." ||
		e.GetVisibility() != hcnetv1.Visibility_VISIBILITY_PUBLIC || e.GetDate() != "2025-06-01" {
		t.Fatalf("stored endorsement differs from the form: %v", e)
	}
	_, page = s.get(t, "/endorsements")
	mustContain(t, page, `<a href="/endorsements/`+id+`">Success `+success+`</a>`, "<td>dk/copenhagen</td>", "<td>2025-06-01</td>", "<td>public</td>")

	_, page = s.get(t, "/endorsements/"+id+"/edit")
	mustContain(t, page, "Malmö &lt;took part&gt; from the start.</textarea>", "Save endorsement")
	code, body, loc = s.post(t, "/endorsements/"+id+"/edit", url.Values{
		"csrf": {token}, "version": {version(t, page)}, "success_country": {"dk"}, "success_city": {"copenhagen"}, "success_id": {success},
		"statement": {"Confirmed by the city council."}, "visibility": {"network"},
	})
	if code != http.StatusSeeOther || loc != "/endorsements/"+id {
		t.Fatalf("edit: %d to %q\n%s", code, loc, body)
	}
	_, page = s.get(t, loc)
	mustContain(t, page, "<dd>Confirmed by the city council.</dd>", "<dd>network</dd>", "<dd>dk/copenhagen</dd>", "<dd>"+success+"</dd>")

	_, page = s.get(t, "/endorsements/"+id+"/delete")
	mustContain(t, page, "Delete endorsement “Success "+success+" (dk/copenhagen)”")
	code, body, loc = s.post(t, "/endorsements/"+id+"/delete", url.Values{"csrf": {token}, "version": {version(t, page)}})
	if code != http.StatusSeeOther || loc != "/endorsements" {
		t.Fatalf("delete: %d to %q\n%s", code, loc, body)
	}
	if _, err := s.api.GetEndorsement(ctx, &hcnetv1.GetEndorsementRequest{Id: id}); status.Code(err) != codes.NotFound {
		t.Fatalf("after delete: %v, want NotFound", err)
	}
}

// TestEndorsementFormErrorNextToField: a success named wrongly comes
// back with each problem next to its input, and nothing is saved.
func TestEndorsementFormErrorNextToField(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	code, page, _ := s.post(t, "/endorsements/new", url.Values{
		"csrf": {token}, "success_country": {"denmark"}, "success_city": {""}, "success_id": {"not an id"}, "visibility": {"public"},
	})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("bad endorsement: %d, want 422\n%s", code, page)
	}
	for _, field := range []string{"success_country", "success_city", "success_id"} {
		if fieldError(page, field) == "" {
			t.Errorf("no problem next to %s:\n%s", field, page)
		}
	}
	list, err := s.api.ListEndorsements(context.Background(), &hcnetv1.ListEndorsementsRequest{})
	if err != nil || len(list.GetEndorsements()) != 0 {
		t.Fatalf("a bad form saved: %v, %v", list.GetEndorsements(), err)
	}
}

// TestViewerCannotChangeSuccessesOrEndorsements: a viewer reads both
// lists and pages, is refused every form, and each POST is refused with
// 403 and nothing changes.
func TestViewerCannotChangeSuccessesOrEndorsements(t *testing.T) {
	s := startAccountSite(t)
	ctx := context.Background()
	sc, err := s.api.CreateSuccess(ctx, &hcnetv1.CreateSuccessRequest{Success: nodetest.Success("Walks for all", "")})
	if err != nil {
		t.Fatal(err)
	}
	en, err := s.api.CreateEndorsement(ctx, &hcnetv1.CreateEndorsementRequest{Endorsement: nodetest.Endorsement("01JB6Q8Z3V4W5X6Y7Z8A9B0C1D")})
	if err != nil {
		t.Fatal(err)
	}
	sid, eid := sc.GetSuccess().GetId(), en.GetEndorsement().GetId()
	token := s.signInAs(t, "vi")
	for _, path := range []string{"/successes", "/successes/" + sid, "/endorsements", "/endorsements/" + eid} {
		if code, _ := s.get(t, path); code != http.StatusOK {
			t.Fatalf("viewer reads %s: %d", path, code)
		}
	}
	for _, path := range []string{"/successes/new", "/successes/" + sid + "/edit", "/successes/" + sid + "/delete",
		"/endorsements/new", "/endorsements/" + eid + "/edit", "/endorsements/" + eid + "/delete"} {
		if code, _ := s.get(t, path); code != http.StatusForbidden {
			t.Fatalf("viewer opens %s: %d, want 403", path, code)
		}
	}
	for path, form := range map[string]url.Values{
		"/successes/new":                   {"title": {"Mallory"}, "outcome": {"x"}, "visibility": {"public"}},
		"/successes/" + sid + "/edit":      {"title": {"Renamed"}, "outcome": {"x"}, "visibility": {"public"}},
		"/successes/" + sid + "/delete":    {"version": {"1"}},
		"/endorsements/new":                {"success_country": {"dk"}, "success_city": {"copenhagen"}, "success_id": {"01JB6Q8Z3V4W5X6Y7Z8A9B0C1E"}, "visibility": {"public"}},
		"/endorsements/" + eid + "/edit":   {"statement": {"Renamed"}, "visibility": {"public"}},
		"/endorsements/" + eid + "/delete": {"version": {"1"}},
	} {
		form.Set("csrf", token)
		code, body, _ := s.post(t, path, form)
		if code != http.StatusForbidden {
			t.Fatalf("viewer POST %s: %d, want 403", path, code)
		}
		mustContain(t, body, "role viewer", "Nothing was changed")
	}
	ss, err := s.api.ListSuccesses(ctx, &hcnetv1.ListSuccessesRequest{})
	if err != nil || len(ss.GetSuccesses()) != 1 || ss.GetSuccesses()[0].GetVersion() != 1 {
		t.Fatalf("a viewer changed successes: %v, %v", ss.GetSuccesses(), err)
	}
	es, err := s.api.ListEndorsements(ctx, &hcnetv1.ListEndorsementsRequest{})
	if err != nil || len(es.GetEndorsements()) != 1 || es.GetEndorsements()[0].GetVersion() != 1 {
		t.Fatalf("a viewer changed endorsements: %v, %v", es.GetEndorsements(), err)
	}
}

// TestSuccessDeleteRefusedWhileEndorsed: the city's own endorsement of
// its success names it, so the success is not deleted; the confirmation
// names the endorsement instead of offering the button.
func TestSuccessDeleteRefusedWhileEndorsed(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	sc, err := s.api.CreateSuccess(ctx, &hcnetv1.CreateSuccessRequest{Success: nodetest.Success("Walks for all", "")})
	if err != nil {
		t.Fatal(err)
	}
	id := sc.GetSuccess().GetId()
	e := nodetest.Endorsement(id)
	e.Success.Country, e.Success.CityId = "se", "malmo"
	en, err := s.api.CreateEndorsement(ctx, &hcnetv1.CreateEndorsementRequest{Endorsement: e})
	if err != nil {
		t.Fatal(err)
	}
	_, page := s.get(t, "/successes/"+id)
	mustContain(t, page, "<h2>Named by</h2>", `href="/endorsements/`+en.GetEndorsement().GetId()+`"`)
	_, page = s.get(t, "/successes/"+id+"/delete")
	mustContain(t, page, "cannot be deleted while these records name it", "Endorsement of “Walks for all” from Malmö")
	if strings.Contains(page, "Delete the success") {
		t.Fatal("the page offers to delete an endorsed success")
	}
	if code, body, _ := s.post(t, "/successes/"+id+"/delete", url.Values{"csrf": {token}, "version": {"1"}}); code != http.StatusConflict {
		t.Fatalf("delete an endorsed success: %d, want 409\n%s", code, body)
	}
	if _, err := s.api.GetSuccess(ctx, &hcnetv1.GetSuccessRequest{Id: id}); err != nil {
		t.Fatalf("success gone after a refused delete: %v", err)
	}
}
