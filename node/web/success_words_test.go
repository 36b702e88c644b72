package web

import (
	"context"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Successes and endorsements name their kind in the reader's language:
// the success's link to its shared form said "(success)" in Finnish,
// and an empty list of either named it in English.
func TestSuccessPagesNameTheirKindInTheReadersLanguage(t *testing.T) {
	s := startSite(t)
	s.signIn(t)
	s.get(t, "/lang?to=fi&back=/")
	_, page := s.get(t, "/successes")
	mustContain(t, page, "Ei vielä onnistumisia.")
	_, page = s.get(t, "/endorsements")
	mustContain(t, page, "Ei vielä vahvistuksia.")

	ctx := context.Background()
	ps, err := s.api.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Liikkuva Kupittaa", s.partner(t, "Turun kaupunki"))})
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.api.CreateSuccess(ctx, &hcnetv1.CreateSuccessRequest{Success: nodetest.Success("Yksinäisyys väheni", ps.GetPartnership().GetId())})
	if err != nil {
		t.Fatal(err)
	}
	_, page = s.get(t, "/successes/"+res.GetSuccess().GetId())
	mustContain(t, page, "Mitä verkosto näkee tästä tietueesta (onnistuminen)")
	if strings.Contains(page, "(success)") {
		t.Error("the Finnish success page names its kind in English")
	}
}
