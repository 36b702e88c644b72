package crashtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// acked is what a node acknowledged about one record to a client.
type acked struct {
	version int64
	deleted bool
	// inflight is set while a write of the record has been sent and not
	// answered: when the node dies then, the write may or may not have
	// committed, so the record may be one version further (or deleted).
	inflight bool
	shared   bool
	created  time.Time // when the create was sent
}

// ackLog records every acknowledged write of one node's clients.
type ackLog struct {
	mu   sync.Mutex
	recs map[string]*acked
	// writes counts acknowledged writes; sharedWrites those that left a
	// record shared.
	writes, sharedWrites int
}

func newAckLog() *ackLog { return &ackLog{recs: map[string]*acked{}} }

func (l *ackLog) set(id string, f func(a *acked)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	a := l.recs[id]
	if a == nil {
		a = &acked{}
		l.recs[id] = a
	}
	f(a)
}

// counts returns the acknowledged writes so far.
func (l *ackLog) counts() (writes, shared int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.writes, l.sharedWrites
}

// createdSince lists the shared records whose create was sent at or
// after t and acknowledged.
func (l *ackLog) createdSince(t time.Time) map[string]int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]int64{}
	for id, a := range l.recs {
		if !a.created.Before(t) && a.shared && !a.deleted && a.version > 0 {
			out[id] = a.version
		}
	}
	return out
}

// writer is one client of a node: it creates practices (mostly shared,
// some private), updates its own at the version it was told, and deletes
// some, until ctx ends or a call fails. Each client touches only records
// it created, so what it was told is the truth unless a write was in
// flight when the node died. pause is the time between writes.
func writer(ctx context.Context, c hcnetv1.CityServiceClient, log *ackLog, r *rand.Rand, tag string, pause time.Duration) error {
	var own []string
	for i := 0; ctx.Err() == nil; i++ {
		if pause > 0 {
			time.Sleep(pause)
		}
		var err error
		switch x := r.IntN(10); {
		case len(own) < 3 || x < 5:
			err = writerCreate(ctx, c, log, r, fmt.Sprintf("%s %d", tag, i), &own)
		case x < 9:
			err = writerUpdate(ctx, c, log, r, own[r.IntN(len(own))], i)
		default:
			k := r.IntN(len(own))
			id := own[k]
			own = append(own[:k], own[k+1:]...)
			err = writerDelete(ctx, c, log, id)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func writerCreate(ctx context.Context, c hcnetv1.CityServiceClient, log *ackLog, r *rand.Rand, title string, own *[]string) error {
	vis := hcnetv1.Visibility_VISIBILITY_PUBLIC
	switch r.IntN(8) {
	case 0:
		vis = hcnetv1.Visibility_VISIBILITY_PRIVATE
	case 1:
		vis = hcnetv1.Visibility_VISIBILITY_NETWORK
	}
	sent := time.Now()
	ctx, cancel := context.WithTimeout(ctx, callLimit)
	defer cancel()
	res, err := c.CreatePractice(ctx, &hcnetv1.CreatePracticeRequest{Practice: practice("Mötesplatser "+title, vis)})
	if err != nil {
		return err
	}
	p := res.GetPractice()
	*own = append(*own, p.GetId())
	log.set(p.GetId(), func(a *acked) {
		a.version, a.shared, a.created = p.GetVersion(), vis != hcnetv1.Visibility_VISIBILITY_PRIVATE, sent
		log.writes++
		if a.shared {
			log.sharedWrites++
		}
	})
	return nil
}

func writerUpdate(ctx context.Context, c hcnetv1.CityServiceClient, log *ackLog, r *rand.Rand, id string, i int) error {
	var version int64
	var shared bool
	log.set(id, func(a *acked) { version, shared, a.inflight = a.version, a.shared, true })
	p := &hcnetv1.Practice{Id: id, Version: version, Problem: fmt.Sprintf("Loneliness, write %d", i)}
	paths := []string{"problem"}
	if r.IntN(6) == 0 { // now and then, a change of visibility
		shared = !shared
		p.Visibility = hcnetv1.Visibility_VISIBILITY_PRIVATE
		if shared {
			p.Visibility = hcnetv1.Visibility_VISIBILITY_PUBLIC
		}
		paths = append(paths, "visibility")
	}
	ctx, cancel := context.WithTimeout(ctx, callLimit)
	defer cancel()
	res, err := c.UpdatePractice(ctx, &hcnetv1.UpdatePracticeRequest{Practice: p, UpdateMask: &fieldmaskpb.FieldMask{Paths: paths}})
	if err != nil {
		return err
	}
	log.set(id, func(a *acked) {
		a.version, a.shared, a.inflight = res.GetPractice().GetVersion(), shared, false
		log.writes++
		if shared {
			log.sharedWrites++
		}
	})
	return nil
}

func writerDelete(ctx context.Context, c hcnetv1.CityServiceClient, log *ackLog, id string) error {
	var version int64
	log.set(id, func(a *acked) { version, a.inflight = a.version, true })
	ctx, cancel := context.WithTimeout(ctx, callLimit)
	defer cancel()
	if _, err := c.DeletePractice(ctx, &hcnetv1.DeletePracticeRequest{Id: id, Version: version}); err != nil {
		return err
	}
	log.set(id, func(a *acked) {
		a.deleted, a.inflight = true, false
		log.writes++
	})
	return nil
}

// verify reads back every record the node acknowledged: an acknowledged
// delete stays deleted, an acknowledged version is there, one further
// only when a write of the record was in flight at the crash (which then
// counts as settled).
func (l *ackLog) verify(ctx context.Context, c hcnetv1.CityServiceClient) (checked int, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for id, a := range l.recs {
		if a.version == 0 {
			continue
		}
		res, gerr := c.GetPractice(ctx, &hcnetv1.GetPracticeRequest{Id: id})
		got := res.GetPractice().GetVersion()
		switch {
		case status.Code(gerr) == codes.NotFound:
			if !a.deleted && !a.inflight {
				return checked, fmt.Errorf("practice %s acknowledged at version %d is gone after kill -9", id, a.version)
			}
			a.deleted = true
		case gerr != nil:
			return checked, gerr
		case a.deleted:
			return checked, fmt.Errorf("practice %s: its delete was acknowledged, yet it is back at version %d", id, got)
		case got == a.version:
		case got == a.version+1 && a.inflight:
			a.version = got
			a.shared = res.GetPractice().GetVisibility() != hcnetv1.Visibility_VISIBILITY_PRIVATE
		default:
			return checked, fmt.Errorf("practice %s at version %d after kill -9, acknowledged %d (write in flight: %v)", id, got, a.version, a.inflight)
		}
		a.inflight = false
		checked++
	}
	return checked, nil
}
