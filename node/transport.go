package node

import (
	"crypto/tls"

	"google.golang.org/grpc"
)

// Options are a node's transport settings (hcnode run --tls-…, --hub-…).
type Options struct {
	// TLS is the gRPC server's TLS configuration; nil serves plaintext.
	TLS *tls.Config
	// HubTLS is the client's TLS configuration towards the hub (join,
	// membership checks, comparisons); nil is plaintext.
	HubTLS *tls.Config
}

// LocalConn connects to the node's own gRPC service in-process, as the
// web pages do: no network, no TLS, the same token checks.
func (n *Node) LocalConn(opts ...grpc.DialOption) (*grpc.ClientConn, error) {
	return n.local.Dial(opts...)
}
