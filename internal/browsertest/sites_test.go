package browsertest

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	hubweb "github.com/hcnet/hcnet/hub/web"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/sample"
	"github.com/hcnet/hcnet/node/nodetest"
	nodeweb "github.com/hcnet/hcnet/node/web"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// nodeSite serves a real node's pages on a loopback port.
func nodeSite(t *testing.T, n *nodetest.Node) *httptest.Server {
	t.Helper()
	h, err := nodeweb.New(hcnetv1.NewCityServiceClient(n.Conn(t, "")), n.Token, nodeweb.Options{Pending: n.Node.Store.PendingRecords, Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// hubSite serves a real hub's pages on a loopback port.
func hubSite(t *testing.T, h *hubtest.Hub) *httptest.Server {
	t.Helper()
	w, err := hubweb.New(h.Client(t), hubweb.Options{Adoptions: h.Hub.Store.AdoptionsOf, Log: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w)
	t.Cleanup(srv.Close)
	return srv
}

// loadSample fills the node with the sample city's records.
func loadSample(t *testing.T, n *nodetest.Node) sample.Summary {
	t.Helper()
	spec, ok := sample.Lookup(n.CityID)
	if !ok {
		t.Fatalf("no sample city %s", n.CityID)
	}
	sum, err := sample.Load(context.Background(), n.Client(t), spec)
	if err != nil {
		t.Fatalf("load sample: %v", err)
	}
	return sum
}

// member joins the node to the hub, approves it and waits until the node
// knows (the pattern of internal/fedtest).
func member(t *testing.T, h *hubtest.Hub, n *nodetest.Node) {
	t.Helper()
	ctx := context.Background()
	if _, err := n.Client(t).JoinHub(ctx, &hcnetv1.JoinHubRequest{HubAddr: h.Addr}); err != nil {
		t.Fatalf("join: %v", err)
	}
	if _, err := h.Client(t).ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{CityId: n.CityID, Country: "se"}); err != nil {
		t.Fatalf("approve: %v", err)
	}
	poll.Within(t, time.Minute, "the node sees its approval", func() bool {
		st, err := n.Client(t).GetStatus(ctx, &hcnetv1.GetStatusRequest{})
		return err == nil && st.GetHub().GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED && st.GetConnected()
	})
}

// delivered waits until the hub holds every record the node shares.
func delivered(t *testing.T, h *hubtest.Hub, n *nodetest.Node) {
	t.Helper()
	poll.Within(t, time.Minute, "the hub holds the node's shared records", func() bool {
		var want, have int
		if err := n.Node.Store.DB().Read.QueryRow(`SELECT count(*) FROM records WHERE visibility IN ('network', 'public') AND kind <> 'partner'`).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if err := h.Hub.Store.DB().Read.QueryRow(`SELECT count(*) FROM records WHERE city_id = ?`, n.CityID).Scan(&have); err != nil {
			t.Fatal(err)
		}
		return want > 0 && have >= want
	})
}
