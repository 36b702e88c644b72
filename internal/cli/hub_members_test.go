package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/bus"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/subject"
	"github.com/hcnet/hcnet/node"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nats.go/jetstream"
)

// These tests run the coordinator's commands against a real hub and the
// officer's against real nodes, all in one process.

// startHub starts a hub and waits until it has written hub.addr, so that
// the coordinator's commands find it through --dir alone.
func startHub(tb testing.TB) *hubtest.Hub {
	tb.Helper()
	h := hubtest.Start(tb)
	poll.Until(tb, "hub.addr", func() bool {
		b, err := os.ReadFile(filepath.Join(h.Dir, hubAddrFile))
		return err == nil && strings.TrimSpace(string(b)) == h.Addr
	})
	return h
}

// coordinator runs a command as the hub's coordinator would: with the
// hub's data folder as --dir and nothing else.
func coordinator(tb testing.TB, h *hubtest.Hub, args ...string) result {
	tb.Helper()
	return runWith(tb, nil, append([]string{"--dir", h.Dir}, args...)...)
}

// coordinatorOK runs a coordinator's command that must succeed.
func coordinatorOK(tb testing.TB, h *hubtest.Hub, args ...string) result {
	tb.Helper()
	r := coordinator(tb, h, args...)
	if r.code != 0 {
		tb.Fatalf("hcctl %q: exit %d\n%s", args, r.code, r.stderr)
	}
	return r
}

// contains fails the test unless s holds every one of want.
func contains(tb testing.TB, what, s string, want ...string) {
	tb.Helper()
	for _, w := range want {
		if !strings.Contains(s, w) {
			tb.Errorf("%s lacks %q:\n%s", what, w, s)
		}
	}
}

// nodeStatus asks the node for its status through hcctl status -o json.
func nodeStatus(tb testing.TB, n *nodetest.Node) *hcnetv1.GetStatusResponse {
	tb.Helper()
	return decode(tb, ok(tb, n, "status", "-o", "json"), &hcnetv1.GetStatusResponse{})
}

// memberRow is the table row of one city in hub members.
func memberRow(tb testing.TB, h *hubtest.Hub, city string, args ...string) string {
	tb.Helper()
	out := coordinatorOK(tb, h, append([]string{"hub", "members"}, args...)...).stdout
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == city {
			return line
		}
	}
	tb.Fatalf("hub members lists no %s:\n%s", city, out)
	return ""
}

