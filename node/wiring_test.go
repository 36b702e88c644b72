package node

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/errs"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
)

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

// initDir makes a node's data folder for a test.
func initDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "malmo")
	if err := Init(context.Background(), dir, InitOptions{CityID: "malmo", Name: "Malmö", Country: "se"}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// syncStream is a Sync stream whose sends fail the test: a service
// without a link to a hub must refuse before it sends anything.
type syncStream struct {
	grpc.ServerStreamingServer[hcnetv1.SyncResponse]
	t   *testing.T
	ctx context.Context
}

func (s syncStream) Context() context.Context { return s.ctx }
func (s syncStream) Send(*hcnetv1.SyncResponse) error {
	s.t.Error("Sync sent progress without a link to a hub")
	return nil
}

// A service built without a link to a hub serves the records and
// answers what needs the hub with Unavailable and a message saying why,
// instead of failing on the missing link.
func TestServiceWithoutSharingRefusesHubCalls(t *testing.T) {
	ctx := context.Background()
	store, err := OpenStore(ctx, filepath.Join(initDir(t), DBFile), StoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	svc := NewService(store, nil, quietLog)

	if _, err := svc.GetCity(ctx, &hcnetv1.GetCityRequest{}); err != nil {
		t.Fatalf("GetCity without a hub link: %v", err)
	}
	_, joinErr := svc.JoinHub(ctx, &hcnetv1.JoinHubRequest{HubAddr: "127.0.0.1:7500"})
	_, statusErr := svc.GetStatus(ctx, &hcnetv1.GetStatusRequest{})
	syncErr := svc.Sync(&hcnetv1.SyncRequest{}, syncStream{t: t, ctx: ctx})
	for call, err := range map[string]error{"JoinHub": joinErr, "GetStatus": statusErr, "Sync": syncErr} {
		if !errs.Is(err, errs.Unavailable) || !strings.Contains(errs.Message(err), "no link to a hub") {
			t.Errorf("%s without a hub link = %v, want Unavailable saying there is no link to a hub", call, err)
		}
	}
}

// A store opened with a key signs as the city its own profile names;
// one opened without shares nothing.
func TestOpenStoreTakesItsKey(t *testing.T) {
	ctx := context.Background()
	dir := initDir(t)
	key, err := ReadIdentity(dir)
	if err != nil {
		t.Fatal(err)
	}
	rang := 0
	s, err := OpenStore(ctx, filepath.Join(dir, DBFile), StoreOptions{Key: key, Queued: func() { rang++ }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if id := s.identity; id == nil || id.Key != key || id.Country != "se" || id.City != "malmo" {
		t.Fatalf("identity = %+v, want the key as se/malmo", id)
	}
	p := &hcnetv1.Practice{
		Visibility: hcnetv1.Visibility_VISIBILITY_PUBLIC, Status: hcnetv1.PracticeStatus_PRACTICE_STATUS_ONGOING,
		OriginalLanguage: "sv", Texts: map[string]*hcnetv1.PracticeText{"sv": {Title: "Gröna skolgårdar", Summary: "Skolgårdar blir gröna"}},
	}
	if err := s.Create(ctx, p); err != nil {
		t.Fatal(err)
	}
	if rang == 0 {
		t.Error("a shared write did not call Queued")
	}
}

// The node's background work (the relay, the periodic comparison) runs
// on the context Open was given: when it ends, as when the process is
// told to stop, the work stops without Shutdown.
func TestOpenRunsOnTheCallersContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	n, err := Open(ctx, initDir(t), quietLog)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Shutdown(context.Background()) })
	select {
	case <-n.done:
		t.Fatal("the node's background work stopped before its context ended")
	default:
	}
	cancel()
	select {
	case <-n.done:
	case <-time.After(30 * time.Second):
		t.Fatal("the node's background work still runs 30 s after its context ended")
	}
}
