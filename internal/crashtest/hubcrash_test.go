package crashtest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/poll"
)

// TestHubKill9DuringIngest has twenty cities write shared records while
// the hub is killed with SIGKILL at random moments and restarted in
// place. Afterwards the hub must hold exactly the union of the cities'
// shared sets: every record at its latest version with the content the
// city signed, nothing private or deleted, nothing twice; and its
// database must pass integrity_check.
func TestHubKill9DuringIngest(t *testing.T) {
	nodeBin, hubBin := binaries(t)
	cities, perCity, kills := 20, 250, 5
	limit := 5 * time.Minute
	if full() {
		perCity, limit = 2500, 20*time.Minute
	}
	r := seeded(t)
	setup := time.Now()
	h := startHub(t, hubBin, nil)
	var nodes []*nodeProc
	for i := range cities {
		nodes = append(nodes, startNode(t, nodeBin, fmt.Sprintf("city-%02d", i)))
	}
	joinAll(t, h, h.grpcAddr, nodes)
	t.Logf("hub and %d cities running, joined and approved in %.1fs", len(nodes), time.Since(setup).Seconds())

	// Writes are bounded as a whole: a node that stops answering fails the
	// test instead of hanging it.
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	partners := make([][]string, len(nodes))
	for i, n := range nodes {
		var err error
		if partners[i], err = createPartners(ctx, n.client(), n.city); err != nil {
			t.Fatal(err)
		}
	}

	// The writes come in phases, one more than the kills: each phase
	// starts as the hub (re)starts, so every kill lands while the hub is
	// ingesting a fresh burst, and part of each burst is written while
	// the hub is down.
	phases := kills + 1
	var done tally
	writePhase := func(p int) error {
		var wg sync.WaitGroup
		errc := make(chan error, len(nodes))
		for i, n := range nodes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := n.client()
				tag := fmt.Sprintf("%s-p%d", n.city, p)
				// This phase's share of the city's creates: five come from
				// the practice mix, the rest from one import.
				shared := perCity/phases - 5
				if p < perCity%phases {
					shared++
				}
				if err := importPartnerships(ctx, c, tag, partners[i], shared, shared/10); err != nil {
					errc <- fmt.Errorf("%s: import: %w", n.city, err)
					return
				}
				done.sharedCreates.Add(int64(shared))
				done.privateWrites.Add(int64(shared / 10))
				if err := practiceMix(ctx, c, tag, &done); err != nil {
					errc <- fmt.Errorf("%s: %w", n.city, err)
				}
			}()
		}
		wg.Wait()
		close(errc)
		return <-errc
	}

	start := time.Now()
	killed := 0
	heldAtStart, err := countRows(h.dbPath(), `SELECT count(*) FROM records`)
	if err != nil {
		t.Fatal(err)
	}
	for p := range phases {
		wrote := make(chan error, 1)
		go func() { wrote <- writePhase(p) }()
		if p == phases-1 {
			if err := <-wrote; err != nil {
				t.Fatal(err)
			}
			break
		}
		// Kill at a random moment once the hub is ingesting again: it
		// has taken in records since its (re)start and has more to take.
		time.Sleep(between(r, 200*time.Millisecond, 2*time.Second))
		var held int
		poll.Within(t, 2*time.Minute, "the hub ingests after its restart", func() string {
			var err error
			if held, err = countRows(h.dbPath(), `SELECT count(*) FROM records`); err != nil {
				return err.Error()
			}
			if held <= heldAtStart {
				return fmt.Sprintf("it holds %d records, as when it started", held)
			}
			return ""
		})
		h.Kill9()
		killed++
		t.Logf("kill -9 #%d of the hub %.1fs into the run, while ingesting: it held %d records (%d taken in since its start); %d shared records created so far",
			killed, time.Since(start).Seconds(), held, held-heldAtStart, done.sharedCreates.Load())
		time.Sleep(between(r, 0, 500*time.Millisecond))
		if err := <-wrote; err != nil {
			t.Fatal(err)
		}
		restart := time.Now()
		h.Start()
		if heldAtStart, err = countRows(h.dbPath(), `SELECT count(*) FROM records`); err != nil {
			t.Fatal(err)
		}
		t.Logf("hub serving again %.1fs after its restart", time.Since(restart).Seconds())
	}
	written := time.Now()
	t.Logf("writes done after %.1fs: %s", written.Sub(start).Seconds(), &done)
	if killed < kills {
		t.Fatalf("only %d kills", killed)
	}

	drained := outboxesEmpty(t, limit, nodes)
	want := newSharedSet()
	keys := map[string]string{}
	for _, n := range nodes {
		if err := want.addNode(n); err != nil {
			t.Fatal(err)
		}
		keys[n.country+"/"+n.city] = n.publicKey
	}
	// Every city shares its profile besides what the writers created.
	if wantShared := int(done.sharedCreates.Load()-done.deletes.Load()-done.madePrivate.Load()) + len(nodes); len(want.shared) != wantShared {
		t.Fatalf("the nodes share %d records, the writers account for %d", len(want.shared), wantShared)
	}
	converge(t, limit, h.dbPath(), want, keys)
	converged := time.Since(written)
	t.Logf("converged %.1fs after the last write (outboxes drained after %.1fs)", converged.Seconds(), drained.Seconds())

	h.Stop()
	if res, err := integrityCheck(h.dbPath()); err != nil || res != "ok" {
		t.Fatalf("hub database integrity_check: %q (%v)", res, err)
	}
	got, dups, err := readHub(h.dbPath(), keys)
	if err != nil {
		t.Fatal(err)
	}
	if d := diff(want, got); d != "" || dups > 0 {
		t.Fatalf("after a clean stop: %s%d duplicates", d, dups)
	}
	if q, err := countRows(h.dbPath(), `SELECT count(*) FROM quarantine`); err != nil || q > 0 {
		t.Fatalf("hub quarantined %d messages (%v)", q, err)
	}
	// Contacts and the names of private partners never leave a node, in
	// any part of any envelope.
	secrets := []string{"karin.lind@example.se", "Karin Lind"}
	for _, n := range nodes {
		secrets = append(secrets, fmt.Sprintf("Föreningen Hälsa %s 2", n.city)) // the private partner
	}
	// The public partner's name does travel, so the search can find a
	// name when one is there.
	public := fmt.Sprintf("Föreningen Hälsa %s 0", nodes[0].city)
	found, err := envelopesContaining(h.dbPath(), append(secrets, public))
	if err != nil {
		t.Fatal(err)
	}
	if found[public] == 0 {
		t.Fatalf("no envelope names %s's public partner: the search for private names proves nothing", nodes[0].city)
	}
	for _, s := range secrets {
		if found[s] > 0 {
			t.Fatalf("%d envelopes at the hub contain %q, which is private", found[s], s)
		}
	}
	t.Logf("figures: %d cities, %d shared records written (%s); hub killed %d times and restarted; "+
		"hub holds %d records = the union of the cities' shared sets by content digest, %d private or deleted records absent; "+
		"no contact or private partner name in any envelope; converged %.1fs after the last write; integrity_check ok",
		len(nodes), done.sharedCreates.Load(), &done, killed, len(got), len(want.private), converged.Seconds())
}
