package cli

import (
	"context"
	"github.com/hcnet/hcnet/internal/syncbuf"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/durationpb"
)

// approvedMember joins n to h and approves it, waiting until the node
// delivers.
func approvedMember(tb testing.TB, h *hubtest.Hub, n *nodetest.Node) {
	tb.Helper()
	ctx := context.Background()
	if _, err := n.Client(tb).JoinHub(ctx, &hcnetv1.JoinHubRequest{HubAddr: h.Addr}); err != nil {
		tb.Fatal(err)
	}
	if _, err := h.Client(tb).ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{Country: "se", CityId: "malmo"}); err != nil {
		tb.Fatal(err)
	}
	poll.Until(tb, "node connected", func() bool {
		st, err := n.Client(tb).GetStatus(ctx, &hcnetv1.GetStatusRequest{})
		return err == nil && st.GetConnected()
	})
}

// shared creates a public practice and waits until the hub holds it.
func shared(tb testing.TB, h *hubtest.Hub, n *nodetest.Node, title string) *hcnetv1.Practice {
	tb.Helper()
	res, err := n.Client(tb).CreatePractice(context.Background(), &hcnetv1.CreatePracticeRequest{Practice: nodetest.Practice(title)})
	if err != nil {
		tb.Fatal(err)
	}
	id := res.GetPractice().GetId()
	poll.Until(tb, title+" at the hub", func() bool {
		r, err := h.Client(tb).GetRecord(context.Background(), &hcnetv1.GetRecordRequest{Id: id})
		return err == nil && r.GetRecord().GetVersion() == res.GetPractice().GetVersion()
	})
	return res.GetPractice()
}

func TestFeedReplays(t *testing.T) {
	h := startHub(t)
	n := nodetest.Start(t)
	approvedMember(t, h, n)
	a := shared(t, h, n, "Walking groups")
	b := shared(t, h, n, "Green school yards")
	if _, err := n.Client(t).DeletePractice(context.Background(), &hcnetv1.DeletePracticeRequest{Id: b.GetId()}); err != nil {
		t.Fatal(err)
	}
	poll.Until(t, "withdrawal at the hub", func() bool {
		_, err := h.Client(t).GetRecord(context.Background(), &hcnetv1.GetRecordRequest{Id: b.GetId()})
		return err != nil
	})
	tests := []struct {
		title  string
		args   []string
		code   int
		stdout []string
		stderr []string
		absent []string
	}{
		{title: "replay until caught up", args: []string{"feed", "--hub", h.Addr, "--kind", "practice"},
			stdout: []string{"se/malmo  practice  " + a.GetId() + "  v1  Promenadgrupper för äldre"},
			stderr: []string{"caught up", "resume with: --resume "},
			absent: []string{b.GetId()}},
		{title: "filters", args: []string{"feed", "--hub", h.Addr, "--country", "fi"},
			absent: []string{a.GetId()}, stderr: []string{"caught up"}},
		{title: "json lines", args: []string{"feed", "--hub", h.Addr, "-o", "json", "--sdg", "3", "--kind", "practice"},
			stdout: []string{`"id":"` + a.GetId() + `"`, `"caughtUp":true`}},
		{title: "bad filter", args: []string{"feed", "--hub", h.Addr, "--sdg", "42"}, code: exitError,
			stderr: []string{"the hub refused the input", "42 is not an SDG goal", "(--sdg)"}},
		{title: "no hub at the address", args: []string{"feed", "--hub", closedAddr(t), "--follow"}, code: exitError,
			stderr: []string{"cannot reach the hub: is hchub running at "}, absent: []string{"reconnecting"}},
		{title: "bad token", args: []string{"feed", "--hub", h.Addr, "--resume", "nonsense"}, code: exitError,
			stderr: []string{"(--resume)", "not a resume token"}},
		{title: "bad mechanism", args: []string{"feed", "--hub", h.Addr, "--mechanism", "magic"}, code: exitUsage,
			stderr: []string{"--mechanism"}},
		{title: "no csv", args: []string{"feed", "--hub", h.Addr, "-o", "csv"}, code: exitUsage,
			stderr: []string{"-o csv: a feed prints table lines or json"}, absent: []string{a.GetId()}},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			r := runWith(t, nil, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
			contains(t, "stdout", r.stdout, tt.stdout...)
			contains(t, "stderr", r.stderr, tt.stderr...)
			for _, s := range tt.absent {
				if strings.Contains(r.stdout+r.stderr, s) {
					t.Errorf("stdout has %q:\n%s", s, r.stdout)
				}
			}
		})
	}
	// Each JSON line is one WatchResponse.
	r := runWith(t, nil, "feed", "--hub", h.Addr, "-o", "json", "--kind", "practice")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	for _, l := range lines {
		if err := protojson.Unmarshal([]byte(l), &hcnetv1.WatchResponse{}); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
	}
}

// closedAddr is a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestFeedFollowsAndReconnects(t *testing.T) {
	defer func(b time.Duration) { feedBackoff = b }(feedBackoff)
	feedBackoff = 50 * time.Millisecond
	h := startHub(t)
	n := nodetest.Start(t)
	approvedMember(t, h, n)
	a := shared(t, h, n, "Walking groups")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncbuf.Buffer
	code := make(chan int, 1)
	go func() {
		code <- Main(ctx, []string{"feed", "--hub", h.Addr, "--follow", "--kind", "practice"}, Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb})
	}()
	poll.Until(t, "replay", func() bool { return strings.Contains(out.String(), a.GetId()) })
	b := shared(t, h, n, "Green school yards")
	poll.Until(t, "live record", func() bool { return strings.Contains(out.String(), b.GetId()) })

	// The hub restarts: hcctl reconnects and goes on after what it printed.
	h2 := h.Again(t)
	c := shared(t, h2, n, "Cycling school")
	poll.Until(t, "record after the reconnect", func() bool { return strings.Contains(out.String(), c.GetId()) })
	cancel()
	if got := <-code; got != exitOK {
		t.Fatalf("exit %d\n%s", got, errb.String())
	}
	for _, id := range []string{a.GetId(), b.GetId(), c.GetId()} {
		if k := strings.Count(out.String(), id); k != 1 {
			t.Errorf("%s printed %d times:\n%s", id, k, out.String())
		}
	}
	contains(t, "stderr", errb.String(), "reconnecting", "resume with: --resume ")
}

// TestRetryDelayReadsRetryInfo: a rate limit's RetryInfo sets the wait
// before hcctl feed tries again; other errors name none.
func TestRetryDelayReadsRetryInfo(t *testing.T) {
	st, err := status.New(codes.ResourceExhausted, "too many calls").WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(7 * time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	if d := retryDelay(st.Err()); d != 7*time.Second {
		t.Fatalf("retryDelay = %s, want 7s", d)
	}
	if d := retryDelay(status.Error(codes.Unavailable, "gone")); d != 0 {
		t.Fatalf("retryDelay without RetryInfo = %s, want 0", d)
	}
}
