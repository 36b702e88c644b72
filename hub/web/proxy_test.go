package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/hcnet/hcnet/internal/webui"
)

// forwardedGet fetches path from addr naming host, with X-Forwarded-*
// headers given in pairs.
func forwardedGet(t *testing.T, addr, host, path string, header ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "http://"+addr+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestFeedLinksBelieveOnlyTrustedProxies: without --public-url the feed's
// links follow the scheme and host the client used; X-Forwarded-Proto and
// X-Forwarded-Host say what those were only when a proxy named in
// --trusted-proxies sent them. From any other address they are ignored,
// so nobody can make the feed (and a cache in front) link to https where
// there is none or to another host. A forwarded host the server does not
// answer to is refused like a Host would be.
func TestFeedLinksBelieveOnlyTrustedProxies(t *testing.T) {
	nw := startNetwork(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	const feed = FeedPath + "?sdg=3"
	entry := "/records/se/malmo/" + nw.practice
	start := func(proxies string) *webui.Server {
		ps, err := webui.ParseTrustedProxies(proxies)
		if err != nil {
			t.Fatal(err)
		}
		ui, err := Start("127.0.0.1:0", "", ps, "", nw.hub.Hub, log)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ui.Shutdown(context.Background()) })
		return ui
	}

	untrusted := start("192.0.2.0/24,2001:db8::/32")
	code, body := forwardedGet(t, untrusted.Addr(), "localhost:8500", feed, "X-Forwarded-Proto", "https", "X-Forwarded-Host", "127.0.0.1:443")
	if want := `href="http://localhost:8500` + entry + `"`; code != http.StatusOK || !strings.Contains(body, want) {
		t.Errorf("X-Forwarded-* from an untrusted address: %d, want 200 with %s\n%.600s", code, want, body)
	}

	trusted := start("127.0.0.1/32")
	code, body = forwardedGet(t, trusted.Addr(), trusted.Addr(), feed, "X-Forwarded-Proto", "https", "X-Forwarded-Host", "localhost:8443")
	if want := `href="https://localhost:8443` + entry + `"`; code != http.StatusOK || !strings.Contains(body, want) {
		t.Errorf("X-Forwarded-* from a trusted proxy: %d, want 200 with %s\n%.600s", code, want, body)
	}
	if code, _ := forwardedGet(t, trusted.Addr(), trusted.Addr(), feed, "X-Forwarded-Host", "evil.example"); code != http.StatusMisdirectedRequest {
		t.Errorf("a trusted proxy forwarding a host this server does not answer to: %d, want 421", code)
	}
}
