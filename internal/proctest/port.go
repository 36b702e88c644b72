package proctest

import (
	"net"
	"testing"
)

// FreePort returns a loopback address no one listens on now. A daemon
// restarted after kill -9 must get the same address, and a hub's embedded
// NATS server takes port 0 for its default port, so such tests pass fixed
// ports rather than :0.
func FreePort(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