// publishAs publishes data under subj to the hub's NATS with n's identity.
func publishAs(tb testing.TB, h *hubtest.Hub, n *nodetest.Node, subj string, data []byte) {
	tb.Helper()
	kp, err := node.ReadIdentity(n.Dir)
	if err != nil {
		tb.Fatal(err)
	}
	nc, err := bus.Connect(bus.Options{URL: h.Hub.Info.GetNatsUrl(), Key: kp, Name: "test"})
	if err != nil {
		tb.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := js.Publish(ctx, subj, data); err != nil {
		tb.Fatalf("publish %s: %v", subj, err)
	}
}

// TestMembershipLifecycle walks a city through join, approval, delivery,
// quarantine and revocation, and a second city through rejection.
func TestMembershipLifecycle(t *testing.T) {
	h := startHub(t)
	malmo := nodetest.Start(t)
	lund := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	if _, err := malmo.Client(t).CreatePractice(context.Background(), &hcnetv1.CreatePracticeRequest{Practice: nodetest.Practice("Walking groups")}); err != nil {
		t.Fatal(err)
	}

	join := ok(t, malmo, "hub", "join", "--hub", h.Addr)
	contains(t, "join", join, "status:", "pending", "se-net", "Healthy Cities Sweden",
		"pending: ask the coordinator to run `hcctl --hub "+h.Addr+" --dir HUBDIR hub approve se/malmo`",
		"start delivering by itself once approved")
	before := nodeStatus(t, malmo)
	if before.GetHub().GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_PENDING || before.GetConnected() || before.GetOutboxDepth() == 0 {
		t.Fatalf("status before approval = %v, want pending, not connected, records waiting", before)
	}
	contains(t, "status before approval", ok(t, malmo, "status"), "pending (waiting for the hub's coordinator)", "connected:", "no", "oldest undelivered:")

	table := coordinatorOK(t, h, "hub", "members").stdout
	contains(t, "members table", table, "CITY", "COUNTRY", "NAME", "STATUS", "RECORDS", "LAST RECORD", "APPLIED", "DECIDED")
	contains(t, "malmo's row", memberRow(t, h, "malmo"), " se ", "Malmö", "pending", " 0 ")
	contains(t, "no approved members yet", coordinatorOK(t, h, "hub", "members", "--status", "approved").stdout, "no approved members")

	approved := coordinatorOK(t, h, "hub", "approve", "se/malmo")
	contains(t, "approve", approved.stdout, "status:", "approved", "decided:")
	contains(t, "approve's note", approved.stderr, "se/malmo is approved")
	poll.Until(t, "malmo connected and its outbox delivered", func() bool {
		s := nodeStatus(t, malmo)
		return s.GetHub().GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED && s.GetConnected() && s.GetOutboxDepth() == 0 && s.GetDelivered() > 0
	})
	contains(t, "status once approved", ok(t, malmo, "status"), "membership:", "approved", "yes", "hub id:", "se-net", "since the node started", "last delivery:")
	// The city profile and the practice.
	shared := before.GetOutboxDepth()
	poll.Until(t, "the hub holds what malmo shared", func() bool {
		m := decode(t, coordinatorOK(t, h, "hub", "members", "-o", "json").stdout, &hcnetv1.ListMembersResponse{}).GetMembers()
		return len(m) == 1 && m[0].GetRecordCount() == shared && m[0].GetPublicKey() != "" && m[0].GetLastRecordTime() != nil
	})
	contains(t, "malmo's row once approved", memberRow(t, h, "malmo", "--status", "approved"), "approved", fmt.Sprintf(" %d ", shared))
	csv := coordinatorOK(t, h, "hub", "members", "-o", "csv").stdout
	if !strings.HasPrefix(csv, fmt.Sprintf("city,country,name,status,records,last_record,applied,decided,kind,vouches_for\nmalmo,se,Malmö,approved,%d,", shared)) {
		t.Fatalf("members csv:\n%s", csv)
	}

	contains(t, "empty quarantine", coordinatorOK(t, h, "hub", "quarantine").stdout, "no quarantined records")
	for _, id := range []string{"01JBROKEN00000000000000001", "01JBROKEN00000000000000002"} {
		publishAs(t, h, malmo, subject.Record("se", "malmo", "practice", id), []byte("not an envelope"))
	}
	poll.Until(t, "two quarantined records", func() bool {
		r := decode(t, coordinatorOK(t, h, "hub", "quarantine", "-o", "json").stdout, &hcnetv1.ListQuarantineResponse{})
		return len(r.GetRecords()) == 2
	})
	q := coordinatorOK(t, h, "hub", "quarantine")
	contains(t, "quarantine table", q.stdout, "SEQ", "TIME", "SUBJECT", "REASON", "hcnet.rec.se.malmo.practice.01JBROKEN00000000000000002")
	page := coordinatorOK(t, h, "hub", "quarantine", "--page-size", "1")
	if n := strings.Count(page.stdout, "hcnet.rec."); n != 1 {
		t.Errorf("one page of one shows %d records:\n%s", n, page.stdout)
	}
	contains(t, "the first page's note", page.stderr, "--page-token", "--all")
	all := decode(t, coordinatorOK(t, h, "hub", "quarantine", "--page-size", "1", "--all", "-o", "json").stdout, &hcnetv1.ListQuarantineResponse{})
	if len(all.GetRecords()) != 2 || all.GetNextPageToken() != "" || all.GetRecords()[0].GetSeq() <= all.GetRecords()[1].GetSeq() {
		t.Fatalf("--all = %v, want both records, newest first, no next page", all)
	}

	contains(t, "revoke", coordinatorOK(t, h, "hub", "revoke", "se/malmo").stdout, "revoked")
	poll.Until(t, "malmo sees the revocation", func() bool {
		s := nodeStatus(t, malmo)
		return s.GetHub().GetStatus() == hcnetv1.MemberStatus_MEMBER_STATUS_REVOKED && !s.GetConnected()
	})
	contains(t, "status once revoked", ok(t, malmo, "status"), "revoked", "connected:")

	contains(t, "lund joins", ok(t, lund, "hub", "join", "--hub", h.Addr), "hub approve se/lund")
	contains(t, "reject", coordinatorOK(t, h, "hub", "reject", "--country", "se", "lund").stdout, "rejected")
	contains(t, "lund's row", memberRow(t, h, "lund", "--status", "rejected"), "Lund", "rejected")
	contains(t, "lund asks again", ok(t, lund, "hub", "join", "--hub", h.Addr), "rejected: the coordinator turned the application down")
}

// TestHubAdminRefusals checks that every refusal reads as one line saying
// what to do, and that mistakes in the command line exit 2.
func TestHubAdminRefusals(t *testing.T) {
	h := startHub(t)
	malmo := nodetest.Start(t)
	ok(t, malmo, "hub", "join", "--hub", h.Addr)
	// A node of its own: a join that fails still replaces the node's hub.
	lund := nodetest.StartWith(t, nodetest.Options{CityID: "lund", Name: "Lund", Country: "se"})
	wrongToken := []string{"the hub did not accept the admin token", "--dir with the hub's data folder", "--token", "HCNET_TOKEN"}
	tests := []struct {
		title  string
		env    map[string]string
		args   []string
		code   int
		stderr []string
		// lines is how many lines stderr has; 0 means one.
		lines int
	}{
		{title: "wrong --token", args: []string{"--hub", h.Addr, "--token", "nope", "hub", "approve", "se/malmo"}, code: exitError, stderr: wrongToken},
		{title: "wrong HCNET_TOKEN beats the folder", env: map[string]string{"HCNET_TOKEN": "nope"}, args: []string{"--dir", h.Dir, "hub", "reject", "se/malmo"},
			code: exitError, stderr: wrongToken},
		{title: "no token at all", args: []string{"--hub", h.Addr, "hub", "quarantine"}, code: exitError, stderr: wrongToken},
		{title: "the node's folder is not the hub's", args: []string{"--hub", h.Addr, "--dir", malmo.Dir, "hub", "revoke", "se/malmo"}, code: exitError, stderr: wrongToken},
		{title: "a pending city cannot be revoked", args: []string{"--dir", h.Dir, "hub", "revoke", "se/malmo"}, code: exitError,
			stderr: []string{"hcctl: revoke se/malmo: refused:", "pending", "cannot become revoked"}},
		{title: "an unknown city", args: []string{"--dir", h.Dir, "hub", "approve", "se/kiruna"}, code: exitError,
			stderr: []string{"approve se/kiruna: not found", "se/kiruna"}},
		{title: "an invalid country", args: []string{"--dir", h.Dir, "hub", "approve", "sweden/malmo"}, code: exitError,
			stderr: []string{"refused the input", `country: "sweden"`, "(the country in CITY or --country)"}, lines: 2},
		{title: "CITY without a country", args: []string{"--dir", h.Dir, "hub", "approve", "malmo"}, code: exitUsage,
			stderr: []string{`CITY "malmo"`, "--country"}},
		{title: "CITY and --country disagree", args: []string{"--dir", h.Dir, "hub", "approve", "se/malmo", "--country", "fi"}, code: exitUsage,
			stderr: []string{`--country says "fi"`}},
		{title: "no CITY", args: []string{"--dir", h.Dir, "hub", "approve"}, code: exitUsage, stderr: []string{"want one city"}},
		{title: "unknown status", args: []string{"--dir", h.Dir, "hub", "members", "--status", "waiting"}, code: exitUsage,
			stderr: []string{"--status", "pending"}},
		{title: "no hub there", args: []string{"--hub", "127.0.0.1:1", "--token", "t", "hub", "members"}, code: exitError,
			stderr: []string{"cannot reach the hub", "127.0.0.1:1"}},
		{title: "the node cannot reach the hub", args: []string{"--node", lund.Addr, "--dir", lund.Dir, "hub", "join", "--hub", "127.0.0.1:1"}, code: exitError,
			stderr: []string{"join 127.0.0.1:1: the node could not apply to the hub at 127.0.0.1:1", "is hchub running there"}},
		{title: "join with the wrong node token", args: []string{"--node", malmo.Addr, "--token", "nope", "hub", "join", "--hub", h.Addr}, code: exitError,
			stderr: []string{"the node did not accept the admin token"}},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			r := runWith(t, tt.env, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
			contains(t, "stderr", r.stderr, tt.stderr...)
			if want := max(tt.lines, 1); tt.code == exitError && strings.Count(r.stderr, "\n") != want {
				t.Errorf("stderr is not %d lines: %q", want, r.stderr)
			}
		})
	}
	if st := nodeStatus(t, malmo).GetHub().GetStatus(); st != hcnetv1.MemberStatus_MEMBER_STATUS_PENDING {
		t.Errorf("after the refusals malmo is %v, want still pending", st)
	}
}

