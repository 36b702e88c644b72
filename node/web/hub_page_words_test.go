package web

import (
	"strings"
	"testing"
)

// The hub's page explains delivery without sending an officer to the
// command line: the button on the page does the check.
func TestHubPageExplainsDeliveryWithoutTheCommandLine(t *testing.T) {
	s := startSite(t)
	s.signIn(t)
	_, page := s.get(t, "/hub")
	mustContain(t, page, "Delivered means the hub acknowledged the record&#39;s latest version.", "Check delivery now")
	if strings.Contains(page, "hcctl") {
		t.Fatal("the hub's page names a command")
	}
}
