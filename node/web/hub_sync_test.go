package web

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestCheckDeliveryNow: the hub page's button compares the node with a
// real hub and says what it found: nothing to repair, then a record the
// hub lost sent again, then, once the hub revoked the city, the hub's
// refusal in its own words. A node without a hub says so.
func TestCheckDeliveryNow(t *testing.T) {
	h := hubtest.Start(t)
	s := startSite(t)
	token := s.signIn(t)
	ctx := context.Background()
	if _, err := s.api.JoinHub(ctx, &hcnetv1.JoinHubRequest{HubAddr: h.Addr}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Client(t).ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{CityId: "malmo", Country: "se"}); err != nil {
		t.Fatal(err)
	}
	pr, err := s.api.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: nodetest.Practice("Walking groups")})
	if err != nil {
		t.Fatal(err)
	}
	id := pr.GetPractice().GetId()
	held := func() int64 {
		var v int64
		h.Hub.Store.DB().Read.QueryRow(`SELECT version FROM records WHERE id = ?`, id).Scan(&v)
		return v
	}
	poll.Until(t, "the practice at the hub", func() bool { return held() == 1 })

	_, page := s.get(t, "/hub")
	mustContain(t, page, `action="/hub/sync"`, "Check delivery now")
	check := func(want ...string) {
		t.Helper()
		code, body, loc := s.post(t, "/hub/sync", url.Values{"csrf": {token}})
		if code != http.StatusSeeOther || loc != "/hub" {
			t.Fatalf("POST /hub/sync: %d to %q\n%s", code, loc, body)
		}
		_, page := s.get(t, "/hub")
		mustContain(t, page, want...)
	}
	check("Delivery checked. Shared records compared with the hub: 2; already there: 2; sent again: 0.")

	if _, err := h.Hub.Store.DB().Write.Exec(`DELETE FROM records WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	check("Shared records compared with the hub: 2; already there: 1; sent again: 1.")
	poll.Until(t, "the repair delivered", func() bool { return held() == 1 })

	if _, err := h.Client(t).RevokeMember(ctx, &hcnetv1.RevokeMemberRequest{CityId: "malmo", Country: "se"}); err != nil {
		t.Fatal(err)
	}
	check("The hub refused the check: ", "as an approved member")
	_, page = s.get(t, "/hub")
	mustLack(t, page, "The hub refused the check")

	lone := startSite(t)
	token = lone.signIn(t)
	code, _, _ := lone.post(t, "/hub/sync", url.Values{"csrf": {token}})
	if code != http.StatusSeeOther {
		t.Fatalf("a node without a hub: POST /hub/sync %d", code)
	}
	_, page = lone.get(t, "/hub")
	mustContain(t, page, "The check did not run: ", "has not joined a hub")
}

// TestCheckDeliveryNowRoles: an editor has the button, a viewer has
// neither the button nor the right (403 with a valid CSRF token), and a
// forged token is refused.
func TestCheckDeliveryNowRoles(t *testing.T) {
	s := startAccountSite(t)
	token := s.signInAs(t, "ed")
	_, page := s.get(t, "/hub")
	mustContain(t, page, `action="/hub/sync"`)
	if code, _, _ := s.post(t, "/hub/sync", url.Values{"csrf": {"forged"}}); code != http.StatusForbidden {
		t.Errorf("a forged token: %d, want 403", code)
	}
	code, _, loc := s.post(t, "/hub/sync", url.Values{"csrf": {token}})
	if code != http.StatusSeeOther || loc != "/hub" {
		t.Errorf("the editor's check: %d to %q", code, loc)
	}

	s.http.Jar, _ = cookiejar.New(nil)
	token = s.signInAs(t, "vi")
	_, page = s.get(t, "/hub")
	mustLack(t, page, `action="/hub/sync"`)
	code, body, _ := s.post(t, "/hub/sync", url.Values{"csrf": {token}})
	if code != http.StatusForbidden || !strings.Contains(body, "Nothing was changed") {
		t.Errorf("the viewer's check: %d, want 403", code)
	}
}
