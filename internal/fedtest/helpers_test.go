package fedtest

import (
	"context"
	"database/sql"
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/hcnet/hcnet/hub/feed"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/webui"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// hubVersion is the version of a record the hub holds, 0 when none.
func hubVersion(t *testing.T, h *hubtest.Hub, id string) int64 {
	t.Helper()
	var v int64
	err := h.Hub.Store.DB().Read.QueryRow(`SELECT version FROM records WHERE id = ?`, id).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func quarantined(t *testing.T, h *hubtest.Hub) []string {
	t.Helper()
	rows, err := h.Hub.Store.DB().Read.Query(`SELECT reason FROM quarantine ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		rows.Scan(&r)
		out = append(out, r)
	}
	return out
}

// member joins a node to the hub and, when approve is set, approves it
// and waits until the node knows.
func member(t *testing.T, h *hubtest.Hub, n *nodetest.Node, approve bool) {
	t.Helper()
	ctx := context.Background()
	res, err := n.Client(t).JoinHub(ctx, &hcnetv1.JoinHubRequest{HubAddr: h.Addr})
	if err != nil {
		t.Fatalf("join: %v", err)
	}
	if st := res.GetHub().GetStatus(); st != hcnetv1.MemberStatus_MEMBER_STATUS_PENDING {
		t.Fatalf("after join: %v, want pending", st)
	}
	if !approve {
		return
	}
	city, err := n.Client(t).GetCity(ctx, &hcnetv1.GetCityRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Client(t).ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{CityId: city.GetCity().GetId(), Country: city.GetCity().GetCountry()}); err != nil {
		t.Fatalf("approve: %v", err)
	}
	poll.Until(t, "node sees approval", func() bool {
		st, err := n.Client(t).GetStatus(ctx, &hcnetv1.GetStatusRequest{})
		return err == nil && st.GetHub().GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED && st.GetConnected()
	})
}

func practice(title string, vis hcnetv1.Visibility) *hcnetv1.Practice {
	return &hcnetv1.Practice{
		Visibility:       vis,
		Status:           hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
		OriginalLanguage: "sv",
		Texts: map[string]*hcnetv1.PracticeText{
			"sv": {Title: title, Summary: "Äldre möts över generationer i Rosengård"},
			"en": {Title: "Meeting places against loneliness", Summary: "Older residents meet across generations"},
		},
		Contacts: []*hcnetv1.Contact{{Name: "Karin Lind", Email: "karin.lind@example.se"}},
		Sdg:      &hcnetv1.SdgTags{Goals: []int32{3, 10}},
	}
}

// feedServer serves h's Atom feed on loopback, its links built as the hub
// builds them without a public URL, and stops it when the test ends.
func feedServer(t *testing.T, h *hubtest.Hub) *httptest.Server {
	t.Helper()
	origin, err := webui.NewOrigin("", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(feed.Atom(h.Hub.Store, h.Hub.Info, origin.Base))
	t.Cleanup(srv.Close)
	return srv
}