func TestHubAdminAddrAndToken(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, hubAddrFile), "127.0.0.1:40002\n")
	writeFile(t, filepath.Join(dir, tokenFile), "hub-token\n")
	stopped := t.TempDir()
	writeFile(t, filepath.Join(stopped, tokenFile), "hub-token\n")
	tests := []struct {
		title     string
		args      []string
		env       map[string]string
		wantAddr  string
		wantToken string
	}{
		{title: "nothing given", wantAddr: defaultHub},
		{title: "the hub's folder", args: []string{"--dir", dir}, wantAddr: "127.0.0.1:40002", wantToken: "hub-token"},
		{title: "the folder beats HCNET_HUB", args: []string{"--dir", dir}, env: map[string]string{"HCNET_HUB": "10.0.0.1:7500"},
			wantAddr: "127.0.0.1:40002", wantToken: "hub-token"},
		{title: "the folder of a stopped hub", args: []string{"--dir", stopped}, env: map[string]string{"HCNET_HUB": "10.0.0.1:7500"},
			wantAddr: "10.0.0.1:7500", wantToken: "hub-token"},
		{title: "HCNET_DIR names a node's folder and is not read", env: map[string]string{"HCNET_DIR": dir}, wantAddr: defaultHub},
		{title: "HCNET_TOKEN beats the folder", args: []string{"--dir", dir}, env: map[string]string{"HCNET_TOKEN": "env-token"},
			wantAddr: "127.0.0.1:40002", wantToken: "env-token"},
		{title: "flags beat everything", args: []string{"--dir", dir, "--hub", "127.0.0.1:9", "--token", "flag-token"},
			env: map[string]string{"HCNET_HUB": "10.0.0.1:7500", "HCNET_TOKEN": "env-token"}, wantAddr: "127.0.0.1:9", wantToken: "flag-token"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			a := newApp(Env{Getenv: func(k string) string { return tt.env[k] }})
			root := a.rootCommand()
			cmd, rest, err := root.Find([]string{"hub", "members"})
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.ParseFlags(append(rest, tt.args...)); err != nil {
				t.Fatal(err)
			}
			if got := a.hubAdminAddr(cmd); got != tt.wantAddr {
				t.Errorf("hub = %q, want %q", got, tt.wantAddr)
			}
			got, err := a.hubToken()
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.wantToken {
				t.Errorf("token = %q, want %q", got, tt.wantToken)
			}
		})
	}
}

func TestMemberArg(t *testing.T) {
	tests := []struct {
		title, arg, country   string
		wantCity, wantCountry string
		wantErr               bool
	}{
		{title: "country/city", arg: "se/malmo", wantCity: "malmo", wantCountry: "se"},
		{title: "city with --country", arg: "malmo", country: "se", wantCity: "malmo", wantCountry: "se"},
		{title: "both, agreeing", arg: "se/malmo", country: "se", wantCity: "malmo", wantCountry: "se"},
		{title: "both, disagreeing", arg: "se/malmo", country: "fi", wantErr: true},
		{title: "no country", arg: "malmo", wantErr: true},
		{title: "empty city", arg: "se/", wantErr: true},
		{title: "empty country", arg: "/malmo", wantErr: true},
		{title: "too many parts", arg: "se/skane/malmo", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			city, country, err := memberArg(tt.arg, tt.country)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if city != tt.wantCity || country != tt.wantCountry {
				t.Errorf("= %q, %q; want %q, %q", city, country, tt.wantCity, tt.wantCountry)
			}
		})
	}
}
