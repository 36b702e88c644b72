package webui

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestParseTrustedProxies(t *testing.T) {
	got, err := ParseTrustedProxies(" 10.0.0.0/8, 192.0.2.7,::1 ,2001:db8::1/32,")
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, p := range got {
		s = append(s, p.String())
	}
	if want := "10.0.0.0/8 192.0.2.7/32 ::1/128 2001:db8::/32"; strings.Join(s, " ") != want {
		t.Errorf("got %v, want %s", s, want)
	}
	if got, err := ParseTrustedProxies(""); err != nil || len(got) != 0 {
		t.Errorf(`"": %v, %v; want none`, got, err)
	}
	for _, bad := range []string{"proxy.example.org", "10.0.0.0/33", "10.0.0.0/8;192.0.2.7", "10.1"} {
		if _, err := ParseTrustedProxies(bad); err == nil || !strings.Contains(err.Error(), "not an address or a CIDR prefix") {
			t.Errorf("%q: %v, want an error", bad, err)
		}
	}
}

// TestClientAddr: the client's address is the remote one, unless a
// trusted proxy sent the request: then the last X-Forwarded-For hop that
// is not a trusted proxy (the hops before it are whatever the client
// chose to write).
func TestClientAddr(t *testing.T) {
	o, _ := NewOrigin("", "127.0.0.1:8400")
	ps, _ := ParseTrustedProxies("10.0.0.0/8")
	o.TrustProxies(ps)
	for _, c := range []struct {
		title, remote, forwardedFor, want string
	}{
		{"untrusted remote", "192.0.2.9:5000", "203.0.113.1", "192.0.2.9"},
		{"trusted remote, no header", "10.0.0.2:5000", "", "10.0.0.2"},
		{"trusted remote", "10.0.0.2:5000", "203.0.113.1", "203.0.113.1"},
		{"forged first hop", "10.0.0.2:5000", "198.51.100.1, 203.0.113.1", "203.0.113.1"},
		{"two trusted proxies", "10.0.0.2:5000", "203.0.113.1, 10.0.0.3", "203.0.113.1"},
		{"garbage", "10.0.0.2:5000", "203.0.113.1, nonsense", "10.0.0.2"},
		{"mapped IPv4", "[::ffff:10.0.0.2]:5000", "203.0.113.1", "203.0.113.1"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.forwardedFor != "" {
			r.Header.Set("X-Forwarded-For", c.forwardedFor)
		}
		if got := o.ClientAddr(r); got != c.want {
			t.Errorf("%s: %s, want %s", c.title, got, c.want)
		}
	}
}
