package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hcnet/hcnet/node"
	"github.com/hcnet/hcnet/node/nodetest"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// lostReply is a server stream whose answer never reaches the client.
type lostReply struct{ grpc.ServerStream }

func (lostReply) SendMsg(any) error { return nil }

// lossyNode serves n's CityService on its own listener, losing the answer
// of the first lose calls after they ran: the client sees the
// connection fail although the node committed, as when the node is
// killed right after the commit.
func lossyNode(t *testing.T, n *nodetest.Node, lose int32) string {
	t.Helper()
	var left atomic.Int32
	left.Store(lose)
	srv := grpc.NewServer(grpc.StreamInterceptor(func(svc any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if left.Add(-1) < 0 {
			return handler(svc, ss)
		}
		if err := handler(svc, lostReply{ss}); err != nil {
			return err
		}
		return status.Error(codes.Unavailable, "connection reset by peer")
	}))
	hcnetv1.RegisterCityServiceServer(srv, node.NewService(n.Node.Store, nil, slog.New(slog.NewTextHandler(io.Discard, nil))))
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(lis)
	t.Cleanup(srv.Stop)
	return lis.Addr().String()
}

// TestImportRerunAfterLostReply: the import commits but its answer is
// lost, so hcctl fails; the officer runs the same command again (a new
// process, nothing kept from the first) and every row is there once,
// reported with the first import's ids.
func TestImportRerunAfterLostReply(t *testing.T) {
	n := nodetest.Start(t)
	addr := lossyNode(t, n, 1)
	const rows = importChunk*2 + 7 // several chunks
	file := filepath.Join(t.TempDir(), "partners.csv")
	var b strings.Builder
	b.WriteString("organisation,kind,sector,visibility\n")
	for i := range rows {
		fmt.Fprintf(&b, "Förening nr %d,ngo,culture,private\n", i)
	}
	writeFile(t, file, b.String())
	args := []string{"--node", addr, "--dir", n.Dir, "-o", "json", "import", "--kind", "partners", file}

	first := runWith(t, nil, args...)
	if first.code == 0 || !strings.Contains(first.stderr, "connection reset") {
		t.Fatalf("first import: exit %d, want a failure of the connection\n%s%s", first.code, first.stdout, first.stderr)
	}
	if got := countAll(t, n); got != rows {
		t.Fatalf("%d partners after the import whose answer was lost; want %d (it committed)", got, rows)
	}
	stored := partnerIDs(t, n)

	again := runWith(t, nil, args...)
	if again.code != 0 {
		t.Fatalf("import run again: exit %d\n%s", again.code, again.stderr)
	}
	resp := decode(t, again.stdout, &hcnetv1.ImportPartnersResponse{})
	if !resp.GetReplayed() || resp.GetCreated() != rows || resp.GetUpdated() != 0 {
		t.Errorf("import run again: created %d updated %d replayed %v; want the first import's %d created, replayed", resp.GetCreated(), resp.GetUpdated(), resp.GetReplayed(), rows)
	}
	if got := countAll(t, n); got != rows {
		t.Fatalf("%d partners after the import was run again; want %d", got, rows)
	}
	if len(resp.GetIds()) != rows {
		t.Fatalf("%d ids reported; want %d", len(resp.GetIds()), rows)
	}
	for _, id := range resp.GetIds() {
		if !stored[id] {
			t.Fatalf("reported id %s is not a stored partner", id)
		}
	}

	// The same file with a change is another import.
	writeFile(t, file, b.String()+"Förening nr x,ngo,culture,private\n")
	third := runWith(t, nil, args...)
	if third.code != 0 {
		t.Fatalf("import of the changed file: exit %d\n%s", third.code, third.stderr)
	}
	if resp := decode(t, third.stdout, &hcnetv1.ImportPartnersResponse{}); resp.GetReplayed() || resp.GetCreated() != rows+1 {
		t.Errorf("import of the changed file: created %d replayed %v; want %d created", resp.GetCreated(), resp.GetReplayed(), rows+1)
	}
}

func countAll(t *testing.T, n *nodetest.Node) int {
	t.Helper()
	return len(partnerIDs(t, n))
}

// partnerIDs lists every partner the node holds, page by page.
func partnerIDs(t *testing.T, n *nodetest.Node) map[string]bool {
	t.Helper()
	c := n.Client(t)
	out := map[string]bool{}
	req := &hcnetv1.ListPartnersRequest{PageSize: 1000}
	for {
		res, err := c.ListPartners(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range res.GetPartners() {
			out[p.GetId()] = true
		}
		if res.GetNextPageToken() == "" {
			return out
		}
		req.PageToken = res.GetNextPageToken()
	}
}
