package crashtest

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/internal/bearer"
	"github.com/hcnet/hcnet/internal/poll"
	"github.com/hcnet/hcnet/internal/proctest"
	"github.com/hcnet/hcnet/internal/secret"
	"github.com/hcnet/hcnet/node"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"github.com/nats-io/nkeys"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// callLimit bounds every gRPC call the test makes.
const callLimit = 30 * time.Second

// hubProc is an hchub process with fixed gRPC and NATS addresses, so it
// can be killed and restarted in place.
type hubProc struct {
	*proctest.Daemon
	dir, grpcAddr, natsAddr string
	admin                   hcnetv1.HubServiceClient
}

// startHub initialises a national hub "se-net" and runs it. advertise,
// when set, gives the NATS URL members are told (a proxy's) from the
// address the hub's NATS server listens on.
func startHub(t *testing.T, bin string, advertise func(natsAddr string) string) *hubProc {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "hub")
	if out, err := exec.Command(bin, "init", "--dir", dir, "--id", "se-net", "--name", "Healthy Cities Sweden",
		"--level", "national", "--country", "se").CombinedOutput(); err != nil {
		t.Fatalf("hchub init: %v\n%s", err, out)
	}
	h := &hubProc{dir: dir, grpcAddr: proctest.FreePort(t), natsAddr: proctest.FreePort(t)}
	// Every city of a test applies from one loopback address: no limit
	// on applications per address.
	args := []string{"run", "--dir", dir, "--listen", h.grpcAddr, "--nats-listen", h.natsAddr, "--join-rate", "0"}
	if advertise != nil {
		args = append(args, "--nats-advertise", advertise(h.natsAddr))
	}
	h.Daemon = proctest.NewDaemon(t, "hchub", bin, filepath.Join(dir, hub.AddrFile), args...)
	h.TailLines = 40
	h.Start()
	token, err := secret.Read(dir, hub.TokenFile)
	if err != nil {
		t.Fatal(err)
	}
	h.admin = hcnetv1.NewHubServiceClient(dial(t, h.grpcAddr, token))
	return h
}

// dbPath is the hub's SQLite read model.
func (h *hubProc) dbPath() string { return filepath.Join(h.dir, hub.DBFile) }

// nodeProc is an hcnode process; it listens on a new port after every
// restart.
type nodeProc struct {
	*proctest.Daemon
	t                                    *testing.T
	dir, city, country, token, publicKey string

	mu      sync.Mutex
	clients map[string]hcnetv1.CityServiceClient
}

// startNode initialises the node of city (country se) and runs it.
func startNode(t *testing.T, bin, city string) *nodeProc {
	t.Helper()
	dir := filepath.Join(t.TempDir(), city)
	if out, err := exec.Command(bin, "init", "--dir", dir, "--city", city, "--name", "City "+city, "--country", "se").CombinedOutput(); err != nil {
		t.Fatalf("hcnode init %s: %v\n%s", city, err, out)
	}
	token, err := secret.Read(dir, node.TokenFile)
	if err != nil {
		t.Fatal(err)
	}
	seed, err := secret.Read(dir, node.IdentityFile)
	if err != nil {
		t.Fatal(err)
	}
	kp, err := nkeys.FromSeed([]byte(seed))
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := kp.PublicKey()
	n := &nodeProc{t: t, dir: dir, city: city, country: "se", token: token, publicKey: pub, clients: map[string]hcnetv1.CityServiceClient{}}
	n.Daemon = proctest.NewDaemon(t, "hcnode-"+city, bin, filepath.Join(dir, node.AddrFile),
		"run", "--dir", dir, "--listen", "127.0.0.1:0")
	n.TailLines = 10
	n.Start()
	return n
}

// client is a CityService client for the node's current address.
func (n *nodeProc) client() hcnetv1.CityServiceClient {
	addr := n.Addr()
	n.mu.Lock()
	defer n.mu.Unlock()
	if c, ok := n.clients[addr]; ok {
		return c
	}
	c := hcnetv1.NewCityServiceClient(dial(n.t, addr, n.token))
	n.clients[addr] = c
	return c
}

func (n *nodeProc) dbPath() string { return filepath.Join(n.dir, node.DBFile) }

// status is the node's GetStatus, or an error.
func (n *nodeProc) status() (*hcnetv1.GetStatusResponse, error) {
	ctx, cancel := context.WithTimeout(context.Background(), callLimit)
	defer cancel()
	return n.client().GetStatus(ctx, &hcnetv1.GetStatusRequest{})
}

func dial(t *testing.T, addr, token string) *grpc.ClientConn {
	t.Helper()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithPerRPCCredentials(bearer.Token(token)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// joinAll has every node apply to the hub at hubAddr (the hub's own
// address, or a proxy's), approves them all, and waits until every node
// is an approved member connected to the hub's NATS.
func joinAll(t *testing.T, h *hubProc, hubAddr string, nodes []*nodeProc) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), callLimit)
	defer cancel()
	for _, n := range nodes {
		if _, err := n.client().JoinHub(ctx, &hcnetv1.JoinHubRequest{HubAddr: hubAddr}); err != nil {
			t.Fatalf("%s joins: %v", n.city, err)
		}
	}
	for _, n := range nodes {
		if _, err := h.admin.ApproveMember(ctx, &hcnetv1.ApproveMemberRequest{CityId: n.city, Country: n.country}); err != nil {
			t.Fatalf("approve %s: %v", n.city, err)
		}
	}
	poll.Within(t, 2*time.Minute, "members approved and connected", func() string {
		for _, n := range nodes {
			st, err := n.status()
			if err != nil {
				return fmt.Sprintf("%s: %v", n.city, err)
			}
			if st.GetHub().GetStatus() != hcnetv1.MemberStatus_MEMBER_STATUS_APPROVED || !st.GetConnected() {
				return fmt.Sprintf("%s: membership %v, connected %v, last error %q", n.city, st.GetHub().GetStatus(), st.GetConnected(), st.GetLastError())
			}
		}
		return ""
	})
}

// outboxesEmpty waits until every node has delivered its whole outbox.
func outboxesEmpty(t *testing.T, limit time.Duration, nodes []*nodeProc) time.Duration {
	t.Helper()
	return poll.Within(t, limit, "node outboxes drained", func() string {
		var waiting []string
		for _, n := range nodes {
			st, err := n.status()
			if err != nil {
				return fmt.Sprintf("%s: %v", n.city, err)
			}
			if st.GetOutboxDepth() > 0 {
				waiting = append(waiting, fmt.Sprintf("%s %d (connected %v, last error %q)", n.city, st.GetOutboxDepth(), st.GetConnected(), st.GetLastError()))
			}
		}
		if len(waiting) > 0 {
			return fmt.Sprintf("%d nodes still waiting: %v", len(waiting), waiting)
		}
		return ""
	})
}
