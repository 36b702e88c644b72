package metrics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Path is where the metrics are served.
const Path = "/metrics"

// scrapeTimeout bounds what one scrape may spend reading the database and
// NATS; Prometheus's own default scrape timeout is 10s.
const scrapeTimeout = 5 * time.Second

// Server serves a registry over HTTP.
type Server struct {
	// Addr is the address it listens on (with the port chosen for ":0").
	Addr string
	srv  *http.Server
	done chan error
}

// Serve listens on addr and serves reg at /metrics until Shutdown. A
// collector that fails (the database busy past the scrape timeout) is
// logged and left out; the rest of the scrape is still served.
func Serve(addr string, reg *prometheus.Registry, log *slog.Logger) (*Server, error) {
	return serve(addr, reg, nil, log)
}

// serve is Serve, with the HTTP probes of p when p is not nil.
func serve(addr string, reg *prometheus.Registry, p *probe, log *slog.Logger) (*Server, error) {
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle(Path, promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorLog:            slogAdapter{log},
		ErrorHandling:       promhttp.ContinueOnError,
		MaxRequestsInFlight: 4,
		Timeout:             2 * scrapeTimeout,
	}))
	index := "Prometheus metrics are at " + Path + "\n"
	if p != nil {
		p.handle(mux)
		index += "liveness at " + LivePath + ", readiness at " + ReadyPath + "\n"
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte(index))
	})
	s := &Server{
		Addr: lis.Addr().String(),
		srv:  &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second},
		done: make(chan error, 1),
	}
	go func() { s.done <- s.srv.Serve(lis) }()
	log.Info("metrics serving", "addr", s.Addr, "path", Path)
	return s, nil
}

// Shutdown stops the server, letting a running scrape finish until ctx
// ends.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	if serr := <-s.done; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}

// slogAdapter gives promhttp, which logs through Println, the daemon's
// structured logger.
type slogAdapter struct{ log *slog.Logger }

func (a slogAdapter) Println(v ...any) { a.log.Warn("metrics scrape", "err", fmt.Sprint(v...)) }
