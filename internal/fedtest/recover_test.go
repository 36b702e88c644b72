package fedtest

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// TestLostHubDBIsRecovered loses a hub's database while its identity,
// token and record stream remain. The hub refuses to start without
// creating an empty database and says how to recover; Recover rebuilds
// it from the settings given again and the members found in the stream;
// the hub reads the stream again, the nodes' sync repairs what the
// stream lacked, and the members publish again.
func TestLostHubDBIsRecovered(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	malmo := nodetest.Start(t)
	lund := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	member(t, h, malmo, true)
	member(t, h, lund, true)
	keys := map[string]string{}
	members, err := h.Client(t).ListMembers(ctx, &hcnetv1.ListMembersRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range members.GetMembers() {
		keys[m.GetCountry()+"/"+m.GetCityId()] = m.GetPublicKey()
	}
	var ids []string
	for _, n := range []*nodetest.Node{malmo, lund, malmo} {
		res, err := n.Client(t).CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Mötesplatser "+n.CityID, hcnetv1.Visibility_VISIBILITY_PUBLIC)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.GetPractice().GetId())
	}
	poll.Until(t, "the records at the hub", func() bool {
		return hubVersion(t, h, ids[0]) == 1 && hubVersion(t, h, ids[1]) == 1 && hubVersion(t, h, ids[2]) == 1
	})
	// One record is also gone from the stream: only its node has it.
	loseBehindHub(t, h, "se", "malmo", "practice", ids[2])

	opts := hub.RecoverOptions{InitOptions: hub.InitOptions{ID: "se-net", Name: "Healthy Cities Sweden", Level: hcnetv1.HubLevel_HUB_LEVEL_NATIONAL, Country: "se"}, Approve: true}
	if _, err := hub.Recover(ctx, h.Dir, opts); err == nil || !strings.Contains(err.Error(), "the hub is running") {
		t.Fatalf("recover while the hub runs: %v, want a refusal", err)
	}
	h.Stop(t)
	db := filepath.Join(h.Dir, hub.DBFile)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(db + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
	_, err = hub.Open(ctx, hub.Config{Dir: h.Dir, NATSListen: "127.0.0.1:0", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err == nil || !strings.Contains(err.Error(), "hub.db is missing") || !strings.Contains(err.Error(), "hchub recover --dir "+h.Dir) {
		t.Fatalf("open without hub.db: %v, want an error naming the missing hub.db and hchub recover", err)
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a failed start left %s behind: %v", db, err)
	}

	rep, err := hub.Recover(ctx, h.Dir, opts)
	if err != nil {
		t.Fatalf("recover: %v", err)
	}
	if len(rep.Members) != 2 {
		t.Fatalf("recovered members %+v, want malmo and lund", rep.Members)
	}
	for _, m := range rep.Members {
		if k := keys[m.Country+"/"+m.ID]; k == "" || k != m.PublicKey || m.Hub {
			t.Errorf("recovered %+v, want the key %q the hub had approved", m, k)
		}
	}
	if _, err := hub.Recover(ctx, h.Dir, opts); err == nil || !strings.Contains(err.Error(), "nothing to recover") {
		t.Fatalf("recover over a recovered hub: %v, want a refusal", err)
	}

	h = h.Again(t)
	if h.Hub.Info.GetId() != "se-net" || h.Hub.Info.GetCountry() != "se" {
		t.Errorf("recovered hub is %v", h.Hub.Info)
	}
	poll.Until(t, "the stream's records back at the hub", func() bool {
		return hubVersion(t, h, ids[0]) == 1 && hubVersion(t, h, ids[1]) == 1
	})
	if v := hubVersion(t, h, ids[2]); v != 0 {
		t.Fatalf("the record lost from the stream is back by itself at version %d", v)
	}
	if res := last(syncNode(t, malmo)); res.GetRepaired() != 1 {
		t.Fatalf("malmo's sync after the recovery: %v, want 1 repaired", res)
	}
	if res := last(syncNode(t, lund)); res.GetRepaired() != 0 {
		t.Fatalf("lund's sync after the recovery: %v, want nothing repaired", res)
	}
	poll.Until(t, "the lost record repaired", func() bool { return hubVersion(t, h, ids[2]) == 1 })

	for _, n := range []*nodetest.Node{malmo, lund} {
		res, err := n.Client(t).CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Efter återställningen "+n.CityID, hcnetv1.Visibility_VISIBILITY_NETWORK)})
		if err != nil {
			t.Fatal(err)
		}
		id := res.GetPractice().GetId()
		poll.Until(t, n.CityID+" publishes again", func() bool { return hubVersion(t, h, id) == 1 })
	}
	// A recovered member's name comes back when its node applies again.
	if _, err := malmo.Client(t).JoinHub(ctx, &hcnetv1.JoinHubRequest{HubAddr: h.Addr}); err != nil {
		t.Fatal(err)
	}
	m, err := h.Hub.Members.Get(ctx, "se", "malmo")
	if err != nil {
		t.Fatal(err)
	}
	if m.GetName() != "Malmö" || m.GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
		t.Errorf("after joining again: %v, want Malmö, approved", m)
	}
	if q := quarantined(t, h); len(q) != 0 {
		t.Errorf("quarantined after the recovery: %v", q)
	}
}

// TestRecoveredMembersWaitForApproval recovers a hub without approving
// the members found in its stream. Reading the stream again, the hub
// quarantines their records; approving a member applies its records
// from the stream at once, without its node sending anything, while a
// member still pending stays out.
func TestRecoveredMembersWaitForApproval(t *testing.T) {
	ctx := context.Background()
	h := hubtest.Start(t)
	malmo := nodetest.Start(t)
	lund := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	member(t, h, malmo, true)
	member(t, h, lund, true)
	var ids []string
	for _, n := range []*nodetest.Node{malmo, malmo, lund} {
		res, err := n.Client(t).CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Mötesplatser "+n.CityID, hcnetv1.Visibility_VISIBILITY_NETWORK)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.GetPractice().GetId())
	}
	poll.Until(t, "the records at the hub", func() bool {
		return hubVersion(t, h, ids[0]) == 1 && hubVersion(t, h, ids[1]) == 1 && hubVersion(t, h, ids[2]) == 1
	})
	h.Stop(t)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(filepath.Join(h.Dir, hub.DBFile) + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
	rep, err := hub.Recover(ctx, h.Dir, hub.RecoverOptions{InitOptions: hub.InitOptions{ID: "se-net", Name: "Healthy Cities Sweden", Level: hcnetv1.HubLevel_HUB_LEVEL_NATIONAL, Country: "se"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Members) != 2 {
		t.Fatalf("recovered %+v, want malmo and lund", rep.Members)
	}
	h = h.Again(t)
	pending, err := h.Client(t).ListMembers(ctx, &hcnetv1.ListMembersRequest{Status: hcnetv1.MemberStatus_MEMBER_STATUS_PENDING})
	if err != nil || len(pending.GetMembers()) != 2 {
		t.Fatalf("pending members %v (%v), want malmo and lund", pending.GetMembers(), err)
	}
	poll.Until(t, "the stream read again, the pending members' records quarantined", func() bool { return len(quarantined(t, h)) == rep.Messages })

	if _, err := h.Client(t).ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{Country: "se", CityId: "malmo"}); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "malmo's records applied from the stream", func() bool {
		return hubVersion(t, h, ids[0]) == 1 && hubVersion(t, h, ids[1]) == 1
	})
	if v := hubVersion(t, h, ids[2]); v != 0 {
		t.Errorf("the record of lund, still pending, is at the hub at version %d", v)
	}
}

// TestRegionalHubDBIsRecovered: a regional hub's members are national
// hubs, known in its stream by their signed attestations; the cities
// they vouch for are not its members. Recovered with its member hub
// approved, the regional hub reads the stream again and holds the city's
// public record, verified through the attestation, as before.
func TestRegionalHubDBIsRecovered(t *testing.T) {
	ctx := context.Background()
	f := startThreeLevels(t)
	res, err := f.city.Client(t).CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Mötesplatser", hcnetv1.Visibility_VISIBILITY_PUBLIC)})
	if err != nil {
		t.Fatal(err)
	}
	id := res.GetPractice().GetId()
	poll.Until(t, "the practice at the regional hub", func() bool { return hubVersion(t, f.regional, id) == 1 })
	r := f.regional
	r.Stop(t)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(filepath.Join(r.Dir, hub.DBFile) + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
	rep, err := hub.Recover(ctx, r.Dir, hub.RecoverOptions{InitOptions: hub.InitOptions{ID: "eu-net", Name: "WHO European Healthy Cities Network", Level: hcnetv1.HubLevel_HUB_LEVEL_REGIONAL}, Approve: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Members) != 1 || rep.Members[0].ID != "se-net" || !rep.Members[0].Hub || rep.Members[0].PublicKey != f.national.Hub.Info.GetPublicKey() {
		t.Fatalf("recovered %+v, want the member hub se/se-net with its key %s", rep.Members, f.national.Hub.Info.GetPublicKey())
	}
	r = r.Again(t)
	poll.Until(t, "the city's public record back at the regional hub", func() bool { return hubVersion(t, r, id) == 1 })
	if q := quarantined(t, r); len(q) != 0 {
		t.Errorf("quarantined after the recovery: %v", q)
	}
}
