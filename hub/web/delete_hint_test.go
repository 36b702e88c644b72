package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
)

// TestDeleteHintOnlyWithSomethingToDelete: the words on what deleting an
// application does stand under the members table while an application
// has a Delete button, and are gone once only members are left, where
// they would explain a button nobody can see.
func TestDeleteHintOnlyWithSomethingToDelete(t *testing.T) {
	h := hubtest.Start(t)
	applyAs(t, h, "north-net", "Northern Hub Network", true)
	applyAs(t, h, "lund", "Lund", false)
	c := startCoordination(t, h)
	cora := newBrowser(t, c.srv.URL)
	cora.signIn("cora")

	const hint = `id="delete-hint"`
	_, _, page := cora.get("/members")
	mustContain(t, page, hint, `action="/members/se/lund/delete"`, `aria-describedby="delete-hint"`)

	cora.post("/members/se/north-net/approve", url.Values{"member_hub": {"true"}})
	cora.post("/members/se/lund/delete", nil)
	_, _, page = cora.get("/members")
	mustContain(t, page, "Northern Hub Network", `href="/members/se/north-net/revoke"`)
	if strings.Contains(page, "/delete") || strings.Contains(page, hint) || strings.Contains(page, "Deleting an application") {
		t.Fatalf("with no application left, the members page still explains deleting one:\n%s", page)
	}
}
