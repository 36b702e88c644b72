package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// hostGet fetches path from the server at addr naming host in the Host
// header, as a client that resolved another name to this server would.
func hostGet(t *testing.T, addr, host, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "http://"+addr+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestFeedLinksNeverFollowTheHostHeader: the Atom feed's links are
// absolute, so they must not come from a Host header anyone can send (a
// cache in front would hand the forged links to every reader). Without
// --public-url the pages answer only to the address they listen on and
// loopback names, and refuse others with 421; with it the links use the
// public URL whatever the Host said.
func TestFeedLinksNeverFollowTheHostHeader(t *testing.T) {
	nw := startNetwork(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	const feed = FeedPath + "?sdg=3"
	entry := "/records/se/malmo/" + nw.practice

	ui, err := Start("127.0.0.1:0", "", nil, "", nw.hub.Hub, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ui.Shutdown(context.Background()) })
	for _, host := range []string{"evil.example", "evil.example:" + strings.Split(ui.Addr(), ":")[1], "10.1.2.3", "127.0.0.1.evil.example", "localhost.evil.example",
		"localhost:evil.example", "localhost:evil", "127.0.0.1:0", "[::1]:65536"} {
		for _, path := range []string{feed, "/", "/search?q=walking"} {
			code, body := hostGet(t, ui.Addr(), host, path)
			if code != http.StatusMisdirectedRequest || strings.Contains(body, "evil.example") {
				t.Errorf("Host %q, %s: %d, want 421 without the host in it\n%.300s", host, path, code, body)
			}
		}
	}
	for _, host := range []string{ui.Addr(), "localhost:8500", "127.0.0.1", "[::1]:8500"} {
		code, body := hostGet(t, ui.Addr(), host, feed)
		if want := `href="http://` + host + entry + `"`; code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("Host %q: %d, want 200 with %s\n%.600s", host, code, want, body)
		}
	}

	// Links name the host and port as the server reads them, not as sent.
	for host, base := range map[string]string{"LOCALHOST.:08500": "http://localhost:8500", "[::ffff:127.0.0.1]:8500": "http://127.0.0.1:8500"} {
		code, body := hostGet(t, ui.Addr(), host, feed)
		if want := `href="` + base + entry + `"`; code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("Host %q: %d, want 200 with %s\n%.600s", host, code, want, body)
		}
	}

	pub, err := Start("127.0.0.1:0", "https://hub.example.org", nil, "", nw.hub.Hub, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pub.Shutdown(context.Background()) })
	for _, host := range []string{"hub.example.org", "HUB.example.org:443", pub.Addr(), "localhost"} {
		code, body := hostGet(t, pub.Addr(), host, feed)
		for _, want := range []string{`href="https://hub.example.org` + entry + `"`, `href="https://hub.example.org` + FeedPath + `?sdg=3" rel="self"`} {
			if code != http.StatusOK || !strings.Contains(body, want) {
				t.Errorf("public URL, Host %q: %d, want 200 with %s\n%.600s", host, code, want, body)
			}
		}
	}
	if code, _ := hostGet(t, pub.Addr(), "evil.example", feed); code != http.StatusMisdirectedRequest {
		t.Errorf("public URL, Host evil.example: %d, want 421", code)
	}
}
