package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestPartnerPageShowsHistory: a partner's page lists its changes, newest
// first, under the names of those who made them.
func TestPartnerPageShowsHistory(t *testing.T) {
	s := startAccountSite(t)
	pid := s.partner(t, "Region Skåne")
	tok := s.signInAs(t, "ed")
	_, page := s.get(t, "/partners/"+pid+"/edit")
	code, body, _ := s.post(t, "/partners/"+pid+"/edit", url.Values{"csrf": {tok}, "version": {version(t, page)},
		"organisation": {"Region Skåne, folkhälsa"}, "kind": {"ngo"}, "sector": {"health"}, "visibility": {"network"}})
	if code != http.StatusSeeOther {
		t.Fatalf("edit the partner: %d\n%s", code, body)
	}
	_, page = s.get(t, "/partners/"+pid)
	mustContain(t, page, `<h2 id="history">History</h2>`, `<td data-label="Who">ed</td><td data-label="What">changed</td>`, `<td data-label="Who">admin token</td><td data-label="What">created</td>`)
	history := page[strings.Index(page, `id="history"`):]
	if strings.Index(history, `<td data-label="Who">ed</td>`) > strings.Index(history, "created") {
		t.Error("the partner's history is not newest first")
	}
}
