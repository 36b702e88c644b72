package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func TestAgo(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		title string
		since time.Duration
		want  string
	}{
		{title: "under a second", since: 400 * time.Millisecond, want: "just now"},
		{title: "a clock ahead of ours", since: -time.Minute, want: "just now"},
		{title: "seconds", since: 42*time.Second + 900*time.Millisecond, want: "42s ago"},
		{title: "minutes and seconds", since: 3*time.Minute + 12*time.Second, want: "3m12s ago"},
		{title: "hours and minutes", since: 5*time.Hour + 3*time.Minute + 59*time.Second, want: "5h3m ago"},
		{title: "days and hours", since: 50*time.Hour + 30*time.Minute, want: "2d2h ago"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			if got := ago(timestamppb.New(now.Add(-tt.since)), now); got != tt.want {
				t.Errorf("ago = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPrintStatus(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *timestamppb.Timestamp { return timestamppb.New(now.Add(-d)) }
	tests := []struct {
		title string
		resp  *hcnetv1.GetStatusResponse
		want  []string
		not   []string
	}{
		{title: "not joined", resp: &hcnetv1.GetStatusResponse{OutboxDepth: 4, OldestUndeliveredTime: at(3*time.Minute + 12*time.Second)},
			want: []string{"has not joined a hub", "hcctl hub join --hub", "connected:", "no", "4 waiting", "oldest undelivered:", "3m12s ago", "last delivery:", "never", "0 since the node started"},
			not:  []string{"last error", "membership"}},
		{title: "approved and delivering", resp: &hcnetv1.GetStatusResponse{
			Hub:       &hcnetv1.HubLink{HubAddr: "hub.example:7500", HubId: "se-net", HubName: "Healthy Cities Sweden", Status: hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED, CheckTime: at(2 * time.Second)},
			Connected: true, LastDeliveryTime: at(12 * time.Second), Delivered: 17},
			want: []string{"hub:", "hub.example:7500", "se-net", "Healthy Cities Sweden", "approved, checked 2s ago", "yes", "0 waiting", "12s ago", "17 since"},
			not:  []string{"oldest undelivered", "last error", "waiting for the hub's coordinator"}},
		{title: "failing", resp: &hcnetv1.GetStatusResponse{
			Hub:       &hcnetv1.HubLink{HubAddr: "hub.example:7500", Status: hcnetv1.MemberStatus_MEMBER_STATUS_PENDING},
			LastError: "reach hub at hub.example:7500: connection refused", LastErrorTime: at(5 * time.Second), OutboxDepth: 1, OldestUndeliveredTime: at(26 * time.Hour)},
			want: []string{"pending (waiting for the hub's coordinator)", "last error:", "connection refused (5s ago)", "1d2h ago"}},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			var out bytes.Buffer
			a := newApp(Env{Stdout: &out})
			if err := a.printStatus(tt.resp, now); err != nil {
				t.Fatal(err)
			}
			contains(t, "status", out.String(), tt.want...)
			for _, n := range tt.not {
				if strings.Contains(out.String(), n) {
					t.Errorf("status shows %q:\n%s", n, out.String())
				}
			}
		})
	}
}

func TestStatusOfANodeThatHasNotJoined(t *testing.T) {
	n := nodetest.Start(t)
	contains(t, "status", ok(t, n, "status"), "has not joined a hub", "connected:", "no", " waiting", "oldest undelivered:")
	if s := nodeStatus(t, n); s.GetHub() != nil || s.GetConnected() {
		t.Errorf("json status = %v, want no hub, not connected", s)
	}
	csv := ok(t, n, "status", "-o", "csv")
	if !strings.HasPrefix(csv, "hub,hub_id,hub_name,membership,connected,outbox_depth,oldest_undelivered,last_delivery,delivered,last_error,last_error_time\n,,,,false,") {
		t.Errorf("csv status:\n%s", csv)
	}
	contains(t, "extra argument", fails(t, n, "status", "now"), "takes no arguments")
	r := runWith(t, nil, "--node", n.Addr, "--token", "nope", "status")
	if r.code != exitError {
		t.Fatalf("wrong token: exit %d", r.code)
	}
	contains(t, "wrong token", r.stderr, "the node did not accept the admin token")
}
