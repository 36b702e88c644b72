package webui

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Secure adds the headers every page gets: a content security policy that
// allows nothing from elsewhere and no scripts, no framing, no sniffing.
func Secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		h.ServeHTTP(w, r)
	})
}

// Server is a web UI listening next to a daemon's gRPC server.
type Server struct {
	srv  *http.Server
	lis  net.Listener
	done chan error
	once sync.Once
	err  error
	// closers run after the server stops (the gRPC client it used).
	closers []io.Closer
}

// Listen serves h on addr until Shutdown, which then closes closers.
func Listen(addr string, h http.Handler, log *slog.Logger, closers ...io.Closer) (*Server, error) {
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{
		srv: &http.Server{
			Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
			WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute,
			ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		},
		lis: lis, done: make(chan error, 1), closers: closers,
	}
	go func() {
		err := s.srv.Serve(lis)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.done <- err
	}()
	log.Info("web UI serving", "url", "http://"+lis.Addr().String()+"/")
	return s, nil
}

// Addr is the address it listens on.
func (s *Server) Addr() string { return s.lis.Addr().String() }

// URL is the address as a link.
func (s *Server) URL() string { return "http://" + s.Addr() + "/" }

// Shutdown stops taking requests and lets running ones finish until ctx ends.
// It is safe to call more than once, and on a nil Server (a web UI that
// was not asked for).
func (s *Server) Shutdown(ctx context.Context) error {
	if s == nil {
		return nil
	}
	s.once.Do(func() {
		s.err = s.srv.Shutdown(ctx)
		if serr := <-s.done; s.err == nil {
			s.err = serr
		}
		for _, c := range s.closers {
			c.Close()
		}
	})
	return s.err
}
