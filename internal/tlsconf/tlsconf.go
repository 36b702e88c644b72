// Package tlsconf turns the certificate files an operator names in flags
// into TLS configurations: a server's (hchub, hcnode), with client
// certificates required when a client CA is given (mutual TLS), and a
// client's (hcctl, a node towards its hub, a hub towards its parent).
package tlsconf

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
)

// Server names a server's certificate files. All empty serves plaintext.
type Server struct {
	// Cert and Key are the server's certificate chain and private key
	// (PEM).
	Cert, Key string
	// ClientCA, when set, makes the server require a client certificate
	// issued by one of the CAs in this PEM file (mutual TLS).
	ClientCA string
}

// Enabled says whether any file was named.
func (s Server) Enabled() bool { return s.Cert != "" || s.Key != "" || s.ClientCA != "" }

// Config loads the files. It returns nil for a plaintext server, and an
// error naming the flag for a half-given pair or a file that does not
// parse.
func (s Server) Config() (*tls.Config, error) {
	if !s.Enabled() {
		return nil, nil
	}
	if s.Cert == "" || s.Key == "" {
		return nil, errors.New("--tls-cert and --tls-key go together (and --tls-client-ca needs both)")
	}
	cert, err := tls.LoadX509KeyPair(s.Cert, s.Key)
	if err != nil {
		return nil, fmt.Errorf("--tls-cert %s, --tls-key %s: %w", s.Cert, s.Key, err)
	}
	c := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if s.ClientCA != "" {
		pool, err := pool("--tls-client-ca", s.ClientCA)
		if err != nil {
			return nil, err
		}
		c.ClientCAs = pool
		c.ClientAuth = tls.RequireAndVerifyClientCert
	}
	return c, nil
}

// Client says how a client reaches a server: plaintext, or TLS verifying
// the server against CA (the system's roots when CA is empty), with a
// client certificate when the server asks for one.
type Client struct {
	TLS bool
	// CA is a PEM file of the CAs to trust instead of the system's.
	CA string
	// Cert and Key are the client's certificate and key, for a server
	// with mutual TLS.
	Cert, Key string
	// Flags names the flags in error messages ("--ca", "--hub-ca"); the
	// prefix before "ca", "cert" and "key".
	Flags string
}

// Enabled says whether TLS is on: asked for, or implied by a CA or
// certificate.
func (c Client) Enabled() bool { return c.TLS || c.CA != "" || c.Cert != "" || c.Key != "" }

// Config loads the files; nil means plaintext.
func (c Client) Config() (*tls.Config, error) {
	if !c.Enabled() {
		return nil, nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if c.CA != "" {
		p, err := pool("--"+c.Flags+"ca", c.CA)
		if err != nil {
			return nil, err
		}
		cfg.RootCAs = p
	}
	if (c.Cert == "") != (c.Key == "") {
		return nil, fmt.Errorf("--%scert and --%skey go together", c.Flags, c.Flags)
	}
	if c.Cert != "" {
		cert, err := tls.LoadX509KeyPair(c.Cert, c.Key)
		if err != nil {
			return nil, fmt.Errorf("--%scert %s, --%skey %s: %w", c.Flags, c.Cert, c.Flags, c.Key, err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	return cfg, nil
}

// Credentials are the transport credentials of c: TLS, or insecure for
// plaintext.
func (c Client) Credentials() (credentials.TransportCredentials, error) {
	cfg, err := c.Config()
	if err != nil {
		return nil, err
	}
	return Creds(cfg), nil
}

// DialOption is Credentials as a dial option.
func (c Client) DialOption() (grpc.DialOption, error) {
	creds, err := c.Credentials()
	if err != nil {
		return nil, err
	}
	return grpc.WithTransportCredentials(creds), nil
}

// Creds are TLS credentials for cfg, or insecure ones for a nil cfg.
func Creds(cfg *tls.Config) credentials.TransportCredentials {
	if cfg == nil {
		return insecure.NewCredentials()
	}
	return credentials.NewTLS(cfg)
}

// Loopback says whether addr ("host:port") is on the loopback interface,
// where plaintext does not leave the machine. A name other than
// "localhost" counts as not loopback.
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func pool(flag, file string) (*x509.CertPool, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flag, err)
	}
	p := x509.NewCertPool()
	if !p.AppendCertsFromPEM(b) {
		return nil, fmt.Errorf("%s %s: no PEM certificate in the file", flag, file)
	}
	return p, nil
}
