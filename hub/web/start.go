package web

import (
	"log/slog"
	"net/netip"

	"github.com/hcnet/hcnet/hub"
	"github.com/hcnet/hcnet/hub/feed"
	"github.com/hcnet/hcnet/internal/secret"
	"github.com/hcnet/hcnet/internal/webui"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Start serves the pages of the running hub h on addr (hchub run --http),
// reading through its gRPC service like any client, over the in-process
// listener: so with or without TLS, and outside the per-client rate limit
// (the pages are one client serving many visitors). An empty addr serves
// nothing and returns a nil server, whose Shutdown does nothing.
//
// publicURL (hchub run --public-url, checked by webui.ParsePublicURL) is
// where readers reach the pages; the feed's links start with it. Without
// it they start with the request's Host, and the pages answer only to
// hosts naming this server (webui.NewOrigin); others get 421. proxies
// (--trusted-proxies) are the reverse proxies whose X-Forwarded-Proto and
// X-Forwarded-Host are believed; from anyone else they are ignored.
//
// Coordinators and readers sign in with the hub's accounts (or its admin
// token); the pages then call the admin methods with the token from the
// hub's data folder on their behalf.
func Start(addr, publicURL string, proxies []netip.Prefix, lang string, h *hub.Hub, log *slog.Logger) (*webui.Server, error) {
	if addr == "" {
		return nil, nil
	}
	origin, err := webui.NewOrigin(publicURL, addr)
	if err != nil {
		return nil, err
	}
	origin.TrustProxies(proxies)
	conn, err := h.LocalConn()
	if err != nil {
		return nil, err
	}
	token, err := secret.Read(h.Dir, hub.TokenFile)
	if err != nil {
		conn.Close()
		return nil, err
	}
	w, err := New(hcnetv1.NewHubServiceClient(conn), Options{
		Adoptions: h.Store.AdoptionsOf, Feed: feed.Atom(h.Store, h.Info, origin.Base), Log: log, Lang: lang,
		Accounts: h.Accounts, Token: token, Origin: origin,
	})
	if err != nil {
		conn.Close()
		return nil, err
	}
	s, err := webui.Listen(addr, origin.Guard(w), log, conn)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return s, nil
}
