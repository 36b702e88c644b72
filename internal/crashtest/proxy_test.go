package crashtest

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// cutMode is how a proxy cuts the line.
type cutMode int

const (
	// refuse closes every live connection and closes new ones at once:
	// the peer learns quickly that the other side is gone.
	refuse cutMode = iota + 1
	// blackhole keeps every connection open but forwards nothing, and
	// accepts new connections without ever answering: a silent
	// partition, found only by timeouts.
	blackhole
)

func (m cutMode) String() string {
	if m == refuse {
		return "refuse"
	}
	return "black-hole"
}

// proxy is a TCP proxy on loopback between cities and their hub, which a
// test cuts and heals.
type proxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	mode  cutMode // 0 while the line is up
	links map[*link]bool
	held  []net.Conn // accepted during a black-hole cut
}

// link is one proxied connection.
type link struct {
	client, upstream net.Conn
	dropping         atomic.Bool // black-holed: read and discard
}

func (l *link) close() {
	l.client.Close()
	l.upstream.Close()
}

// newProxy listens on a free loopback port and forwards to target.
func newProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: target, links: map[*link]bool{}}
	go p.serve()
	t.Cleanup(func() {
		ln.Close()
		p.heal()
	})
	return p
}

// addr is where the proxy listens.
func (p *proxy) addr() string { return p.ln.Addr().String() }

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		mode := p.mode
		if mode == blackhole {
			p.held = append(p.held, c)
		}
		p.mu.Unlock()
		switch mode {
		case refuse:
			c.Close()
		case blackhole:
			go io.Copy(io.Discard, c) // keep reading so the client's writes succeed
		default:
			go p.forward(c)
		}
	}
}

func (p *proxy) forward(c net.Conn) {
	up, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		c.Close()
		return
	}
	l := &link{client: c, upstream: up}
	p.mu.Lock()
	if p.mode != 0 { // cut while dialling
		p.mu.Unlock()
		l.close()
		return
	}
	p.links[l] = true
	p.mu.Unlock()
	done := make(chan struct{}, 2)
	go func() { p.pipe(l, up, c); done <- struct{}{} }()
	go func() { p.pipe(l, c, up); done <- struct{}{} }()
	<-done
	l.close()
	<-done
	p.mu.Lock()
	delete(p.links, l)
	p.mu.Unlock()
}

// pipe copies src to dst until either fails; a black-holed link keeps
// reading and drops what it reads.
func (p *proxy) pipe(l *link, dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && !l.dropping.Load() {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// cut takes the line down in the given mode and returns how many live
// connections it cut.
func (p *proxy) cut(mode cutMode) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mode = mode
	n := len(p.links)
	for l := range p.links {
		if mode == refuse {
			l.close()
		} else {
			l.dropping.Store(true)
		}
	}
	return n
}

// heal brings the line back. Connections black-holed during the cut are
// closed, as a peer's TCP stack would give up on them eventually.
func (p *proxy) heal() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mode = 0
	for l := range p.links {
		if l.dropping.Load() {
			l.close()
		}
	}
	for _, c := range p.held {
		c.Close()
	}
	p.held = nil
}
