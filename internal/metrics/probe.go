package metrics

import (
	"errors"
	"net/http"
	"sync"
)

// Paths of the HTTP probes, served next to /metrics: container runtimes,
// load balancers and orchestrators ask these rather than gRPC health.
const (
	// LivePath answers 200 while the process serves HTTP at all.
	LivePath = "/healthz"
	// ReadyPath answers 200 while the daemon can do its work (the same
	// readiness check that sets its gRPC health), 503 with the reason
	// otherwise.
	ReadyPath = "/readyz"
)

// errStarting is the readiness before the first check has answered.
var errStarting = errors.New("starting: readiness not checked yet")

// probe holds the answer of the latest readiness check, so /readyz says
// what gRPC health says without checking again on every request.
type probe struct {
	mu  sync.Mutex
	err error
}

func newProbe() *probe { return &probe{err: errStarting} }

func (p *probe) set(err error) {
	p.mu.Lock()
	p.err = err
	p.mu.Unlock()
}

func (p *probe) ready() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// handle serves LivePath and ReadyPath on mux.
func (p *probe) handle(mux *http.ServeMux) {
	mux.HandleFunc(LivePath, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc(ReadyPath, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if err := p.ready(); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("not ready: " + err.Error() + "\n"))
			return
		}
		w.Write([]byte("ready\n"))
	})
}
