package webui

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// Origin is where a web server is reached: the public URL it was given,
// if any, and the host names it answers to. Links that must be absolute
// (an Atom feed's) are built from it, never from a Host header alone:
// anyone can send any Host, and a cache in front would hand the forged
// links to every later reader. Checking Host also keeps pages of a
// server on a loopback address out of reach of DNS rebinding.
type Origin struct {
	public  string          // "https://hub.example.org", or "" when none was given
	hosts   map[string]bool // lower-case host names and canonical IPs, without ports
	proxies []netip.Prefix  // reverse proxies whose X-Forwarded-* headers are believed
}

// ParsePublicURL checks the address readers reach the web pages at
// (--public-url): http or https, a host, nothing after it but an optional
// "/" (the pages are served from the root). It returns it without the
// trailing slash; "" stays "".
func ParsePublicURL(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("%q is not a URL: %v", s, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("%q: want an http:// or https:// URL", s)
	case u.Host == "" || u.Hostname() == "":
		return "", fmt.Errorf("%q has no host", s)
	case u.User != nil:
		return "", fmt.Errorf("%q: a user name or password has no place here", s)
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.ForceQuery, u.Fragment != "":
		return "", fmt.Errorf("%q: give scheme and host only (https://hub.example.org); the pages are served from the root", s)
	}
	return u.Scheme + "://" + strings.ToLower(u.Host), nil
}

// NewOrigin is the origin of a server listening on listen (host:port) and
// reached at publicURL (from ParsePublicURL; "" for none). It answers to
// loopback names, to the public URL's host, and to the listen host, or
// when that is every interface (":8500", "0.0.0.0:8500") to each of the
// machine's addresses as they are now. Any port: a container or a proxy
// may publish the server on another one.
func NewOrigin(publicURL, listen string) (*Origin, error) {
	o := &Origin{public: publicURL, hosts: map[string]bool{}}
	if publicURL != "" {
		u, err := url.Parse(publicURL)
		if err != nil {
			return nil, err
		}
		o.hosts[canonicalHost(u.Hostname())] = true
	}
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return nil, fmt.Errorf("listen address %q: %v", listen, err)
	}
	if ip, err := netip.ParseAddr(host); host != "" && (err != nil || !ip.IsUnspecified()) {
		o.hosts[canonicalHost(host)] = true
		return o, nil
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil, fmt.Errorf("the machine's addresses: %v", err)
	}
	for _, a := range addrs {
		if p, err := netip.ParsePrefix(a.String()); err == nil {
			o.hosts[p.Addr().Unmap().WithZone("").String()] = true
		}
	}
	return o, nil
}

// canonicalHost is a host name in lower case without a final dot, or an
// IP address in its canonical form.
func canonicalHost(h string) string {
	h = strings.TrimSuffix(strings.ToLower(strings.Trim(h, "[]")), ".")
	if ip, err := netip.ParseAddr(h); err == nil {
		return ip.Unmap().WithZone("").String()
	}
	return h
}

// Answers reports whether a request's Host (host or host:port) names
// this server.
func (o *Origin) Answers(hostport string) bool {
	_, ok := o.host(hostport)
	return ok
}

// host is the Host header hostport in canonical form, host or host:port
// ("[::1]:8500"), if it names this server. A port must be a number from
// 1 to 65535: net.SplitHostPort takes anything after the colon, and a
// link built from "localhost:evil" would lead nowhere this server is.
func (o *Origin) host(hostport string) (string, bool) {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		// No port, or an IPv6 address without brackets or port.
		host, port = hostport, ""
		if strings.Contains(strings.Trim(host, "[]"), ":") {
			if _, err := netip.ParseAddr(strings.Trim(host, "[]")); err != nil {
				return "", false
			}
		}
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 || strings.Trim(port, "0123456789") != "" {
			return "", false
		}
		port = strconv.Itoa(n)
	}
	host = canonicalHost(host)
	switch {
	case host == "":
		return "", false
	case host == "localhost":
	case o.hosts[host]:
	default:
		if ip, err := netip.ParseAddr(host); err != nil || !ip.IsLoopback() {
			return "", false
		}
	}
	if ip, err := netip.ParseAddr(host); err == nil && ip.Is6() {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	return host, true
}

// Base is the scheme and host absolute links of r start with: the public
// URL when there is one, else the host r named (RequestHost), in
// canonical form, if the server answers to it (false when not).
func (o *Origin) Base(r *http.Request) (string, bool) {
	if o.public != "" {
		return o.public, true
	}
	host, ok := o.host(o.RequestHost(r))
	if !ok {
		return "", false
	}
	scheme := "http"
	if o.RequestHTTPS(r) {
		scheme = "https"
	}
	return scheme + "://" + host, true
}

// Guard refuses, with 421 Misdirected Request, a request whose host
// (RequestHost) does not name this server.
func (o *Origin) Guard(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !o.Answers(o.RequestHost(r)) {
			Misdirected(w)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Misdirected answers 421 and says what to configure. The Host is not
// repeated: it is whatever the client chose to send.
func Misdirected(w http.ResponseWriter) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.Error(w, "421 misdirected request: this server does not answer to the host this request names. "+
		"It answers to its listen address, loopback names and the host of --public-url: "+
		"behind a proxy or under a DNS name, give --public-url the address readers use.", http.StatusMisdirectedRequest)
}
