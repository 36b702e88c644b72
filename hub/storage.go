package hub

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// StorageCheckInterval is how often a hub with the embedded NATS server
// checks that its JetStream store can write, by default.
const StorageCheckInterval = 5 * time.Second

// StorageStatus says whether the hub can write what it keeps: its
// database (hub.db) and the embedded server's JetStream store. While
// either cannot, Ready fails and the hub's health is NOT_SERVING.
type StorageStatus struct {
	// Database is the error of the last write to the database when it
	// found the disk full; nil once a later write commits.
	Database error
	// Stream is why the JetStream store cannot write (a write error it
	// keeps, JetStream switched off, or the store past its limit); nil
	// when it can, and always with an external NATS deployment, which
	// the hub does not watch.
	Stream error
	// DatabaseFull counts the database writes that found the disk full.
	DatabaseFull int64
	// StreamFailures counts the times the store was found failing;
	// StreamRestarts the JetStream restarts to make it write again.
	StreamFailures, StreamRestarts int64
}

// Err joins what is wrong, nil when nothing is.
func (s StorageStatus) Err() error {
	var out error
	if s.Database != nil {
		out = fmt.Errorf("database: %w", s.Database)
	}
	if s.Stream != nil {
		out = errors.Join(out, fmt.Errorf("JetStream store: %w", s.Stream))
	}
	return out
}

// Storage reports the hub's storage now.
func (h *Hub) Storage() StorageStatus {
	h.streamHealth.mu.Lock()
	s := StorageStatus{Stream: h.streamHealth.err, StreamFailures: h.streamHealth.failures, StreamRestarts: h.streamHealth.restarts}
	h.streamHealth.mu.Unlock()
	s.Database = h.Store.db.Full()
	s.DatabaseFull = h.Store.db.FullCount()
	return s
}

// streamHealth is what the watcher last found about the JetStream store.
type streamHealth struct {
	mu                 sync.Mutex
	err                error
	failures, restarts int64
	// A restart that did not help waits backoff (doubling up to
	// restartBackoffMax) before the next: a store past a limit that
	// restarting does not raise must not be restarted every round.
	nextRestart time.Time
	backoff     time.Duration
}

// Restarts that do not help are tried again after restartBackoffMin,
// doubling up to restartBackoffMax.
const (
	restartBackoffMin = 30 * time.Second
	restartBackoffMax = 10 * time.Minute
)

// watchStream checks the embedded JetStream store every interval until
// ctx ends. A store that cannot write is reported (log, health, metrics)
// and, as soon as the disk has room again, JetStream is started again:
// nats-server itself would refuse every write until a restart.
func (h *Hub) watchStream(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		h.checkStream()
	}
}

// checkStream is one round of watchStream.
func (h *Hub) checkStream() {
	sh := &h.streamHealth
	err := h.NATS.StoreErr()
	sh.mu.Lock()
	was := sh.err
	sh.err = err
	if err != nil && was == nil {
		sh.failures++
	}
	if err == nil {
		sh.backoff, sh.nextRestart = 0, time.Time{}
	}
	waiting := time.Now().Before(sh.nextRestart)
	sh.mu.Unlock()
	switch {
	case err == nil && was != nil:
		h.log.Info("JetStream store writes again")
		return
	case err == nil:
		return
	case was == nil:
		h.log.Error("JetStream store cannot write: the hub takes no records until it can; free space in the data folder", "dir", h.Dir, "err", err)
	}
	if waiting {
		return
	}
	if room := h.NATS.HasRoom(); room != nil {
		return // still full: try again next round
	}
	h.log.Warn("restarting JetStream: its store has room again", "err", err)
	if err = h.NATS.RestartJetStream(); err == nil {
		err = h.NATS.StoreErr()
	}
	sh.mu.Lock()
	sh.restarts++
	sh.err = err
	if err == nil {
		sh.backoff = 0
	} else {
		sh.backoff = min(max(2*sh.backoff, restartBackoffMin), restartBackoffMax)
		sh.nextRestart = time.Now().Add(sh.backoff)
	}
	backoff := sh.backoff
	sh.mu.Unlock()
	if err == nil {
		h.log.Info("JetStream store writes again")
		return
	}
	h.log.Warn("JetStream store still cannot write after a restart; trying again later", "after", backoff, "err", err)
}
