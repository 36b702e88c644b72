package natsserver

import (
	"context"
	"sync"
	"time"
)

// StoreCheckInterval is how often WatchStore checks that the JetStream
// store can write, by default.
const StoreCheckInterval = 5 * time.Second

// Health is what WatchStore last found about the JetStream store.
type Health struct {
	// Err is why the store cannot write (a write error it keeps,
	// JetStream switched off, or the store past its limit); nil when it
	// can.
	Err error
	// Failures counts the times the store was found failing; Restarts
	// the JetStream restarts to make it write again.
	Failures, Restarts int64
}

// Health reports what WatchStore last found.
func (s *Server) Health() Health {
	h := &s.health
	h.mu.Lock()
	defer h.mu.Unlock()
	return Health{Err: h.err, Failures: h.failures, Restarts: h.restarts}
}

// storeHealth is what the watcher last found about the JetStream store.
type storeHealth struct {
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

// WatchStore checks the JetStream store every Config.StoreCheck until ctx
// ends. A store that cannot write is reported (log, Health) and, as soon
// as the disk has room again, JetStream is started again: nats-server
// itself would refuse every write until a restart.
func (s *Server) WatchStore(ctx context.Context) {
	t := time.NewTicker(s.checkEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.checkStore()
	}
}

// checkStore is one round of WatchStore.
func (s *Server) checkStore() {
	sh := &s.health
	err := s.storeErr()
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
		s.log.Info("JetStream store writes again")
		return
	case err == nil:
		return
	case was == nil:
		s.log.Error("JetStream store cannot write: the hub takes no records until it can; free space in the data folder", "dir", s.storeDir, "err", err)
	}
	if waiting {
		return
	}
	if room := s.hasRoom(); room != nil {
		return // still full: try again next round
	}
	s.log.Warn("restarting JetStream: its store has room again", "err", err)
	if err = s.restartJetStream(); err == nil {
		err = s.storeErr()
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
		s.log.Info("JetStream store writes again")
		return
	}
	s.log.Warn("JetStream store still cannot write after a restart; trying again later", "after", backoff, "err", err)
}
