package tlsconf

import "github.com/spf13/pflag"

// AddFlags defines a daemon's server certificate flags: --tls-cert,
// --tls-key and --tls-client-ca.
func (s *Server) AddFlags(f *pflag.FlagSet) {
	f.StringVar(&s.Cert, "tls-cert", "", "serve gRPC over TLS with this certificate (PEM, with its chain); needs --tls-key")
	f.StringVar(&s.Key, "tls-key", "", "the private key of --tls-cert (PEM)")
	f.StringVar(&s.ClientCA, "tls-client-ca", "", "require a client certificate issued by a CA in this PEM file (mutual TLS)")
}

// AddFlags defines the flags of a daemon's upstream connection, named by
// c.Flags ("hub-": --hub-tls, --hub-ca, --hub-cert, --hub-key). server is
// the server reached ("the hub"), kind the same as a kind ("a hub").
func (c *Client) AddFlags(f *pflag.FlagSet, server, kind string) {
	p := c.Flags
	f.BoolVar(&c.TLS, p+"tls", false, "reach "+server+" over TLS, trusting the system's CAs (implied by --"+p+"ca and --"+p+"cert)")
	f.StringVar(&c.CA, p+"ca", "", "reach "+server+" over TLS, trusting the CAs in this PEM file")
	f.StringVar(&c.Cert, p+"cert", "", "client certificate (PEM) for "+kind+" that requires mutual TLS; needs --"+p+"key")
	f.StringVar(&c.Key, p+"key", "", "the private key of --"+p+"cert (PEM)")
}
