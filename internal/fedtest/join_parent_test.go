package fedtest

import (
	"context"
	"testing"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/errs"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"
)

// TestRunningHubJoinsParent: a national hub initialised without a parent,
// running with a member and its public records, joins a regional hub
// while it runs; once the regional coordinator approves it, the records
// it already held arrive at the regional hub, and new ones follow.
func TestRunningHubJoinsParent(t *testing.T) {
	ctx := context.Background()
	regional := hubtest.StartWith(t, hub.InitOptions{ID: "eu-net", Name: "WHO European Healthy Cities Network", Level: hcnetv1.HubLevel_HUB_LEVEL_REGIONAL})
	national := hubtest.Start(t)
	city := nodetest.Start(t)
	member(t, national, city, true)
	c := city.Client(t)
	old, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Gå och prata", hcnetv1.Visibility_VISIBILITY_PUBLIC)})
	if err != nil {
		t.Fatal(err)
	}
	oldID := old.GetPractice().GetId()
	poll.Until(t, "public practice at the national hub", func() bool { return hubVersion(t, national, oldID) == 1 })

	if _, err := national.Client(t).SetParent(ctx, &hcnetv1.SetParentRequest{Addr: regional.Addr}); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "national hub applies", func() bool {
		ms, err := regional.Client(t).ListMembers(ctx, &hcnetv1.ListMembersRequest{})
		return err == nil && len(ms.GetMembers()) == 1 && ms.GetMembers()[0].GetHub()
	})
	if _, err := regional.Client(t).ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{CityId: "se-net", Country: "se", Hub: true}); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "the record held before joining at the regional hub", func() bool { return hubVersion(t, regional, oldID) == 1 })
	st, err := national.Client(t).GetParent(ctx, &hcnetv1.GetParentRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if p := st.GetParent(); p.GetAddr() != regional.Addr || p.GetHubId() != "eu-net" || p.GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED {
		t.Fatalf("parent %v", p)
	}
	info, err := national.Client(t).GetHub(ctx, &hcnetv1.GetHubRequest{})
	if err != nil || info.GetParentAddr() != regional.Addr {
		t.Fatalf("GetHub parent %q (%v), want %q", info.GetParentAddr(), err, regional.Addr)
	}
	// Another parent while this one stands is refused.
	if _, err := national.Client(t).SetParent(ctx, &hcnetv1.SetParentRequest{Addr: "127.0.0.1:1"}); status.Code(err) != codes.AlreadyExists {
		t.Fatalf("a second parent: %v, want AlreadyExists", err)
	}
	fresh, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Markör", hcnetv1.Visibility_VISIBILITY_PUBLIC)})
	if err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "a new record at the regional hub", func() bool { return hubVersion(t, regional, fresh.GetPractice().GetId()) == 1 })

	// The parent stays across a restart.
	national = national.Again(t)
	if got := national.Hub.Info.GetParentAddr(); got != regional.Addr {
		t.Fatalf("parent after restart %q, want %q", got, regional.Addr)
	}

	// Leaving stops forwarding: a record shared afterwards stays at the
	// national hub; the regional hub keeps the copies it has.
	left, err := national.Client(t).LeaveParent(ctx, &hcnetv1.LeaveParentRequest{})
	if err != nil || left.GetAddr() != regional.Addr {
		t.Fatalf("leave: %v (%v)", left, err)
	}
	if st, err := national.Client(t).GetParent(ctx, &hcnetv1.GetParentRequest{}); err != nil || st.GetParent() != nil {
		t.Fatalf("parent after leaving %v (%v)", st.GetParent(), err)
	}
	if _, err := national.Client(t).LeaveParent(ctx, &hcnetv1.LeaveParentRequest{}); status.Code(err) != codes.NotFound {
		t.Fatalf("leaving twice: %v, want NotFound", err)
	}
	after, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Efter", hcnetv1.Visibility_VISIBILITY_PUBLIC)})
	if err != nil {
		t.Fatal(err)
	}
	afterID := after.GetPractice().GetId()
	poll.Until(t, "the record shared after leaving at the national hub", func() bool { return hubVersion(t, national, afterID) == 1 })
	var forwarded int
	if err := national.Hub.Store.DB().Read.QueryRow(`SELECT count(*) FROM forwarded WHERE id = ?`, afterID).Scan(&forwarded); err != nil || forwarded != 0 {
		t.Fatalf("the record shared after leaving was forwarded (%d, %v)", forwarded, err)
	}
	if n := outboxDepth(t, national); n != 0 {
		t.Fatalf("%d envelopes queued for a parent the hub left", n)
	}
	national = national.Again(t)
	if got := national.Hub.Info.GetParentAddr(); got != "" {
		t.Fatalf("parent after leaving and a restart %q", got)
	}
	if v := hubVersion(t, regional, afterID); v != 0 {
		t.Fatalf("a record shared after leaving reached the regional hub (version %d)", v)
	}
	if v := hubVersion(t, regional, oldID); v != 1 {
		t.Fatalf("the regional hub's copy after leaving: version %d, want 1 (kept)", v)
	}

	// Joining again forwards what was shared in between, the hub being
	// approved there already.
	if _, err := national.Client(t).SetParent(ctx, &hcnetv1.SetParentRequest{Addr: regional.Addr}); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "the record shared while away at the regional hub", func() bool { return hubVersion(t, regional, afterID) == 1 })
}

func outboxDepth(t *testing.T, h *hubtest.Hub) int64 {
	t.Helper()
	n, _, err := h.Hub.Upstream.OutboxDepth(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSetParentRefusals: a hub without a country cannot join a
// parent, and says which field is missing (a regional hub has none); a
// hub cannot be its own parent.
func TestSetParentRefusals(t *testing.T) {
	ctx := context.Background()
	parent := hubtest.StartWith(t, hub.InitOptions{ID: "eu-net", Name: "WHO European Healthy Cities Network", Level: hcnetv1.HubLevel_HUB_LEVEL_REGIONAL})
	h := hubtest.StartWith(t, hub.InitOptions{ID: "nordic-net", Name: "Nordic Healthy Cities", Level: hcnetv1.HubLevel_HUB_LEVEL_REGIONAL})
	err := h.Hub.Upstream.SetParent(ctx, parent.Addr)
	if errs.KindOf(err) != errs.Invalid {
		t.Fatalf("joining without a country: %v, want invalid", err)
	}
	if v, _ := h.Hub.Store.Setting(ctx, "upstream_addr"); v != "" {
		t.Fatalf("parent recorded despite the refusal: %q", v)
	}
	// A hub is not its own parent.
	national := hubtest.Start(t)
	err = national.Hub.Upstream.SetParent(ctx, national.Addr)
	if vs := errs.ViolationsOf(err); len(vs) != 1 || vs[0].Field != "parent" {
		t.Fatalf("joining itself: %v, want a violation of parent", err)
	}
	if v, _ := national.Hub.Store.Setting(ctx, "upstream_addr"); v != "" {
		t.Fatalf("parent recorded despite the refusal: %q", v)
	}
}

// TestSetParentNeedsToken: only the coordinator sets the parent.
func TestSetParentNeedsToken(t *testing.T) {
	h := hubtest.Start(t)
	conn, err := grpc.NewClient(h.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, err = hcnetv1.NewHubServiceClient(conn).SetParent(context.Background(), &hcnetv1.SetParentRequest{Addr: h.Addr})
	if status.Code(err) != codes.Unauthenticated {
		t.Fatalf("without the token: %v, want Unauthenticated", err)
	}
}
