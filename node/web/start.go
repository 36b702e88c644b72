package web

import (
	"log/slog"
	"net/netip"

	"github.com/hcnet/hcnet/internal/webui"
	"github.com/hcnet/hcnet/node"
	hcnetv1 "github.com/hcnet/hcnet/proto/hcnet/v1"
)

// Start serves the pages of the running node n on addr (hcnode run
// --http). The pages reach the node's gRPC service like any client, over
// its in-process listener (so with or without TLS), and pass the same
// token check and validation; the token is the one in the node's data
// folder. An empty addr serves nothing and returns a nil server, whose
// Shutdown does nothing.
//
// publicURL (hcnode run --public-url, checked by webui.ParsePublicURL) is
// where officers reach the pages: the pages also answer to its host, and
// when it is https the session cookie is Secure. Without it the pages
// answer only to hosts naming this server (others get 421), which keeps
// a node on loopback out of reach of DNS rebinding. proxies
// (--trusted-proxies) are the reverse proxies whose X-Forwarded-* headers
// are believed.
func Start(addr, publicURL string, proxies []netip.Prefix, lang string, n *node.Node, log *slog.Logger) (*webui.Server, error) {
	if addr == "" {
		return nil, nil
	}
	origin, err := webui.NewOrigin(publicURL, addr)
	if err != nil {
		return nil, err
	}
	origin.TrustProxies(proxies)
	token, err := node.ReadToken(n.Dir)
	if err != nil {
		return nil, err
	}
	conn, err := n.LocalConn()
	if err != nil {
		return nil, err
	}
	h, err := New(hcnetv1.NewCityServiceClient(conn), token, Options{Pending: n.Store.PendingRecords, Log: log, Origin: origin, Accounts: n.Accounts, Lang: lang, Backup: n.Store.Backup, BackupDir: n.Dir, DialHub: n.Sharing.Dial})
	if err != nil {
		conn.Close()
		return nil, err
	}
	s, err := webui.Listen(addr, origin.Guard(h), log, conn)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return s, nil
}
