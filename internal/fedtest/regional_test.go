package fedtest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/hub/store"
	"github.com/hcnet/hcnet/internal/envelope"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/subject"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// threeLevels is a regional hub, a national hub that is its member, and
// a city that is the national hub's member.
type threeLevels struct {
	regional, national *hubtest.Hub
	city               *nodetest.Node
}

func startThreeLevels(t *testing.T) threeLevels {
	t.Helper()
	ctx := context.Background()
	regional := hubtest.StartWith(t, hub.InitOptions{ID: "eu-net", Name: "WHO European Healthy Cities Network", Level: hcnetv1.HubLevel_HUB_LEVEL_REGIONAL})
	national := hubtest.StartWith(t, hub.InitOptions{Parent: regional.Addr})
	// The national hub applies by itself on start; the regional
	// coordinator approves it.
	poll.Until(t, "national hub applies", func() bool {
		ms, err := regional.Client(t).ListMembers(ctx, &hcnetv1.ListMembersRequest{})
		return err == nil && len(ms.GetMembers()) == 1 && ms.GetMembers()[0].GetHub()
	})
	if _, err := regional.Client(t).ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{CityId: "se-net", Country: "se", Hub: true}); err != nil {
		t.Fatal(err)
	}
	city := nodetest.Start(t)
	member(t, national, city, true)
	return threeLevels{regional: regional, national: national, city: city}
}

func hubPath(t *testing.T, h *hubtest.Hub, id string) []*hcnetv1.Hop {
	t.Helper()
	var p string
	if err := h.Hub.Store.DB().Read.QueryRow(`SELECT path FROM records WHERE id = ?`, id).Scan(&p); err != nil {
		t.Fatal(err)
	}
	return store.DecodePath(p)
}

func TestThreeLevelFederation(t *testing.T) {
	ctx := context.Background()
	f := startThreeLevels(t)
	c := f.city.Client(t)

	pub, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Gå och prata", hcnetv1.Visibility_VISIBILITY_PUBLIC)})
	if err != nil {
		t.Fatal(err)
	}
	net, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Bara för nätverket", hcnetv1.Visibility_VISIBILITY_NETWORK)})
	if err != nil {
		t.Fatal(err)
	}
	id := pub.GetPractice().GetId()
	poll.Until(t, "public practice at the regional hub", func() bool { return hubVersion(t, f.regional, id) == 1 })

	// Verified through the chain: the regional hub knows the city's key
	// only from the national hub's attestation.
	var attestedBy string
	if err := f.regional.Hub.Store.DB().Read.QueryRow(`SELECT hub_id FROM attested_keys WHERE country = 'se' AND city_id = 'malmo'`).Scan(&attestedBy); err != nil || attestedBy != "se-net" {
		t.Fatalf("attested by %q (%v), want se-net", attestedBy, err)
	}
	path := hubPath(t, f.regional, id)
	var at []string
	for _, h := range path {
		at = append(at, h.GetAt())
	}
	if strings.Join(at, " → ") != "se/malmo → se-net → eu-net" {
		t.Fatalf("path %v", at)
	}
	for i := 1; i < len(path); i++ {
		if path[i].GetTime().AsTime().Before(path[i-1].GetTime().AsTime()) {
			t.Fatalf("hop %d is earlier than the hop before it: %v", i, path)
		}
	}

	// The network record reached the national hub but not the regional.
	poll.Until(t, "network practice at the national hub", func() bool { return hubVersion(t, f.national, net.GetPractice().GetId()) == 1 })
	marker, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Markör", hcnetv1.Visibility_VISIBILITY_PUBLIC)})
	if err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "marker at the regional hub", func() bool { return hubVersion(t, f.regional, marker.GetPractice().GetId()) == 1 })
	if v := hubVersion(t, f.regional, net.GetPractice().GetId()); v != 0 {
		t.Fatalf("network practice at the regional hub at version %d", v)
	}

	// Public → network: the national hub keeps it, the regional loses it.
	m := marker.GetPractice()
	m.Visibility = hcnetv1.Visibility_VISIBILITY_NETWORK
	if _, err := c.UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{Practice: m, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"visibility"}}}); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "withdrawn at the regional hub", func() bool { return hubVersion(t, f.regional, m.GetId()) == 0 })
	// The national hub's ingest and forwarder are separate consumers: the
	// withdrawal above can overtake the national commit of version 2.
	poll.Until(t, "national hub keeps version 2", func() bool { return hubVersion(t, f.national, m.GetId()) == 2 })

	// A tombstone removes the record at both levels.
	if _, err := c.DeletePractice(ctx, &hcnetv1.DeletePracticeRequest{Id: id}); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "tombstone at both levels", func() bool {
		return hubVersion(t, f.national, id) == 0 && hubVersion(t, f.regional, id) == 0
	})
}

// TestForgedAttestationIsRejected: a key the national hub never vouched
// for, published as if it had, is refused and quarantined at the regional
// hub, and records signed by it are too.
func TestForgedAttestationIsRejected(t *testing.T) {
	f := startThreeLevels(t)
	nc := hubNATS(t, f.regional)
	rogue, _ := nkeys.CreateUser()
	rogueHub, _ := nkeys.CreateUser()
	pub, _ := rogue.PublicKey()
	st, err := envelope.SignStatement(rogueHub, &hcnetv1.Statement{Statement: &hcnetv1.Statement_Attestation{Attestation: &hcnetv1.Attestation{
		HubId: "se-net", CityId: "kiruna", Country: "se", PublicKey: pub, Time: timestamppb.New(time.Now()),
	}}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := proto.Marshal(st)
	attSubj := subject.Attestation("se", "kiruna")
	if err := publish(t, nc, attSubj, b); err != nil {
		t.Fatal(err)
	}
	hd, rec := sealed(t, rogue, "se", "kiruna")
	recSubj := subject.Record("se", "kiruna", "practice", hd.GetId())
	if err := publish(t, nc, recSubj, rec); err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	poll.Until(t, "both quarantined", func() bool {
		rows, err := f.regional.Hub.Store.DB().Read.Query(`SELECT subject, reason FROM quarantine`)
		if err != nil {
			return false
		}
		defer rows.Close()
		for rows.Next() {
			var s, r string
			rows.Scan(&s, &r)
			reasons[s] = r
		}
		return reasons[attSubj] != "" && reasons[recSubj] != ""
	})
	if !strings.Contains(reasons[attSubj], "no approved member hub") {
		t.Fatalf("forged attestation quarantined for %q", reasons[attSubj])
	}
	if v := hubVersion(t, f.regional, hd.GetId()); v != 0 {
		t.Fatalf("record under a forged attestation stored at version %d", v)
	}
}
