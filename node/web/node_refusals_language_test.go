package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestNodeRefusalsOfKindsInSwedish: the node's refusals of a record of
// another kind than the one asked for reach a Swedish officer in Swedish,
// the kinds named in Swedish: a form naming a plan as a success's
// partnership, and an upload whose row holds a plan's id.
func TestNodeRefusalsOfKindsInSwedish(t *testing.T) {
	s := startSite(t)
	token := s.signIn(t)
	plan := s.planTitled(t, "Malmö hälsoplan")

	code, page, _ := s.postIn(t, "sv", "/successes/new", url.Values{
		"csrf": {token}, "title": {"Färre ensamma"}, "outcome": {"Färre ensamma äldre"}, "partnership_id": {plan},
		"date": {"2025-05-20"}, "visibility": {"network"},
	})
	if code != formStatus {
		t.Fatalf("a success naming a plan as its partnership: %d\n%s", code, page)
	}
	if got, want := errorIn(page, "partnership_id"), plan+" är av typen hälsoplan, inte partnerskap"; got != want {
		t.Errorf("next to the partnership: %q, want %q", got, want)
	}

	code, page = s.uploadIn(t, "sv", "partnerships", token, "p.csv", "id,title,level,status,visibility\n"+plan+",Promenader,across_sectors,active,network\n")
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("a row with a plan's id: %d\n%s", code, page)
	}
	mustContain(t, html.UnescapeString(page), plan+" är av typen hälsoplan på den här noden")

	// A hub's address without a port, on the Hub page's form.
	code, page, _ = s.postIn(t, "sv", "/hub/join", url.Values{"csrf": {token}, "hub_addr": {"hub.example.se"}})
	if code != http.StatusUnprocessableEntity {
		t.Fatalf("a hub address without a port: %d\n%s", code, page)
	}
	if got, want := errorIn(page, "hub_addr"), `"hub.example.se" är inte på formen värd:port, till exempel hub.healthycities.se:7500`; got != want {
		t.Errorf("next to the hub address: %q, want %q", got, want)
	}

	// The same refusals through the API stay English, for hcctl.
	_, err := s.api.CreateSuccess(context.Background(), &hcnetv1.CreateSuccessRequest{Success: nodetest.Success("Färre ensamma", plan)})
	if err == nil {
		t.Fatal("the API took a plan as a success's partnership")
	}
	mustContain(t, err.Error(), plan+" is a plan, not a partnership")
}
