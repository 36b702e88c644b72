package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub/feed"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/webui"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// network is a hub with one approved member city that has shared a
// plan, an indicator, a partnership and two practices (one adopted from
// the other), and the hub's pages on an httptest server.
type network struct {
	hub       *hubtest.Hub
	node      *nodetest.Node
	srv       *httptest.Server
	practice  string // id of the original practice
	adoption  string // id of the practice adopted from it
	indicator string
}

func startNetwork(t *testing.T) *network {
	t.Helper()
	ctx := context.Background()
	h := hubtest.Start(t)
	n := nodetest.Start(t)
	member(t, h, n)
	c := n.Client(t)
	plan, err := c.CreateHealthPlan(ctx, &hcnetv1.CreateHealthPlanRequest{HealthPlan: nodetest.HealthPlan("Malmö health plan 2024–2030")})
	if err != nil {
		t.Fatal(err)
	}
	ind := nodetest.Indicator(plan.GetHealthPlan().GetId(), "g1", "Loneliness among residents 75+")
	ind.Measurements = []*hcnetv1.Measurement{{Date: "2025-06-30", Value: 16}}
	ir, err := c.CreateIndicator(ctx, &hcnetv1.CreateIndicatorRequest{Indicator: ind})
	if err != nil {
		t.Fatal(err)
	}
	partner, err := c.CreatePartner(ctx, &hcnetv1.CreatePartnerRequest{Partner: nodetest.Partner("Malmö stad")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreatePartnership(ctx, &hcnetv1.CreatePartnershipRequest{Partnership: nodetest.Partnership("Gröna gårdar", partner.GetPartner().GetId())}); err != nil {
		t.Fatal(err)
	}
	orig, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: nodetest.Practice("Walking groups for older residents")})
	if err != nil {
		t.Fatal(err)
	}
	adopted := nodetest.Practice("Walking groups in Rosengård")
	adopted.Texts = map[string]*hcnetv1.PracticeText{"en": {Title: "Walking groups in Rosengård", Summary: "The walks, adapted for newly arrived families."}}
	adopted.OriginalLanguage = "en"
	adopted.AdoptedFrom = &hcnetv1.PracticeRef{Country: "se", CityId: "malmo", PracticeId: orig.GetPractice().GetId()}
	ad, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: adopted})
	if err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "the hub holds the shared records", func() bool {
		st, err := h.Client(t).GetStats(ctx, &hcnetv1.GetStatsRequest{})
		return err == nil && st.GetPractices() == 2 && st.GetPartnerships() == 1 && st.GetIndicators() == 1 && st.GetAdoptedPlans() == 1
	})
	srv := servePages(t, h)
	return &network{hub: h, node: n, srv: srv, practice: orig.GetPractice().GetId(), adoption: ad.GetPractice().GetId(), indicator: ir.GetIndicator().GetId()}
}

// servePages serves the hub's pages on an httptest server, reading
// through its gRPC service as hchub's pages do.
func servePages(t *testing.T, h *hubtest.Hub) *httptest.Server {
	t.Helper()
	conn, err := grpc.NewClient(h.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	web, err := New(hcnetv1.NewHubServiceClient(conn), Options{
		Adoptions: h.Hub.Store.AdoptionsOf,
		Feed:      feed.Atom(h.Hub.Store, h.Hub.Info, loopback(t).Base),
		Log:       slog.New(slog.NewTextHandler(testWriter{t}, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web)
	t.Cleanup(srv.Close)
	return srv
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
	poll.Until(t, "node sees approval", func() bool {
		st, err := n.Client(t).GetStatus(ctx, &hcnetv1.GetStatusRequest{})
		return err == nil && st.GetHub().GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED && st.GetConnected()
	})
}

func (nw *network) get(t *testing.T, path string) (int, http.Header, string) {
	t.Helper()
	res, err := http.Get(nw.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

func mustContain(t *testing.T, page string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(page, w) {
			t.Fatalf("page lacks %q:\n%s", w, page)
		}
	}
}

// testWriter sends the pages' log to the test's, so a failing page says why.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// loopback is the origin of a server on a loopback address, as
// httptest.NewServer starts one.
func loopback(t *testing.T) *webui.Origin {
	t.Helper()
	o, err := webui.NewOrigin("", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return o
}
