package metrics_test

import (
	"context"
	"testing"

	"github.com/hcnet/hcnet/hub/hubtest"
	"github.com/hcnet/hcnet/internal/metrics"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/node/nodetest"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// watch runs WatchHealth every few milliseconds until the test ends.
func watch(t *testing.T, ready func(context.Context) error, set func(bool)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		metrics.WatchHealth(ctx, 5e6, ready, set, quiet)
	}()
	t.Cleanup(func() { cancel(); <-done })
}

// healthOf asks a daemon's gRPC health service about service ("" for the
// whole server).
func healthOf(t *testing.T, addr, service string) healthpb.HealthCheckResponse_ServingStatus {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	res, err := healthpb.NewHealthClient(conn).Check(context.Background(), &healthpb.HealthCheckRequest{Service: service})
	if err != nil {
		t.Fatalf("health check: %v", err)
	}
	return res.GetStatus()
}

func TestNodeHealthFollowsDatabase(t *testing.T) {
	n := nodetest.Start(t)
	watch(t, n.Node.Ready, n.Node.SetServing)
	if st := healthOf(t, n.Addr, "hcnet.v1.CityService"); st != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("healthy node: %v", st)
	}
	// The database going away (here: its read pool closed) must show.
	n.Node.Store.DB().Read.Close()
	for _, svc := range []string{"", "hcnet.v1.CityService"} {
		poll.Until(t, "NOT_SERVING for "+svc, func() bool {
			return healthOf(t, n.Addr, svc) == healthpb.HealthCheckResponse_NOT_SERVING
		})
	}
}

func TestHubHealthFollowsNATS(t *testing.T) {
	h := hubtest.Start(t)
	watch(t, h.Hub.Ready, h.Hub.SetServing)
	if st := healthOf(t, h.Addr, "hcnet.v1.HubService"); st != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("healthy hub: %v", st)
	}
	// The embedded NATS stopping disconnects the hub: nothing can be
	// ingested, and health must say so.
	h.Hub.NATS.Shutdown()
	for _, svc := range []string{"", "hcnet.v1.HubService"} {
		poll.Until(t, "NOT_SERVING for "+svc, func() bool {
			return healthOf(t, h.Addr, svc) == healthpb.HealthCheckResponse_NOT_SERVING
		})
	}
}

// The watcher reports a recovery too, and only changes.
func TestWatchHealthReportsChanges(t *testing.T) {
	answers := make(chan error)
	got := make(chan bool, 10)
	ready := func(ctx context.Context) error {
		select {
		case err := <-answers:
			return err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	watch(t, ready, func(ok bool) { got <- ok })
	fail := context.DeadlineExceeded
	for _, step := range []struct {
		title  string
		answer error
		want   []bool // changes reported after this answer
	}{
		{title: "first answer is reported", answer: nil, want: []bool{true}},
		{title: "same answer is not", answer: nil},
		{title: "failure", answer: fail, want: []bool{false}},
		{title: "still failing", answer: fail},
		{title: "recovery", answer: nil, want: []bool{true}},
	} {
		answers <- step.answer
		// The next answer is taken only after this one was handled, so
		// every change it caused is in got by then.
		answers <- step.answer
		for _, w := range step.want {
			if ok := <-got; ok != w {
				t.Fatalf("%s: reported %v, want %v", step.title, ok, w)
			}
		}
		select {
		case ok := <-got:
			t.Fatalf("%s: reported %v, want nothing more", step.title, ok)
		default:
		}
	}
}
