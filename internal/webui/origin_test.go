package webui

import (
	"net"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestParsePublicURL(t *testing.T) {
	for _, tc := range []struct{ title, in, want string }{
		{title: "none", in: "", want: ""},
		{title: "https host", in: "https://hub.example.org", want: "https://hub.example.org"},
		{title: "trailing slash", in: "https://Hub.Example.org/", want: "https://hub.example.org"},
		{title: "port", in: "http://hub.example.org:8500", want: "http://hub.example.org:8500"},
		{title: "IPv6", in: "http://[2001:db8::1]:8500/", want: "http://[2001:db8::1]:8500"},
		{title: "no scheme", in: "hub.example.org"},
		{title: "other scheme", in: "ftp://hub.example.org"},
		{title: "no host", in: "https://"},
		{title: "port only", in: "https://:8500"},
		{title: "a path", in: "https://example.org/hub"},
		{title: "a query", in: "https://hub.example.org/?a=b"},
		{title: "a fragment", in: "https://hub.example.org/#x"},
		{title: "user info", in: "https://user:pw@hub.example.org"},
		{title: "a control character", in: "https://hub.example.org\t"},
	} {
		got, err := ParsePublicURL(tc.in)
		if tc.want == "" && tc.in != "" {
			if err == nil {
				t.Errorf("%s: ParsePublicURL(%q) = %q, want an error", tc.title, tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: ParsePublicURL(%q) = %q, %v; want %q", tc.title, tc.in, got, err, tc.want)
		}
	}
}

func TestOriginAnswers(t *testing.T) {
	origin := func(public, listen string) *Origin {
		o, err := NewOrigin(public, listen)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	loopbackNames := []string{"localhost", "localhost:8500", "LOCALHOST.:1", "127.0.0.1", "127.0.0.1:8500", "127.1.2.3:80", "[::1]:8500", "::1", "[::ffff:127.0.0.1]:8500"}
	foreign := []string{"", "evil.example", "evil.example:8500", "localhost.evil.example", "127.0.0.1.evil.example", "10.1.2.3:8500", "[2001:db8::66]:8500", "hub.example.org.evil.example", "a b",
		// A port is a number from 1 to 65535, or the links built from it lead elsewhere.
		"localhost:evil", "localhost:evil.example", "127.0.0.1:0", "localhost:65536", "[::1]:+80", "localhost:-1", "localhost:80:80", "localhost:0x50", ":8500"}
	for _, tc := range []struct {
		title          string
		origin         *Origin
		answers, wrong []string
	}{
		{title: "loopback listener", origin: origin("", "127.0.0.1:8500"), answers: loopbackNames, wrong: append(foreign, "hub.example.org")},
		{title: "listener on a named host", origin: origin("", "hub.lan:8500"), answers: append(loopbackNames, "hub.lan:8500", "HUB.LAN.", "hub.lan:80"), wrong: foreign},
		{title: "listener on an address", origin: origin("", "192.0.2.7:8500"), answers: append(loopbackNames, "192.0.2.7:8500", "192.0.2.7"), wrong: append(foreign, "192.0.2.8:8500")},
		{title: "public URL", origin: origin("https://hub.example.org", "127.0.0.1:8500"), answers: append(loopbackNames, "hub.example.org", "Hub.Example.Org:443", "hub.example.org."), wrong: foreign},
	} {
		for _, h := range tc.answers {
			if !tc.origin.Answers(h) {
				t.Errorf("%s: does not answer to %q", tc.title, h)
			}
		}
		for _, h := range tc.wrong {
			if tc.origin.Answers(h) {
				t.Errorf("%s: answers to %q", tc.title, h)
			}
		}
	}

	// On every interface, each of the machine's addresses is this server.
	all := origin("", ":8500")
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range addrs {
		p, err := netip.ParsePrefix(a.String())
		if err != nil {
			continue
		}
		if h := net.JoinHostPort(p.Addr().WithZone("").String(), "8500"); !all.Answers(h) {
			t.Errorf("listening on every interface: does not answer to %q, an address of this machine", h)
		}
	}
	for _, h := range foreign {
		if all.Answers(h) {
			t.Errorf("listening on every interface: answers to %q", h)
		}
	}
}

func TestOriginBase(t *testing.T) {
	local, _ := NewOrigin("", "127.0.0.1:8500")
	public, _ := NewOrigin("https://hub.example.org", "127.0.0.1:8500")
	for _, tc := range []struct {
		title  string
		origin *Origin
		host   string
		want   string
		ok     bool
	}{
		{title: "loopback Host", origin: local, host: "127.0.0.1:8500", want: "http://127.0.0.1:8500", ok: true},
		{title: "foreign Host", origin: local, host: "evil.example", ok: false},
		{title: "public URL, loopback Host", origin: public, host: "localhost:8500", want: "https://hub.example.org", ok: true},
		{title: "public URL, public Host", origin: public, host: "hub.example.org", want: "https://hub.example.org", ok: true},
		{title: "a port that is no number", origin: local, host: "localhost:evil", ok: false},
		{title: "a port out of range", origin: local, host: "127.0.0.1:65536", ok: false},
		{title: "canonical host and port", origin: local, host: "LOCALHOST.:08500", want: "http://localhost:8500", ok: true},
		{title: "IPv6 without brackets", origin: local, host: "::1", want: "http://[::1]", ok: true},
		{title: "IPv4 in IPv6", origin: local, host: "[::ffff:127.0.0.1]:8500", want: "http://127.0.0.1:8500", ok: true},
	} {
		r := httptest.NewRequest("GET", "/feed.atom", nil)
		r.Host = tc.host
		got, ok := tc.origin.Base(r)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: Base = %q, %v; want %q, %v", tc.title, got, ok, tc.want, tc.ok)
		}
	}
}
