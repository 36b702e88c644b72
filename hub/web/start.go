package web

import (
	"log/slog"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Start serves the pages of the running hub h on addr (hchub run --http),
// reading through its gRPC service like any client, over the in-process
// listener: so with or without TLS, and outside the per-client rate limit
// (the pages are one client serving many visitors). An empty addr serves
// nothing and returns a nil server, whose Shutdown does nothing.
func Start(addr string, h *hub.Hub, log *slog.Logger) (*webui.Server, error) {
	if addr == "" {
		return nil, nil
	}
	conn, err := h.LocalConn()
	if err != nil {
		return nil, err
	}
	w, err := New(hcnetv1.NewHubServiceClient(conn), Options{Adoptions: h.Store.AdoptionsOf, Feed: hub.FeedHandler(h.Store, h.Info), Log: log})
	if err != nil {
		conn.Close()
		return nil, err
	}
	s, err := webui.Listen(addr, w, log, conn)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return s, nil
}
