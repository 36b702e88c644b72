package crashtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/poll"
)

// TestPartitionHeals runs the cities' traffic to their hub (NATS, which
// the hub advertises as the proxy's address, and gRPC) through a TCP
// proxy and cuts it, first refusing connections, then black-holing them,
// while the cities keep writing. During a cut nothing written after it
// began reaches the hub; after the heal the cities deliver by themselves
// and the hub ends up holding exactly their shared sets.
func TestPartitionHeals(t *testing.T) {
	nodeBin, hubBin := binaries(t)
	cities, cycles, cutFor := 3, 2, 5*time.Second
	if full() {
		cycles, cutFor = 4, 20*time.Second
	}
	r := seeded(t)
	var natsProxy *proxy
	h := startHub(t, hubBin, func(natsAddr string) string {
		natsProxy = newProxy(t, natsAddr)
		return "nats://" + natsProxy.addr()
	})
	grpcProxy := newProxy(t, h.grpcAddr)
	var nodes []*nodeProc
	keys := map[string]string{}
	logs := map[*nodeProc]*ackLog{}
	for i := range cities {
		n := startNode(t, nodeBin, fmt.Sprintf("island-%d", i))
		nodes = append(nodes, n)
		keys[n.country+"/"+n.city] = n.publicKey
		logs[n] = newAckLog()
	}
	joinAll(t, h, grpcProxy.addr(), nodes)

	// One client per city writes throughout, at a steady pace.
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	errs := make(chan error, len(nodes))
	for _, n := range nodes {
		wg.Add(1)
		wr := rand.New(rand.NewPCG(r.Uint64(), r.Uint64()))
		go func() {
			defer wg.Done()
			if err := writer(ctx, n.client(), logs[n], wr, n.city, 20*time.Millisecond); err != nil && ctx.Err() == nil {
				errs <- fmt.Errorf("%s: %v", n.city, err)
			}
		}()
	}
	stopWriters := func() {
		stop()
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			t.Fatalf("a city could not write to its own node: %v", err)
		}
	}
	defer stop()

	delivered := 0
	for cycle := range cycles {
		time.Sleep(between(r, time.Second, 2*time.Second))
		mode := refuse
		if cycle%2 == 1 {
			mode = blackhole
		}
		began := time.Now()
		live := natsProxy.cut(mode) + grpcProxy.cut(mode)
		time.Sleep(cutFor)
		// Records created after the cut began cannot have crossed it.
		during := map[key]int64{}
		for _, n := range nodes {
			for id, v := range logs[n].createdSince(began) {
				during[key{n.country, n.city, id}] = v
			}
		}
		got, err := hubVersions(h.dbPath())
		if err != nil {
			t.Fatal(err)
		}
		for k := range during {
			if _, ok := got[k]; ok {
				t.Fatalf("cycle %d: %s was created during the cut and is at the hub: the proxy leaks", cycle, k)
			}
		}
		var depth int64
		for _, n := range nodes {
			st, err := n.status()
			if err != nil {
				t.Fatal(err)
			}
			depth += st.GetOutboxDepth()
		}
		if len(during) == 0 || depth == 0 {
			t.Fatalf("cycle %d: %d shared records created and %d envelopes waiting during the cut; the writers stalled", cycle, len(during), depth)
		}
		natsProxy.heal()
		grpcProxy.heal()
		lasted := time.Since(began)
		took := poll.Within(t, 3*time.Minute, fmt.Sprintf("cycle %d: records created during the cut delivered after the heal", cycle), func() string {
			got, err := hubVersions(h.dbPath())
			if err != nil {
				return err.Error()
			}
			missing := 0
			for k, v := range during {
				if at, ok := got[k]; !(ok && at >= v) && !withdrawn(logs, k) {
					missing++
				}
			}
			if missing > 0 {
				return fmt.Sprintf("%d of %d not at the hub yet", missing, len(during))
			}
			return ""
		})
		delivered += len(during)
		t.Logf("cycle %d (%s): cut %d live connections for %.1fs; %d shared records created during the cut, %d envelopes waiting at the heal; all at the hub %.1fs after the heal",
			cycle, mode, live, lasted.Seconds(), len(during), depth, took.Seconds())
	}
	stopWriters()

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
	t.Logf("figures: %d partitions healed (refused and black-holed); %d acknowledged writes (%d leaving a record shared), %d shared records created during cuts and delivered after the heals; "+
		"hub = the cities' %d shared records by content digest, converged %.1fs after the writers stopped",
		cycles, writes, shared, delivered, len(want.shared), time.Since(start).Seconds())
}

// withdrawn reports whether the city's client has since deleted the
// record or made it private (or is changing it), so the hub may rightly
// not hold it; the final comparison checks it is gone there.
func withdrawn(logs map[*nodeProc]*ackLog, k key) bool {
	for n, l := range logs {
		if n.city != k.city {
			continue
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		a := l.recs[k.id]
		return a != nil && (a.deleted || !a.shared || a.inflight)
	}
	return false
}
