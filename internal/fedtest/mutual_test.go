package fedtest

import (
	"context"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// hubRecord is what the hub tells about a record, through its gRPC API.
func hubRecord(t *testing.T, h *hubtest.Hub, id string) *hcnetv1.GetRecordResponse {
	t.Helper()
	resp, err := h.Client(t).GetRecord(context.Background(), &hcnetv1.GetRecordRequest{Id: id})
	if err != nil {
		t.Fatalf("get %s at the hub: %v", id, err)
	}
	return resp
}

// endorsementLine is a success's endorsements at the hub, as one line.
func endorsementLine(t *testing.T, h *hubtest.Hub, id string) string {
	t.Helper()
	e := hubRecord(t, h, id).GetEndorsements()
	line := "partners=" + strings.Join(e.GetPartnerCities(), ",") + " endorsed=" + strings.Join(e.GetEndorsedBy(), ",")
	if e.GetMutual() {
		line += " mutual"
	}
	return line
}

func endorse(t *testing.T, n *nodetest.Node, success string) {
	t.Helper()
	_, err := n.Client(t).CreateEndorsement(context.Background(), &hcnetv1.CreateEndorsementRequest{Endorsement: &hcnetv1.Endorsement{
		Visibility: hcnetv1.Visibility_VISIBILITY_NETWORK,
		Success:    &hcnetv1.SuccessRef{Country: "se", CityId: "malmo", SuccessId: success},
		Statement:  "Vi står bakom resultatet", Date: "2025-05-20",
	}})
	if err != nil {
		t.Fatalf("endorse at %s: %v", n.CityID, err)
	}
}

// Three cities on one national hub: Malmö's success names Lund and Umeå,
// which endorse it one after the other; Lund adopts a Malmö practice.
func TestMutualSuccessAndAdoption(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	malmo := nodetest.StartWith(t, nodetest.Options{CityID: "malmo", Name: "Malmö", Country: "se"})
	lund := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	umea := nodetest.StartWith(t, nodetest.Options{CityID: "umea", Name: "Umeå", Country: "se"})
	for _, n := range []*nodetest.Node{malmo, lund, umea} {
		member(t, h, n, true)
	}

	res, err := malmo.Client(t).CreateSuccess(ctx, &hcnetv1.CreateSuccessRequest{Success: &hcnetv1.Success{
		Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC,
		Title:      "Mötesplatser i tre städer", Outcome: "Färre ensamma äldre i alla tre städerna", Date: "2025-05-01",
		PartnerCities: []*hcnetv1.CityRef{{Country: "se", CityId: "lund", Name: "Lund"}, {Country: "se", CityId: "umea", Name: "Umeå"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	success := res.GetSuccess().GetId()
	poll.Until(t, "success at the hub", func() bool { return hubVersion(t, h, success) == 1 })

	mutual := func() int64 {
		st, err := h.Client(t).GetStats(ctx, &hcnetv1.GetStatsRequest{})
		if err != nil {
			t.Fatal(err)
		}
		return st.GetMutualSuccesses()
	}
	for _, step := range []struct {
		title  string
		by     *nodetest.Node // the city that endorses; nil for none
		want   string
		mutual int64
	}{
		{title: "nobody has endorsed", want: "partners=se/lund,se/umea endorsed="},
		{title: "Lund endorses", by: lund, want: "partners=se/lund,se/umea endorsed=se/lund"},
		{title: "Umeå endorses", by: umea, want: "partners=se/lund,se/umea endorsed=se/lund,se/umea mutual", mutual: 1},
	} {
		t.Run(step.title, func(t *testing.T) {
			if step.by != nil {
				endorse(t, step.by, success)
			}
			var got string
			poll.Until(t, step.want, func() bool { got = endorsementLine(t, h, success); return got == step.want })
			if n := mutual(); n != step.mutual {
				t.Errorf("stats: %d mutual successes, want %d", n, step.mutual)
			}
		})
	}

	orig, err := malmo.Client(t).CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Mötesplatser mot ensamhet", hcnetv1.Visibility_VISIBILITY_PUBLIC)})
	if err != nil {
		t.Fatal(err)
	}
	p := practice("Mötesplatser i Lund", hcnetv1.Visibility_VISIBILITY_PUBLIC)
	p.AdoptedFrom = &hcnetv1.PracticeRef{Country: "se", CityId: "malmo", PracticeId: orig.GetPractice().GetId()}
	adoption, err := lund.Client(t).CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: p})
	if err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "both practices at the hub", func() bool {
		return hubVersion(t, h, orig.GetPractice().GetId()) == 1 && hubVersion(t, h, adoption.GetPractice().GetId()) == 1
	})
	a := hubRecord(t, h, orig.GetPractice().GetId()).GetAdoptions()
	if len(a) != 1 || a[0].GetCityId() != "lund" || a[0].GetId() != adoption.GetPractice().GetId() {
		t.Errorf("Malmö's practice lists adoptions %v, want Lund's", a)
	}
	back := hubRecord(t, h, adoption.GetPractice().GetId())
	if from := back.GetAdoptedFrom(); from.GetCityId() != "malmo" || from.GetId() != orig.GetPractice().GetId() || from.GetTitle() != "Mötesplatser mot ensamhet" {
		t.Errorf("Lund's practice adopted from %v", from)
	}
	var at []string
	for _, hop := range back.GetRecord().GetPath() {
		at = append(at, hop.GetAt())
	}
	if got := strings.Join(at, " → "); got != "se/lund → se-net" {
		t.Errorf("path %q, want se/lund → se-net", got)
	}
}
