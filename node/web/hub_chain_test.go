package web

import (
	"context"
	"net/http"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestHubChainPage: the hub page links each shared record to the page
// saying which version the hub holds, current once delivered and
// behind while a newer version waits; a network record's page says it
// stops there; a record not shared is sent back to the hub page. The
// page reads in every language.
func TestHubChainPage(t *testing.T) {
	h := hubtest.Start(t)
	s := startAccountSite(t)
	ctx := context.Background()
	if _, err := s.api.JoinHub(ctx, &hcnetv1.JoinHubRequest{HubAddr: h.Addr}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Client(t).ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{CityId: "malmo", Country: "se"}); err != nil {
		t.Fatal(err)
	}
	p := nodetest.Practice("Walking groups")
	p.Visibility = hcnetv1.Visibility_VISIBILITY_NETWORK
	pr, err := s.api.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: p})
	if err != nil {
		t.Fatal(err)
	}
	id := pr.GetPractice().GetId()
	poll.Until(t, "the practice at the hub", func() bool {
		var v int64
		h.Hub.Store.DB().Read.QueryRow(`SELECT version FROM records WHERE id = ?`, id).Scan(&v)
		return v == 1
	})
	viewer := s.as(t, "vi")
	_, page := viewer.get(t, "/hub")
	mustContain(t, page, `href="/hub/records/`+id+`"`)
	code, page := viewer.get(t, "/hub/records/"+id)
	if code != http.StatusOK {
		t.Fatalf("GET the chain page: %d\n%s", code, page)
	}
	mustContain(t, page, "Promenadgrupper för äldre", h.Addr, "version 1 (current)", "Network records stop at the city&#39;s own hub by design")

	if code, _ := viewer.get(t, "/hub/records/no-such-record"); code != http.StatusSeeOther {
		t.Fatalf("a record not shared: %d, want a redirect to /hub", code)
	}
	s.signInAs(t, "ada")
	noMisses(t, func() { inEveryLanguage(t, s.site, "/hub", "/hub/records/"+id) })
}
