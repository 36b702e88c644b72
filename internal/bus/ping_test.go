package bus

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hcnet/hcnet/internal/poll"
)

// silentServer speaks just enough of the NATS protocol to be connected
// to, until hush: then it answers nothing and takes no new connections,
// keeping the open ones, as a server behind a network cut does.
type silentServer struct {
	ln     net.Listener
	silent atomic.Bool
}

func startSilentServer(tb testing.TB) *silentServer {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &silentServer{ln: ln}
	tb.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			tb.Cleanup(func() { c.Close() })
			go s.serve(c)
		}
	}()
	return s
}

func (s *silentServer) serve(c net.Conn) {
	fmt.Fprintf(c, "INFO {\"server_id\":\"silent\",\"version\":\"2.10.0\",\"proto\":1,\"max_payload\":1048576,\"host\":\"127.0.0.1\",\"port\":%d}\r\n", s.ln.Addr().(*net.TCPAddr).Port)
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		if strings.HasPrefix(line, "PING") && !s.silent.Load() {
			fmt.Fprint(c, "PONG\r\n")
		}
	}
}

// hush stops answering and accepting.
func (s *silentServer) hush() {
	s.silent.Store(true)
	s.ln.Close()
}

// TestPingNoticesASilentServer: with PingInterval, a server that stops
// answering without closing the connection is noticed within a few
// intervals, and the connection no longer counts as connected.
func TestPingNoticesASilentServer(t *testing.T) {
	s := startSilentServer(t)
	nc, err := Connect(Options{URL: "nats://" + s.ln.Addr().String(), Name: "ping test", PingInterval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if !nc.IsConnected() {
		t.Fatal("not connected to the answering server")
	}
	s.hush()
	poll.Until(t, "the connection to a server that stopped answering dropped", func() bool { return !nc.IsConnected() })
}
