package cli

import (
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
)

// TestPartnershipShowsPartnerNames: add and get show members by
// organisation, with the id only where two partners share the name.
func TestPartnershipShowsPartnerNames(t *testing.T) {
	n := nodetest.Start(t)
	city := addPartner(t, n, "--organisation", "Malmö stad", "--kind", "local_government_department", "--sector", "urban_planning")
	rk1 := addPartner(t, n, "--organisation", "Röda korset", "--kind", "ngo", "--sector", "social_services")
	rk2 := addPartner(t, n, "--organisation", "Röda korset", "--kind", "ngo", "--sector", "health")

	added := ok(t, n, "partnership", "add", "--title", "Besök", "--level", "across_sectors", "--status", "active", "--visibility", "network",
		"--partner", "Malmö stad:lead", "--partner", rk1.GetId()+":volunteers", "--partner", rk2.GetId())
	id := ""
	for _, line := range strings.Split(added, "\n") {
		if v, ok := strings.CutPrefix(line, "id:"); ok {
			id = strings.TrimSpace(v)
		}
	}
	if id == "" {
		t.Fatalf("no id in:\n%s", added)
	}
	for _, out := range []string{added, ok(t, n, "partnership", "get", id)} {
		for _, want := range []string{"Malmö stad (lead)", "Röda korset [" + rk1.GetId() + "] (volunteers)", "Röda korset [" + rk2.GetId() + "]"} {
			if !strings.Contains(out, want) {
				t.Errorf("%q missing from:\n%s", want, out)
			}
		}
		if strings.Contains(out, city.GetId()) {
			t.Errorf("the partner with a name of its own is shown by id:\n%s", out)
		}
	}
}
