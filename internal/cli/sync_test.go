package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// chain is a regional hub, a national hub that is its member, and a city
// node that is the national hub's member.
type chain struct {
	regional, national *hubtest.Hub
	city               *nodetest.Node
}

func startChain(t *testing.T) chain {
	t.Helper()
	ctx := context.Background()
	regional := hubtest.StartWith(t, hub.InitOptions{ID: "eu-net", Name: "European network", Level: hcnetv1.HubLevel_HUB_LEVEL_REGIONAL})
	national := hubtest.StartWith(t, hub.InitOptions{Parent: regional.Addr})
	poll.Until(t, "the national hub applies", func() bool {
		ms, err := regional.Client(t).ListMembers(ctx, &hcnetv1.ListMembersRequest{})
		return err == nil && len(ms.GetMembers()) == 1
	})
	if _, err := regional.Client(t).ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{CityId: "se-net", Country: "se", Hub: true}); err != nil {
		t.Fatal(err)
	}
	city := nodetest.Start(t)
	if _, err := city.Client(t).JoinHub(ctx, &hcnetv1.JoinHubRequest{HubAddr: national.Addr}); err != nil {
		t.Fatal(err)
	}
	if _, err := national.Client(t).ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{CityId: "malmo", Country: "se"}); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "the city connected", func() bool {
		st, err := city.Client(t).GetStatus(ctx, &hcnetv1.GetStatusRequest{})
		return err == nil && st.GetConnected()
	})
	return chain{regional: regional, national: national, city: city}
}

func heldVersion(t *testing.T, h *hubtest.Hub, id string) int64 {
	t.Helper()
	var v int64
	h.Hub.Store.DB().Read.QueryRow(`SELECT version FROM records WHERE id = ?`, id).Scan(&v)
	return v
}

// sharedPractice creates a practice on the node and waits until the hub
// holds it.
func sharedPractice(t *testing.T, n *nodetest.Node, h *hubtest.Hub, vis hcnetv1.Visibility) string {
	t.Helper()
	res, err := n.Client(t).CreatePractice(context.Background(), &hcnetv1.CreatePracticeRequest{Practice: &hcnetv1.Practice{
		Visibility: vis, Status: hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING, OriginalLanguage: "sv",
		Texts: map[string]*hcnetv1.PracticeText{"sv": {Title: "Gröna skolgårdar", Summary: "Skolgårdar blir parker"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	id := res.GetPractice().GetId()
	poll.Until(t, "the practice at the hub", func() bool { return heldVersion(t, h, id) == 1 })
	return id
}

func TestSyncCommand(t *testing.T) {
	c := startChain(t)
	id := sharedPractice(t, c.city, c.national, hcnetv1.Visibility_VISIBILITY_NETWORK)
	lone := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	for _, tc := range []struct {
		title  string
		node   *nodetest.Node
		before func(t *testing.T)
		args   []string
		code   int
		stdout string
		stderr string
		// notStderr is what the officer must not read: a hub's refusal
		// is neither the node refusing the admin token nor the node away.
		notStderr []string
	}{
		{title: "everything present", node: c.city, args: []string{"sync"}, stdout: "compared 2, already present 2, repaired 0\n"},
		{title: "a record the hub lost is repaired", node: c.city, args: []string{"sync"}, stdout: "compared 2, already present 1, repaired 1\n",
			before: func(t *testing.T) {
				if _, err := c.national.Hub.Store.DB().Write.Exec(`DELETE FROM records WHERE id = ?`, id); err != nil {
					t.Fatal(err)
				}
			}},
		{title: "json", node: c.city, args: []string{"sync", "-o", "json"}, stdout: `"alreadyPresent": "2"`,
			before: func(t *testing.T) {
				poll.Until(t, "the repair delivered", func() bool { return heldVersion(t, c.national, id) == 1 })
			}},
		{title: "csv", node: c.city, args: []string{"sync", "-o", "csv"}, stdout: "total,compared,already_present,repaired\n2,2,2,0\n"},
		{title: "a node without a hub", node: lone, args: []string{"sync"}, code: exitError, stderr: "has not joined a hub"},
		{title: "a hub that revoked the city", node: c.city, args: []string{"sync"}, code: exitError,
			stderr: "signed neither by se/malmo as an approved member", notStderr: []string{"admin token", "cannot reach the node", "retry"},
			before: func(t *testing.T) {
				if _, err := c.national.Client(t).RevokeMember(context.Background(), &hcnetv1.RevokeMemberRequest{CityId: "malmo", Country: "se"}); err != nil {
					t.Fatal(err)
				}
			}},
	} {
		t.Run(tc.title, func(t *testing.T) {
			if tc.before != nil {
				tc.before(t)
			}
			r := hcctl(t, tc.node, tc.args...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tc.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stdout, tc.stdout) && !strings.Contains(oneSpaced(r.stdout), tc.stdout) {
				t.Errorf("stdout %q, want %q", r.stdout, tc.stdout)
			}
			if !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("stderr %q, want %q", r.stderr, tc.stderr)
			}
			for _, not := range tc.notStderr {
				if strings.Contains(r.stderr, not) {
					t.Errorf("stderr %q says %q", r.stderr, not)
				}
			}
		})
	}
}
