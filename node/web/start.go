package web

import (
	"log/slog"

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
func Start(addr string, n *node.Node, log *slog.Logger) (*webui.Server, error) {
	if addr == "" {
		return nil, nil
	}
	token, err := node.ReadToken(n.Dir)
	if err != nil {
		return nil, err
	}
	conn, err := n.LocalConn()
	if err != nil {
		return nil, err
	}
	h, err := New(hcnetv1.NewCityServiceClient(conn), token, Options{Pending: n.Store.PendingRecords, Log: log})
	if err != nil {
		conn.Close()
		return nil, err
	}
	s, err := webui.Listen(addr, h, log, conn)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return s, nil
}
