package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/envelope"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
)

// TestNetworkCityOverriddenByTheCoordinator: a member hub's city that the
// coordinator revoked is listed under the network as not counted, with
// the decision that overrides the hub's word, and is left out of the
// totals; a city only the hub vouches for is judged on its own, as a
// new member since the attestation.
func TestNetworkCityOverriddenByTheCoordinator(t *testing.T) {
	ctx := context.Background()
	nw := startNetwork(t)
	apply := func(id, name string, asHub bool) {
		kp, _ := nkeys.CreateUser()
		nonce := make([]byte, 12)
		rand.Read(nonce)
		req, err := envelope.SignJoin(kp, &hcnetv1.JoinApplication{CityId: id, Country: "se", Name: name, HubId: "se-net", Hub: asHub},
			hex.EncodeToString(nonce), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := nw.hub.Client(t).Join(ctx, req); err != nil {
			t.Fatalf("join %s: %v", id, err)
		}
	}
	c := nw.hub.Client(t)
	apply("north-net", "Northern Hub Network", true)
	if _, err := c.ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{Country: "se", CityId: "north-net", Hub: true}); err != nil {
		t.Fatal(err)
	}
	apply("revokedtown", "Revokedtown Kommun", false)
	if _, err := c.ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{Country: "se", CityId: "revokedtown"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RevokeMember(ctx, &hcnetv1.RevokeMemberRequest{Country: "se", CityId: "revokedtown"}); err != nil {
		t.Fatal(err)
	}
	for _, city := range []string{"kiruna", "revokedtown"} {
		if _, err := nw.hub.Hub.Store.DB().Write.Exec(`INSERT INTO attested_keys (country, city_id, hub_id, public_key, revoked, attest_time)
			VALUES ('se', ?, 'north-net', 'UKEY', 0, '2026-01-01T00:00:00.000000000Z')`, city); err != nil {
			t.Fatal(err)
		}
	}
	_, _, page := nw.get(t, "/members")

	var rows []string
	for _, r := range strings.Split(page, "<tr") {
		if strings.Contains(r, `class="network-city"`) {
			rows = append(rows, r)
		}
	}
	if len(rows) != 2 || !strings.Contains(rows[0], ">kiruna<") || !strings.Contains(rows[1], ">revokedtown<") {
		t.Fatalf("the network's city rows: %q", rows)
	}
	for _, want := range []string{`<span class="status amber">New member, nothing shared yet</span>`, `<td class="num" data-label="Records">0</td>`,
		"Vouched for by Northern Hub Network since 2026-01-01"} {
		if !strings.Contains(rows[0], want) {
			t.Errorf("kiruna's row lacks %q:\n%s", want, rows[0])
		}
	}
	if strings.Contains(rows[0], "Not counted") {
		t.Errorf("kiruna's attestation is shown as overridden:\n%s", rows[0])
	}
	for _, want := range []string{`<span class="status grey">Not a member</span>`, "Not counted: the coordinator&#39;s own decision here is revoked"} {
		if !strings.Contains(rows[1], want) {
			t.Errorf("revokedtown's row lacks %q:\n%s", want, rows[1])
		}
	}
	// Malmö reports; kiruna is amber; Revokedtown counts once, as the
	// member it no longer is, not again under the network.
	mustContain(t, page, "1 reporting · 1 partly · 0 overdue · 1 no longer a member", "Judged per city, below: 0 of 2 reporting")
}
