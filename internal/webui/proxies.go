package webui

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ParseTrustedProxies reads --trusted-proxies: a comma-separated list of
// addresses and CIDR prefixes ("10.0.0.0/8,192.0.2.7,::1"), the reverse
// proxies whose X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-For
// are believed. "" is none.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("%q is not an address or a CIDR prefix (10.0.0.0/8)", f)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or a CIDR prefix (10.0.0.0/8)", f)
		}
		a = a.Unmap().WithZone("")
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// TrustProxies makes o believe the X-Forwarded-* headers of requests
// whose remote address is in one of ps, and only of those: anyone else
// could send them to forge links or to dodge a per-address limit.
func (o *Origin) TrustProxies(ps []netip.Prefix) { o.proxies = ps }

// trusted reports whether a is a trusted proxy's address.
func (o *Origin) trusted(a netip.Addr) bool {
	a = a.Unmap().WithZone("")
	for _, p := range o.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// remoteAddr is the address r came from (the TCP peer).
func remoteAddr(r *http.Request) (netip.Addr, bool) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	return a.Unmap().WithZone(""), err == nil
}

// fromProxy reports whether r came from a trusted proxy.
func (o *Origin) fromProxy(r *http.Request) bool {
	a, ok := remoteAddr(r)
	return ok && len(o.proxies) > 0 && o.trusted(a)
}

// forwarded is the last value of a X-Forwarded-* header: the one the
// nearest proxy, the trusted one, set or appended.
func forwarded(r *http.Request, name string) string {
	vs := r.Header.Values(name)
	if len(vs) == 0 {
		return ""
	}
	parts := strings.Split(vs[len(vs)-1], ",")
	return strings.TrimSpace(parts[len(parts)-1])
}

// RequestHost is the host the client asked for: X-Forwarded-Host when a
// trusted proxy sent one, else Host.
func (o *Origin) RequestHost(r *http.Request) string {
	if o.fromProxy(r) {
		if h := forwarded(r, "X-Forwarded-Host"); h != "" {
			return h
		}
	}
	return r.Host
}

// RequestHTTPS reports whether the client reached the server over TLS:
// directly, or to a trusted proxy that says so in X-Forwarded-Proto.
func (o *Origin) RequestHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	return o.fromProxy(r) && strings.EqualFold(forwarded(r, "X-Forwarded-Proto"), "https")
}

// SecureCookies reports whether cookies set in answer to r should carry
// Secure: when the public URL is https (the browser reaches the server
// over TLS, whatever the last hop), or when r itself came over TLS.
func (o *Origin) SecureCookies(r *http.Request) bool {
	return strings.HasPrefix(o.public, "https://") || o.RequestHTTPS(r)
}

// ClientAddr is the address of the client r came from, for logs and
// per-client limits: from a trusted proxy, the last address of
// X-Forwarded-For that is not a trusted proxy's; otherwise, and when the
// header says nothing usable, the remote address.
func (o *Origin) ClientAddr(r *http.Request) string {
	a, ok := remoteAddr(r)
	if !ok {
		return r.RemoteAddr
	}
	if !o.fromProxy(r) {
		return a.String()
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		h, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if a = h.Unmap().WithZone(""); !o.trusted(a) {
			break
		}
	}
	return a.String()
}
