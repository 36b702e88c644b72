package natsserver

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nats-io/nats-server/v2/server"
)

// spaceProbe is the file hasRoom writes in the store folder, and how
// much: a message of the largest size the server takes (MaxPayload) with
// room to spare, so a store that passes can take the next write.
const (
	spaceProbe     = "space.probe"
	spaceProbeSize = 8 << 20
)

// storeErr says why the JetStream store cannot take writes, nil when it
// can. A file store that failed a write (a full disk: ENOSPC) keeps the
// error and refuses every later write without answering the publisher,
// until JetStream is started again; nats-server switches JetStream off
// altogether when it may not write its files; and a store past its limit
// refuses publishes ("insufficient resources"). That limit, unless set,
// is 75% of the disk's free space when JetStream started, and grows only
// when it starts again.
func (s *Server) storeErr() error {
	if !s.srv.JetStreamEnabled() {
		return errors.New("JetStream is disabled")
	}
	if js, err := s.srv.Jsz(&server.JSzOptions{}); err == nil && js.Config.MaxStore > 0 && int64(js.Store) > js.Config.MaxStore {
		return fmt.Errorf("JetStream store holds %d bytes, past its limit of %d bytes: publishes are refused (insufficient resources)",
			js.Store, js.Config.MaxStore)
	}
	hs := s.srv.Healthz(&server.HealthzOptions{Details: true})
	if hs.Status == "ok" {
		return nil
	}
	var out error
	for _, he := range hs.Errors {
		out = errors.Join(out, errors.New(he.Error))
	}
	if out == nil {
		out = fmt.Errorf("JetStream health: %s %s", hs.Status, hs.Error)
	}
	return out
}

// hasRoom writes spaceProbeSize bytes to a file in the store folder and
// truncates it again: an error (ENOSPC) says the disk is still full. The
// file stays, empty, so the probe never removes anything.
func (s *Server) hasRoom() error {
	path := filepath.Join(s.storeDir, spaceProbe)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, werr := f.Write(make([]byte, spaceProbeSize))
	if werr == nil {
		werr = f.Sync()
	}
	f.Truncate(0) // give back what was written, whatever happened
	return errors.Join(werr, f.Close())
}

// restartJetStream stops JetStream and starts it again on the same store:
// the streams and consumers are read back from their files and a write
// error they held is gone. Clients stay connected; a consumer's pending
// pull requests are lost, which its client notices by the missing
// heartbeats and asks again.
func (s *Server) restartJetStream() error {
	if err := s.srv.ShutdownJetStream(); err != nil {
		return fmt.Errorf("stop JetStream: %w", err)
	}
	if err := s.srv.EnableJetStream(&server.JetStreamConfig{
		StoreDir:     s.storeDir,
		SyncInterval: s.syncInterval,
		MaxStore:     s.maxStore,
		Strict:       true,
		CompressOK:   true,
	}); err != nil {
		return fmt.Errorf("start JetStream: %w", err)
	}
	return nil
}
