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
)

// TestEndorsementNamedOnSuccessAndDeletePages: the success page's
// "Named by" list, the success's and the endorsement's delete
// confirmations name an endorsement by the success's title in the
// reader's language and the city by its name, never by their ids: this
// city's own success as the node holds it, another city's as the hub
// names it.
func TestEndorsementNamedOnSuccessAndDeletePages(t *testing.T) {
	const lundID = "01JCPHSXCCESS0000000000001"
	s, _ := startNamingSite(t, []*hcnetv1.NamingSuccess{
		{Country: "se", CityId: "lund", CityName: "Lund", Success: &hcnetv1.Success{Id: lundID, Title: "Cykelvägar över <kommungränsen>"}},
	})
	token := s.signIn(t)
	ctx := context.Background()
	ps, err := s.api.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Walks", s.partner(t, "Region Skåne"))})
	if err != nil {
		t.Fatal(err)
	}
	sc := nodetest.Success("Loneliness down", ps.GetPartnership().GetId())
	sc.OriginalLanguage = "en"
	sc.Translations = map[string]*hcnetv1.Translation{"sv": {Fields: map[string]string{"title": "Färre ensamma"}}}
	res, err := s.api.CreateSuccess(ctx, &hcnetv1.CreateSuccessRequest{Success: sc})
	if err != nil {
		t.Fatal(err)
	}
	id := res.GetSuccess().GetId()
	own := nodetest.Endorsement(id)
	own.Success.Country, own.Success.CityId = "se", "malmo"
	en, err := s.api.CreateEndorsement(ctx, &hcnetv1.CreateEndorsementRequest{Endorsement: own})
	if err != nil {
		t.Fatal(err)
	}
	eid := en.GetEndorsement().GetId()
	lund := nodetest.Endorsement(lundID)
	lund.Success.Country, lund.Success.CityId = "se", "lund"
	ln, err := s.api.CreateEndorsement(ctx, &hcnetv1.CreateEndorsementRequest{Endorsement: lund})
	if err != nil {
		t.Fatal(err)
	}

	for _, tt := range []struct {
		lang, named, deleting, deletingLund string
	}{
		{"sv", "Bekräftelse av ”Färre ensamma” från Malmö", "Radera bekräftelse ”Färre ensamma (Malmö)”", "Radera bekräftelse ”Cykelvägar över <kommungränsen> (Lund)”"},
		{"en", "Endorsement of “Loneliness down” from Malmö", "Delete endorsement “Loneliness down (Malmö)”", "Delete endorsement “Cykelvägar över <kommungränsen> (Lund)”"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			link := `<a href="/endorsements/` + eid + `">` + tt.named + `</a>`
			for _, path := range []string{"/successes/" + id, "/successes/" + id + "/delete"} {
				_, page := s.getIn(t, tt.lang, path)
				page = html.UnescapeString(page)
				mustContain(t, page, link)
				if strings.Contains(page, "Success "+id) || strings.Contains(page, "se/malmo") {
					t.Errorf("%s names the endorsement by ids:\n%s", path, page)
				}
			}
			_, page := s.getIn(t, tt.lang, "/endorsements/"+eid+"/delete")
			page = html.UnescapeString(page)
			mustContain(t, page, "<h1>"+tt.deleting+"</h1>")
			if strings.Contains(page, id) {
				t.Errorf("the endorsement's delete confirmation names the success by its id:\n%s", page)
			}
			_, page = s.getIn(t, tt.lang, "/endorsements/"+ln.GetEndorsement().GetId()+"/delete")
			mustContain(t, html.UnescapeString(page), "<h1>"+tt.deletingLund+"</h1>")
			mustContain(t, page, "&lt;kommungränsen&gt;")
		})
	}

	// The Hub page's deliveries name this city's own endorsement so too.
	_, page := s.getIn(t, "sv", "/hub")
	mustContain(t, html.UnescapeString(page), "Bekräftelse av ”Färre ensamma” från Malmö")

	// Saving an endorsement says so by the success's title and city too.
	code, _, loc := s.postIn(t, "sv", "/endorsements/"+ln.GetEndorsement().GetId()+"/edit", url.Values{
		"csrf": {token}, "success_country": {"se"}, "success_city": {"lund"}, "success_id": {lundID},
		"date": {"2025-06-01"}, "visibility": {"network"},
	})
	if code != http.StatusSeeOther {
		t.Fatalf("save the endorsement: %d", code)
	}
	_, page = s.getIn(t, "sv", loc)
	mustContain(t, html.UnescapeString(page), "Bekräftelsen av ”Cykelvägar över <kommungränsen>” från Lund sparades.")
}

// TestSuccessAndEndorsementNounsInTheReadersWords: the successes' and
// endorsements' pages name their kind in the reader's words, as the
// other kinds' pages do, not by its English name.
func TestSuccessAndEndorsementNounsInTheReadersWords(t *testing.T) {
	s := startSite(t)
	s.signIn(t)
	_, page := s.getIn(t, "sv", "/successes")
	mustContain(t, page, "Inga framgångar ännu.")
	_, page = s.getIn(t, "sv", "/endorsements")
	mustContain(t, page, "Inga bekräftelser ännu.")

	ctx := context.Background()
	res, err := s.api.CreateSuccess(ctx, &hcnetv1.CreateSuccessRequest{Success: nodetest.Success("Loneliness down", "")})
	if err != nil {
		t.Fatal(err)
	}
	en, err := s.api.CreateEndorsement(ctx, &hcnetv1.CreateEndorsementRequest{Endorsement: nodetest.Endorsement(res.GetSuccess().GetId())})
	if err != nil {
		t.Fatal(err)
	}
	_, page = s.getIn(t, "sv", "/successes/"+res.GetSuccess().GetId())
	mustContain(t, page, "Vad nätverket kommer att se av denna post (framgång)")
	_, page = s.getIn(t, "sv", "/endorsements/"+en.GetEndorsement().GetId())
	mustContain(t, page, "Vad nätverket kommer att se av denna post (bekräftelse)")
}

// TestDeletePageOfNoSuchRecord: a delete confirmation for an id the node
// does not hold is a page saying so, for every kind the pages delete.
func TestDeletePageOfNoSuchRecord(t *testing.T) {
	s := startSite(t)
	s.signIn(t)
	const missing = "01JD8Z6Q2V3K5M7N9P1R3T5W7X"
	for _, list := range []string{"/partners", "/partnerships", "/plans", "/indicators", "/practices", "/successes", "/endorsements"} {
		if code, page := s.getIn(t, "sv", list+"/"+missing+"/delete"); code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404\n%s", list, code, page)
		}
	}
}
