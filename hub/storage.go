package hub

import (
	"errors"
	"fmt"
)

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

// Storage reports the hub's storage now: the embedded server's store as
// its watcher last found it (natsserver.Server.WatchStore).
func (h *Hub) Storage() StorageStatus {
	var s StorageStatus
	if h.NATS != nil {
		st := h.NATS.Health()
		s.Stream, s.StreamFailures, s.StreamRestarts = st.Err, st.Failures, st.Restarts
	}
	s.Database = h.Store.DB().Full()
	s.DatabaseFull = h.Store.DB().FullCount()
	return s
}
