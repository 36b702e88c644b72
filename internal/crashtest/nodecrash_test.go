package crashtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/poll"
)

// TestNodeKill9MidWrite kills city nodes with SIGKILL at random moments
// while four clients per node write (creates, updates, visibility
// changes, deletes). While a node is down, its outbox and records must
// agree with the hub: every shared record's latest version is at the hub
// or waiting in the outbox. After each restart every acknowledged write is
// there at its version; at the end the node has delivered by itself and
// the hub holds exactly the nodes' shared sets.
func TestNodeKill9MidWrite(t *testing.T) {
	nodeBin, hubBin := binaries(t)
	cities, rounds, clients := 2, 3, 4
	if full() {
		cities, rounds = 4, 5
	}
	r := seeded(t)
	h := startHub(t, hubBin, nil)
	var nodes []*nodeProc
	keys := map[string]string{}
	logs := map[*nodeProc]*ackLog{}
	for i := range cities {
		n := startNode(t, nodeBin, fmt.Sprintf("writer-%d", i))
		nodes = append(nodes, n)
		keys[n.country+"/"+n.city] = n.publicKey
		logs[n] = newAckLog()
	}
	joinAll(t, h, h.grpcAddr, nodes)

	kills, verified, backlog := 0, 0, int64(0)
	for round := range rounds {
		// Every node's clients write until the node under them dies.
		var killed sync.Map // *nodeProc -> true once its kill is under way
		var unexpected atomic.Value
		var wg sync.WaitGroup
		for _, n := range nodes {
			c := n.client()
			for k := range clients {
				wg.Add(1)
				wr := rand.New(rand.NewPCG(r.Uint64(), r.Uint64()))
				go func() {
					defer wg.Done()
					err := writer(context.Background(), c, logs[n], wr, fmt.Sprintf("%s r%d c%d", n.city, round, k), 0)
					if _, dead := killed.Load(n); !dead {
						unexpected.CompareAndSwap(nil, fmt.Sprintf("%s: a write failed before the kill: %v", n.city, err))
					}
				}()
			}
		}
		for _, i := range r.Perm(len(nodes)) {
			n := nodes[i]
			time.Sleep(between(r, 300*time.Millisecond, 1500*time.Millisecond))
			killed.Store(n, true)
			n.Kill9()
			kills++
		}
		wg.Wait()
		if msg := unexpected.Load(); msg != nil {
			t.Fatal(msg)
		}
		for _, n := range nodes {
			// Nothing writes to the node now; the hub may still be
			// ingesting what the node published before it died.
			poll.Within(t, time.Minute, "outbox and records agree after kill -9 of "+n.city, func() string {
				return outboxAgrees(n, h.dbPath(), keys)
			})
			depth, err := countRows(n.dbPath(), `SELECT count(*) FROM outbox`)
			if err != nil {
				t.Fatal(err)
			}
			backlog += int64(depth)
			n.Start()
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			checked, err := logs[n].verify(ctx, n.client())
			cancel()
			if err != nil {
				t.Fatalf("round %d, %s: %v", round, n.city, err)
			}
			verified += checked
			writes, shared := logs[n].counts()
			t.Logf("round %d: %s killed with %d acknowledged writes so far (%d leaving a record shared); after restart all %d records read back at their acknowledged version; %d envelopes were waiting in its outbox",
				round, n.city, writes, shared, checked, depth)
		}
	}

	start := time.Now()
	outboxesEmpty(t, 3*time.Minute, nodes)
	want := newSharedSet()
	for _, n := range nodes {
		if err := want.addNode(n); err != nil {
			t.Fatal(err)
		}
	}
	converge(t, 3*time.Minute, h.dbPath(), want, keys)
	var writes, shared int
	for _, l := range logs {
		w, s := l.counts()
		writes, shared = writes+w, shared+s
	}
	t.Logf("figures: %d nodes killed with kill -9 %d times mid-write; %d acknowledged writes (%d leaving a record shared), every one read back after restart (%d read-backs); "+
		"%d envelopes waited in outboxes at the restarts and were delivered by the nodes themselves; hub = the nodes' %d shared records, converged %.1fs after the last restart",
		len(nodes), kills, writes, shared, verified, backlog, len(want.shared), time.Since(start).Seconds())
}
